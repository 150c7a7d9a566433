/** Registered suites, run in this order. */
import type { Suite } from './types';
import { viewerLoadSuite } from './viewerLoad';

export const suites: readonly Suite[] = [viewerLoadSuite];
