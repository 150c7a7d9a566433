/**
 * Lesion MR ROI: an ellipse on a lesion's MR signal, for its T1 / T2 call against muscle. In the
 * inventory a `signalRoi` of role lesion; in the SR a lesion group (Finding: Lesion, tracked by
 * the lesion id) with the signal statistics and, when the inventory used it, the ratio and call.
 */

import { LESION_FINDING } from '../../../sr/rules/srCodes';
import { ellipseHandles, type ToolMapping } from './toolMapping';

export const lesionSignalRoiMapping: ToolMapping<'EmhLesionSignalRoi', { kind: 'signalRoi'; role: 'lesion' }> = {
  toolName: 'EmhLesionSignalRoi',
  command: 'lesionSignal',
  modality: 'MR',
  shape: 'ellipse',
  measuresLesion: true,
  record: { kind: 'signalRoi', role: 'lesion' },
  toRecord: ({ base, stats }) => (stats ? { ...base, kind: 'signalRoi', role: 'lesion', stats } : null),
  handlesFromReport: ellipseHandles,
  sr: { finding: LESION_FINDING, site: null, measures: 'signal', trackingLabel: null },
};
