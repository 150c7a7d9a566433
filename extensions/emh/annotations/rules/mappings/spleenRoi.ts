/**
 * Spleen ROI: an ellipse of spleen HU on CT, beside the liver's. In the inventory a `huRoi` of
 * organ spleen; in the SR a group with Finding Site: Spleen and no finding, tracked as
 * "Spleen ROI 1".
 */

import { SPLEEN_SITE } from '../../../sr/rules/srCodes';
import { ellipseHandles, type ToolMapping } from './toolMapping';

export const spleenRoiMapping: ToolMapping<'EmhSpleenRoi', { kind: 'huRoi'; organ: 'spleen' }> = {
  toolName: 'EmhSpleenRoi',
  command: 'spleen',
  modality: 'CT',
  shape: 'ellipse',
  measuresLesion: false,
  record: { kind: 'huRoi', organ: 'spleen' },
  toRecord: ({ base, stats }) => (stats ? { ...base, kind: 'huRoi', organ: 'spleen', stats } : null),
  handlesFromReport: ellipseHandles,
  sr: { finding: null, site: SPLEEN_SITE, measures: 'attenuation', trackingLabel: () => 'Spleen ROI' },
};
