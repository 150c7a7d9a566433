/** Registered suites, run in this order. */
import type { Suite } from './types';
import { emhToolsSuite } from './emhTools';
import { exportsSuite } from './exports';
import { followUpSuite } from './followUp';
import { ironSuite } from './iron';
import { mprSuite } from './mpr';
import { ohifPluginSuite } from './ohifPlugin';
import { pacsLoadSuite } from './pacsLoad';
import { thinSliceSuite } from './thinSlice';
import { viewerLoadSuite } from './viewerLoad';

export const suites: readonly Suite[] = [
  viewerLoadSuite,
  emhToolsSuite,
  exportsSuite,
  pacsLoadSuite,
  followUpSuite,
  ironSuite,
  mprSuite,
  thinSliceSuite,
  ohifPluginSuite,
];
