/**
 * TID 1411 Volumetric ROI Measurements groups read back (docs/exports.md#sr-lesion-volume): the
 * lesion they track, the SEG segment they cite, the series it was drawn on, the volume in mL and
 * the mean of its voxels. The segment itself is in the SEG; the import binds it to the lesion when
 * that SEG is loaded, before or after the report.
 */

import { describeNode, type SrNode } from './srDicom';
import { CODES, MEASUREMENTS, UNITS, sameCode, weightingOfSignalConcept } from './srCodes';
import { SEGMENTATION_STORAGE_UID, VOLUME_CODES } from './srVolumeWrite';

export interface ReadLesionVolume {
  /** The Tracking Identifier: the lesion's id in an EMH report. */
  readonly trackingIdentifier: string | null;
  readonly trackingUid: string | null;
  /** The SEG and the segment in it; null when the group cites none. */
  readonly seg: { readonly sopInstanceUID: string; readonly segmentNumber: number } | null;
  readonly sourceSeriesInstanceUID: string | null;
  /** mL; null when the group gives no volume in a unit of volume. */
  readonly volumeMl: number | null;
  /** The mean of the voxels: HU on CT, MR signal on MR; null when not given. */
  readonly mean: number | null;
  readonly meanUnit: 'HU' | 'signal' | null;
}

/** mL per unit of the UCUM volume units a report may use. */
const ML_PER_UNIT: Readonly<Record<string, number>> = { ml: 1, mL: 1, cm3: 1, mm3: 0.001, l: 1000, L: 1000 };

/** Whether a measurement group is a TID 1411 volumetric group (it cites a segment or a source series for one). */
export function isVolumeGroup(node: SrNode): boolean {
  return node.children.some(
    (c) => sameCode(c.concept, VOLUME_CODES.referencedSegment) || sameCode(c.concept, VOLUME_CODES.sourceSeriesForSegmentation),
  );
}

const UNDERSTOOD = [CODES.trackingIdentifier, CODES.trackingUID, CODES.finding, CODES.findingSite];

/** One TID 1411 group; what cannot be mapped goes to `notUnderstood`, never dropped silently. */
export function readVolumeGroup(node: SrNode, notUnderstood: string[]): ReadLesionVolume {
  const child = (concept: (typeof VOLUME_CODES)[keyof typeof VOLUME_CODES]) => node.children.find((c) => sameCode(c.concept, concept));
  const trackingIdentifier = node.children.find((c) => sameCode(c.concept, CODES.trackingIdentifier))?.text ?? null;
  const label = `Volume group ${node.path}${trackingIdentifier ? ` "${trackingIdentifier}"` : ''}`;
  const segmentItem = child(VOLUME_CODES.referencedSegment);
  const image = segmentItem?.image ?? null;
  const segmentNumber = image?.segments?.[0];
  let seg: ReadLesionVolume['seg'] = null;
  if (image && segmentNumber !== undefined && image.sopInstanceUID) {
    seg = { sopInstanceUID: image.sopInstanceUID, segmentNumber };
    if (image.sopClassUID && image.sopClassUID !== SEGMENTATION_STORAGE_UID)
      notUnderstood.push(`${label}: the referenced segment is in a ${image.sopClassUID} object, not a DICOM Segmentation`);
  } else if (segmentItem) {
    notUnderstood.push(`${label}: the referenced segment names no SEG instance and segment number`);
  }
  const volumeItem = child(VOLUME_CODES.volume);
  const perUnit = volumeItem?.num?.unit?.scheme === 'UCUM' ? ML_PER_UNIT[volumeItem.num.unit.value] : undefined;
  if (volumeItem && perUnit === undefined) notUnderstood.push(`${label}: ${describeNode(volumeItem)} not in a unit of volume`);
  const volumeMl = volumeItem?.num && perUnit !== undefined ? volumeItem.num.value * perUnit : null;
  // The mean: attenuation (HU) or an MR signal with derivation Mean.
  const isMean = (c: SrNode) =>
    c.valueType === 'NUM' &&
    (sameCode(c.concept, MEASUREMENTS.attenuation) || (c.concept !== null && weightingOfSignalConcept(c.concept) !== null)) &&
    c.children.some((m) => sameCode(m.concept, MEASUREMENTS.derivation) && sameCode(m.code, MEASUREMENTS.mean));
  const meanItem = node.children.find(isMean);
  const meanUnit = meanItem ? (sameCode(meanItem.num?.unit, UNITS.hu) ? 'HU' : 'signal') : null;
  const known = new Set<SrNode>(
    [segmentItem, volumeItem, meanItem, child(VOLUME_CODES.sourceSeriesForSegmentation)].filter((n) => n !== undefined),
  );
  for (const c of node.children) {
    if (!known.has(c) && !UNDERSTOOD.some((concept) => sameCode(c.concept, concept)) && c.relationship !== 'HAS OBS CONTEXT')
      notUnderstood.push(`${label}: ${describeNode(c)} not understood`);
  }
  return {
    trackingIdentifier,
    trackingUid: node.children.find((c) => sameCode(c.concept, CODES.trackingUID))?.uid ?? null,
    seg,
    sourceSeriesInstanceUID: child(VOLUME_CODES.sourceSeriesForSegmentation)?.uid ?? null,
    volumeMl,
    mean: meanItem?.num?.value ?? null,
    meanUnit,
  };
}
