/**
 * Muscle reference ROI: an ellipse on MR skeletal muscle, the reference of the lesions' T1 / T2
 * signal ratios. In the inventory a `signalRoi` of role muscle; in the SR a group with Finding:
 * Reference Region and Finding Site: Skeletal muscle, tracked as "Muscle ref T1 1".
 */

import { REFERENCE_REGION, SKELETAL_MUSCLE } from '../../../sr/rules/srCodes';
import { ellipseHandles, type ToolMapping } from './toolMapping';

export const muscleRoiMapping: ToolMapping<'EmhMuscleRoi', { kind: 'signalRoi'; role: 'muscle' }> = {
  toolName: 'EmhMuscleRoi',
  command: 'muscle',
  modality: 'MR',
  shape: 'ellipse',
  measuresLesion: false,
  record: { kind: 'signalRoi', role: 'muscle' },
  toRecord: ({ base, stats }) => (stats ? { ...base, kind: 'signalRoi', role: 'muscle', stats } : null),
  handlesFromReport: ellipseHandles,
  sr: { finding: REFERENCE_REGION, site: SKELETAL_MUSCLE, measures: 'signal', trackingLabel: (weighting) => `Muscle ref ${weighting}` },
};
