/**
 * Lesion HU ROI: an ellipse of a lesion's attenuation on CT. In the inventory a `huRoi` of organ
 * lesion; in the SR a lesion group (Finding: Lesion, tracked by the lesion id) with the HU
 * statistics.
 */

import { LESION_FINDING } from '../../../sr/rules/srCodes';
import { ellipseHandles, type ToolMapping } from './toolMapping';

export const lesionHuRoiMapping: ToolMapping<'EmhLesionHuRoi', { kind: 'huRoi'; organ: 'lesion' }> = {
  toolName: 'EmhLesionHuRoi',
  command: 'lesionHu',
  modality: 'CT',
  shape: 'ellipse',
  measuresLesion: true,
  record: { kind: 'huRoi', organ: 'lesion' },
  toRecord: ({ base, stats }) => (stats ? { ...base, kind: 'huRoi', organ: 'lesion', stats } : null),
  handlesFromReport: ellipseHandles,
  sr: { finding: LESION_FINDING, site: null, measures: 'attenuation', trackingLabel: null },
};
