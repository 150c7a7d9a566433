/**
 * The follow-up time point of the sample case: the same patient six months later, a plain CT
 * (2024-09-10) and T1 / T2 MR (2024-09-12), written to output-followup/ (served as
 * sample-followup/).
 *
 * The table shift. The body is the baseline phantom: "body coordinates" are the baseline
 * patient coordinates. On the follow-up table the patient lies 37.5 mm further towards the head
 * end of the patient axis and 6 mm further back, so the same anatomy has
 *
 *   follow-up patient (x, y, z) = baseline patient (x, y, z) + (0, 6, 37.5)   (TABLE_SHIFT_MM)
 *
 * while the scanner writes the same grid as at baseline: ImagePositionPatient of follow-up
 * InstanceNumber k equals that of baseline InstanceNumber k (z = 150 - 5 (k - 1), x = y = -192).
 * Hence a body point seen at baseline pixel [c, r] on slice s appears on the follow-up at pixel
 * [c, r + 4] at slice position s - 7.5: follow-up instance k shows the anatomy of baseline slice
 * k + 7.5, half a slice off the baseline grid, so matching must go by position, not by index.
 * The anatomy never moves inside the body; a lesion that persists keeps its in-plane body place
 * and its centre moves by half a slice (2.5 mm, caudally) onto the follow-up grid.
 */
import { ANATOMIC_TISSUES, ANATOMIC_VALUES, labelOf, type Contrast } from './tissues';
import { buildDataset } from './dataset';
import type { NaturalDataset } from './dicomWriter';
import { COLUMNS, ROWS, SLICE_COUNT, SLICE_SPACING_MM, PIXEL_SPACING_MM } from './geometry';
import { ellipsoidScale } from './anatomy';
import { LESIONS, lesionSemiAxesPx, type Lesion, type LesionId } from './lesions';
import { pixelModelFor } from './noise';
import { ellipseIsAll, labelSlice, pixelsInEllipse, renderPixels, type LabelMap } from './phantom';
import { createRng } from './random';
import {
  LESION_MARGIN_PX,
  LIVER_ROIS,
  MIN_ROI_PIXELS,
  SPLEEN_ROI,
  circleFits,
  lesionRoiPixelCount,
  lesionRoiRadii,
  lesionSlices,
  muscleRois,
  toIndices,
  type CircleRoi,
} from './regions';
import { STUDIES, fileNameOf, seriesByKey, type SeriesDefinition, type SeriesKey, type Study } from './series';
import { uidFor } from './uids';

export const FOLLOW_UP_FOLDER_SUFFIX = '-followup';
/** [dx, dy, dz] in mm: follow-up patient position of an anatomic point minus its baseline one. */
export const TABLE_SHIFT_MM: readonly [number, number, number] = [0, 6, 37.5];
/** The shift in the follow-up image: rows down (y grows posteriorly), slices towards instance 1. */
export const SHIFT_ROWS = TABLE_SHIFT_MM[1] / PIXEL_SPACING_MM;
export const SHIFT_SLICES = TABLE_SHIFT_MM[2] / SLICE_SPACING_MM;
/** The patient's age on the follow-up dates (born 1989-06-17). */
export const FOLLOW_UP_PATIENT_AGE = '035Y';
export const FOLLOW_UP_LIVER_CT_HU = 88;

/** Baseline slice (fractional) whose anatomy follow-up instance k shows. */
export function bodySliceOf(followUpInstance: number): number {
  return followUpInstance + SHIFT_SLICES;
}

export const FOLLOW_UP_STUDIES: Record<Study['key'], Study> = {
  ct: {
    ...STUDIES.ct,
    uid: uidFor('followup/study/ct'),
    frameOfReferenceUid: uidFor('followup/frame-of-reference/ct'),
    date: '20240910',
    time: '091500',
    accessionNumber: 'ACC-EMH-0005',
    studyId: '2001',
  },
  mr: {
    ...STUDIES.mr,
    uid: uidFor('followup/study/mr'),
    frameOfReferenceUid: uidFor('followup/frame-of-reference/mr'),
    date: '20240912',
    time: '103000',
    accessionNumber: 'ACC-EMH-0006',
    studyId: '2002',
  },
};

export type FollowUpSeriesKey = Extract<SeriesKey, 'ct-nc' | 'mr-t1' | 'mr-t2'>;

function followUpSeries(key: FollowUpSeriesKey, time: string): SeriesDefinition {
  const baseline = seriesByKey(key);
  return { ...baseline, study: FOLLOW_UP_STUDIES[baseline.study.key], uid: uidFor(`followup/series/${key}`), time };
}

// The portal venous phase was not repeated: follow-up of EMH needs no contrast.
export const FOLLOW_UP_SERIES: readonly SeriesDefinition[] = [
  followUpSeries('ct-nc', '092012'),
  followUpSeries('mr-t1', '103512'),
  followUpSeries('mr-t2', '104230'),
];

export type FollowUpLesionId = LesionId | 'L6';

/** A lesion as the follow-up shows it; `slice`, `center` are follow-up instance and pixel. */
export interface FollowUpLesion extends Omit<Lesion, 'id' | 'pvHU'> {
  id: FollowUpLesionId;
  status: 'measured' | 'new';
}

function baselineLesion(id: LesionId): Lesion {
  const found = LESIONS.find((lesion) => lesion.id === id);
  if (found === undefined) throw new Error(`no baseline lesion ${id}`);
  return found;
}

type Changes = Pick<FollowUpLesion, 'longAxisCm' | 'shortAxisCm' | 'zHalfExtentMm'> & Partial<Pick<FollowUpLesion, 't1Ratio' | 't2Ratio'>>;

/**
 * A baseline lesion at follow-up: the same body place in-plane (4 rows lower in the image), its
 * centre on follow-up slice s - 7, i.e. baseline slice s + 0.5.
 */
function persisting(id: LesionId, changes: Changes): FollowUpLesion {
  const { pvHU: _notRepeated, ...baseline } = baselineLesion(id);
  return {
    ...baseline,
    ...changes,
    status: 'measured',
    slice: baseline.slice - Math.floor(SHIFT_SLICES),
    center: [baseline.center[0], baseline.center[1] + SHIFT_ROWS],
  };
}

// Long axes chosen as whole or third pixels (7.5 cm = 50 px) so end points are exact to 1e-4 px.
export const FOLLOW_UP_LESIONS: readonly FollowUpLesion[] = [
  // Smaller and now fat-containing (T1 hyperintense): fatty involution of inactive EMH.
  persisting('L1', { longAxisCm: 3.0, shortAxisCm: 2.0, zHalfExtentMm: 12.5, t1Ratio: 1.6, t2Ratio: 1.2 }),
  persisting('L2', { longAxisCm: 3.6, shortAxisCm: 2.4, zHalfExtentMm: 14 }),
  persisting('L4', { longAxisCm: 7.5, shortAxisCm: 4.0, zHalfExtentMm: 16.5 }),
  persisting('L5', { longAxisCm: 2.6, shortAxisCm: 2.3, zHalfExtentMm: 11 }),
  {
    // Mirror of L3's level on the right, in paravertebral fat where the baseline shows nothing.
    id: 'L6',
    status: 'new',
    site: 'paraspinal-lumbar',
    laterality: 'right',
    longAxisCm: 2.4,
    shortAxisCm: 1.6,
    longAxisDirection: 'row',
    ctHU: 48,
    t1Ratio: 1.0,
    t2Ratio: 0.6,
    slice: 35,
    center: [91, 172],
    zHalfExtentMm: 9,
    host: 'fat',
  },
];

/** Anatomic labels keep their baseline indices; follow-up lesions follow them. */
function lesionLabel(index: number): number {
  return ANATOMIC_TISSUES.length + index;
}

type RenderedContrast = Exclude<Contrast, 'ctPv'>;

/** Tissue value per label index at follow-up: the liver's CT value fell to 88 HU. */
function valueTable(contrast: RenderedContrast): Float64Array {
  const anatomic = ANATOMIC_TISSUES.map((tissue) =>
    tissue === 'liver' && contrast === 'ctNc' ? FOLLOW_UP_LIVER_CT_HU : ANATOMIC_VALUES[tissue][contrast],
  );
  const lesions = FOLLOW_UP_LESIONS.map((lesion) => followUpLesionValues(lesion)[contrast]);
  return Float64Array.from([...anatomic, ...lesions]);
}

/** Lesion MR signal as its ratio to muscle (docs/signal.md#the-ratio), as at baseline. */
export function followUpLesionValues(lesion: FollowUpLesion): Record<RenderedContrast, number> {
  const muscle = ANATOMIC_VALUES.muscle;
  return { ctNc: lesion.ctHU, t1: Math.round(lesion.t1Ratio * muscle.t1), t2: Math.round(lesion.t2Ratio * muscle.t2) };
}

/** A baseline-frame ROI moved with the anatomy (4 rows down). */
export function shiftedRoi(roi: CircleRoi): CircleRoi {
  return { ...roi, center: [roi.center[0], roi.center[1] + SHIFT_ROWS] };
}

export const FOLLOW_UP_LIVER_ROIS = LIVER_ROIS.map(shiftedRoi);
export const FOLLOW_UP_SPLEEN_ROI = shiftedRoi(SPLEEN_ROI);

/** The paraspinal muscle references of the anatomy follow-up instance k shows. */
export function followUpMuscleRois(instance: number): { right: CircleRoi; left: CircleRoi } {
  const { right, left } = muscleRois(bodySliceOf(instance));
  return { right: shiftedRoi(right), left: shiftedRoi(left) };
}

/** The baseline body, lesion-free, as the follow-up grid sees it: a half-slice and 4 rows over. */
function anatomyLabels(instance: number): LabelMap {
  const body = labelSlice(bodySliceOf(instance), false);
  const labels = new Uint8Array(ROWS * COLUMNS).fill(labelOf('air'));
  labels.set(body.subarray(0, (ROWS - SHIFT_ROWS) * COLUMNS), SHIFT_ROWS * COLUMNS);
  return labels;
}

function paintLesions(labels: LabelMap, instance: number): LabelMap {
  const painted = Uint8Array.from(labels);
  FOLLOW_UP_LESIONS.forEach((lesion, index) => {
    const scale = ellipsoidScale(instance, lesion.slice, lesion.zHalfExtentMm);
    if (scale === 0) return;
    const [rx, ry] = lesionSemiAxesPx(lesion);
    for (const [column, row] of pixelsInEllipse(lesion.center[0], lesion.center[1], rx * scale, ry * scale)) {
      painted[row * COLUMNS + column] = lesionLabel(index);
    }
  });
  return painted;
}

/** Label maps of the follow-up, computed once per instance and shared by its three series. */
export function followUpLabelCache(): (instance: number, withLesions?: boolean) => LabelMap {
  const cache = new Map<string, LabelMap>();
  return (instance, withLesions = true) => {
    const key = `${instance}/${withLesions}`;
    let labels = cache.get(key);
    if (labels === undefined) {
      labels = withLesions ? paintLesions(anatomyLabels(instance), instance) : anatomyLabels(instance);
      cache.set(key, labels);
    }
    return labels;
  };
}

/**
 * Throws unless each follow-up lesion sits in its host with a clear margin on all its slices,
 * its ROI is at least 1 cm2, its muscle references fit, and the new lesion's body place is
 * empty at baseline too (so it is new, not a missed old one).
 */
export function assertFollowUpPlacement(labelsFor: (instance: number, withLesions?: boolean) => LabelMap): void {
  const problems: string[] = [];
  for (const lesion of FOLLOW_UP_LESIONS) {
    const [rx, ry] = lesionSemiAxesPx(lesion);
    for (const instance of lesionSlices(lesion)) {
      const scale = ellipsoidScale(instance, lesion.slice, lesion.zHalfExtentMm);
      const [cx, cy] = lesion.center;
      const margin = LESION_MARGIN_PX;
      if (!ellipseIsAll(labelsFor(instance, false), cx, cy, rx * scale + margin, ry * scale + margin, [labelOf(lesion.host)])) {
        problems.push(`${lesion.id} touches another structure on follow-up slice ${instance}`);
      }
      const muscles = followUpMuscleRois(instance);
      for (const roi of [muscles.right, muscles.left]) {
        if (!circleFits(labelsFor(instance), roi, 'muscle')) problems.push(`${roi.name} does not fit on follow-up slice ${instance}`);
      }
    }
    if (lesionRoiPixelCount(lesion) < MIN_ROI_PIXELS) problems.push(`${lesion.id} ROI under 1 cm2`);
    if (lesion.status === 'new') {
      const body = labelSlice(bodySliceOf(lesion.slice), true);
      const [cx, cy] = [lesion.center[0], lesion.center[1] - SHIFT_ROWS];
      if (!ellipseIsAll(body, cx, cy, rx + 1, ry + 1, [labelOf(lesion.host)])) problems.push(`${lesion.id} overlaps baseline anatomy`);
    }
  }
  if (problems.length > 0) throw new Error(`follow-up placement is broken:\n${problems.join('\n')}`);
}

/** Published follow-up ROIs lying in one tissue on this instance: their noise is made mean-free. */
function followUpRegions(instance: number, labels: LabelMap): Int32Array[] {
  const regions: Int32Array[] = [];
  for (const lesion of FOLLOW_UP_LESIONS) {
    if (lesion.slice !== instance) continue;
    const [rx, ry] = lesionRoiRadii(lesion);
    regions.push(toIndices(pixelsInEllipse(lesion.center[0], lesion.center[1], rx, ry)));
  }
  const muscles = followUpMuscleRois(instance);
  for (const roi of [...FOLLOW_UP_LIVER_ROIS, FOLLOW_UP_SPLEEN_ROI, muscles.right, muscles.left]) {
    const indices = toIndices(pixelsInEllipse(roi.center[0], roi.center[1], roi.radiusPx, roi.radiusPx));
    const label = labels[indices[0]];
    if (indices.every((index) => labels[index] === label)) regions.push(indices);
  }
  return regions;
}

export interface FollowUpImage {
  readonly relative: string;
  readonly dataset: NaturalDataset;
  readonly pixels: Uint16Array;
}

export function followUpDataset(series: SeriesDefinition, instance: number): NaturalDataset {
  return {
    // Same grid as at baseline: ImagePositionPatient of instance k is the baseline one.
    ...buildDataset(series, instance, instance),
    SOPInstanceUID: uidFor(`followup/instance/${series.key}/${instance}`),
    PatientAge: FOLLOW_UP_PATIENT_AGE,
  };
}

/** Every follow-up image, CT first; seeds differ from the baseline's. */
export function* followUpImages(labelsFor: (instance: number) => LabelMap): Generator<FollowUpImage> {
  for (const series of FOLLOW_UP_SERIES) {
    const model = { ...pixelModelFor(series), values: valueTable(series.contrast as RenderedContrast) };
    for (let instance = 1; instance <= SLICE_COUNT; instance += 1) {
      const labels = labelsFor(instance);
      const rng = createRng(`emh-sample-followup/${series.key}/${instance}`);
      const pixels = renderPixels(labels, model, rng, followUpRegions(instance, labels));
      yield { relative: `${series.key}/${fileNameOf(instance)}`, dataset: followUpDataset(series, instance), pixels };
    }
  }
}
