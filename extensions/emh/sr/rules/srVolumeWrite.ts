/**
 * A lesion's volume in the TID 1500 report: one TID 1411 Volumetric ROI Measurements group per
 * lesion with a segment, beside the lesion's TID 1501 groups (docs/exports.md#sr-lesion-volume).
 * It tracks the same lesion (Tracking Identifier and Tracking Unique Identifier as its other
 * groups), says the same finding and site, points at the segment in the DICOM SEG written beside
 * the report (Referenced Segment) and the series it was drawn on, and gives the volume in mL and
 * the mean of the voxels (HU on CT, MR signal on MR).
 */

import type { LesionExport } from '../../inventory/rules/inventoryTypes';
import type { CodedConcept } from '../../lesions/rules/sites';
import type { Weighting } from '../../signal/rules/seriesWeighting';
import { codeItem, codeSequence, container, exactNumItem, uidItem, type ContentItem } from './srContent';
import { CODES, LESION_FINDING, MEASUREMENTS, UNITS, code, signalConcept } from './srCodes';
import { lesionSiteItems, trackingItems } from './srGroups';
import type { PlacedImage } from './srHeader';
import { annotationTrackingUid, nameUid } from './srUids';

/** Concepts of TID 1411 and its measurements (PS3.16; SCT 118565006 is the SRT G-D705 of older reports). */
export const VOLUME_CODES = {
  referencedSegment: code('121191', 'DCM', 'Referenced Segment'),
  sourceSeriesForSegmentation: code('121232', 'DCM', 'Source series for segmentation'),
  volume: code('118565006', 'SCT', 'Volume'),
  ml: code('ml', 'UCUM', 'milliliter'),
} as const;

export const SEGMENTATION_STORAGE_UID = '1.2.840.10008.5.1.4.1.1.66.4';

/** The SEG a lesion's segment is written in, and which of its segments it is. */
export interface SegReference {
  readonly studyInstanceUID: string;
  readonly seriesInstanceUID: string;
  readonly sopInstanceUID: string;
  readonly segmentNumber: number;
}

/** What the report says of one lesion's volume. */
export interface SrLesionVolume {
  readonly seg: SegReference;
  /** The series the segment was drawn on (Source series for segmentation). */
  readonly sourceSeriesInstanceUID: string;
  readonly volumeMl: number;
  /** Mean of the voxels; null for an empty segment. */
  readonly mean: number | null;
  /** CT: the mean is HU; MR: MR signal of the series' weighting. */
  readonly modality: string;
  readonly weighting?: Weighting;
}

/** The mean's concept and unit: attenuation in HU on CT, the weighting's MR signal on MR; none otherwise. */
export function meanConcept(volume: Pick<SrLesionVolume, 'modality' | 'weighting'>): { concept: CodedConcept; unit: CodedConcept } | null {
  const modality = volume.modality.trim().toUpperCase();
  if (modality === 'CT') return { concept: MEASUREMENTS.attenuation, unit: UNITS.hu };
  if (modality === 'MR') return { concept: signalConcept(volume.weighting ?? 'unknown'), unit: UNITS.signal };
  return null;
}

/** The IMAGE item of TID 1411 row "Referenced Segment": the SEG instance and the segment's number in it. */
function referencedSegmentItem(seg: SegReference): ContentItem {
  return {
    RelationshipType: 'CONTAINS',
    ValueType: 'IMAGE',
    ConceptNameCodeSequence: codeSequence(VOLUME_CODES.referencedSegment),
    ReferencedSOPSequence: [
      {
        ReferencedSOPClassUID: SEGMENTATION_STORAGE_UID,
        ReferencedSOPInstanceUID: seg.sopInstanceUID,
        ReferencedSegmentNumber: seg.segmentNumber,
      },
    ],
  };
}

/**
 * The TID 1411 group of a lesion. `firstAnnotationUID` is the lesion's first annotation in the
 * report: a lesion without a tracking UID of its own is tracked by it, as its TID 1501 groups are.
 */
export function lesionVolumeGroup(lesion: LesionExport, firstAnnotationUID: string, volume: SrLesionVolume): ContentItem {
  const trackingUid = lesion.trackingUid || annotationTrackingUid(firstAnnotationUID);
  const items: ContentItem[] = [
    ...trackingItems(lesion.id, trackingUid),
    codeItem('CONTAINS', CODES.finding, LESION_FINDING),
    referencedSegmentItem(volume.seg),
    uidItem('CONTAINS', VOLUME_CODES.sourceSeriesForSegmentation, volume.sourceSeriesInstanceUID),
    ...lesionSiteItems(lesion),
    // Exact: the import compares it with the volume it computes again from the SEG.
    exactNumItem('CONTAINS', VOLUME_CODES.volume, volume.volumeMl, VOLUME_CODES.ml),
  ];
  const mean = meanConcept(volume);
  if (mean && volume.mean !== null) {
    items.push(
      exactNumItem('CONTAINS', mean.concept, volume.mean, mean.unit, [
        codeItem('HAS CONCEPT MOD', MEASUREMENTS.derivation, MEASUREMENTS.mean),
      ]),
    );
  }
  const observationUID = nameUid(`emh-lesion-volume:${volume.seg.sopInstanceUID}#${volume.seg.segmentNumber}`);
  return container('CONTAINS', CODES.measurementGroup, items, '1411', observationUID);
}

/** The SEGs the volume groups cite, as evidence entries of the report's header. */
export function segEvidence(volumes: Iterable<SrLesionVolume>): PlacedImage[] {
  const seen = new Map<string, PlacedImage>();
  for (const { seg } of volumes) {
    if (seen.has(seg.sopInstanceUID)) continue;
    const { studyInstanceUID, seriesInstanceUID, sopInstanceUID } = seg;
    seen.set(sopInstanceUID, {
      ref: { studyInstanceUID, seriesInstanceUID, sopInstanceUID, frame: 1, instanceNumber: null },
      facts: { sopClassUID: SEGMENTATION_STORAGE_UID, modality: 'SEG' },
      modality: 'SEG',
      reference: { sopClassUID: SEGMENTATION_STORAGE_UID, sopInstanceUID, frame: null },
    });
  }
  return [...seen.values()];
}
