/**
 * Liver ROI: an ellipse of liver HU on CT, for the liver summary. In the inventory a `huRoi` of
 * organ liver; in the SR a group with Finding Site: Liver and no finding (it is no lesion),
 * tracked as "Liver ROI 1".
 */

import { LIVER_SITE } from '../../../sr/rules/srCodes';
import { ellipseHandles, type ToolMapping } from './toolMapping';

export const liverRoiMapping: ToolMapping<'EmhLiverRoi', { kind: 'huRoi'; organ: 'liver' }> = {
  toolName: 'EmhLiverRoi',
  command: 'liver',
  modality: 'CT',
  shape: 'ellipse',
  measuresLesion: false,
  record: { kind: 'huRoi', organ: 'liver' },
  toRecord: ({ base, stats }) => (stats ? { ...base, kind: 'huRoi', organ: 'liver', stats } : null),
  handlesFromReport: ellipseHandles,
  sr: { finding: null, site: LIVER_SITE, measures: 'attenuation', trackingLabel: () => 'Liver ROI' },
};
