/**
 * truth.json `followUp`: the follow-up time point as tests need it, derived from the same
 * definitions that draw its images (followUpPhantom.ts).
 */
import { LESIONS, lesionSemiAxesPx, type Lesion, type LesionId } from './lesions';
import { patientPointMm, zOfInstance } from './geometry';
import type { LabelMap } from './phantom';
import { LESION_ROI_FRACTION, lesionRoiPixelCount, lesionRoiRadii, lesionSlices, pixelAreaMm2, slicesWhereFits } from './regions';
import { ANATOMIC_VALUES } from './tissues';
import { circleTruth, commonSlice, round, roundPoint, seriesTruthOf, signalCall } from './truth';
import {
  FOLLOW_UP_LESIONS,
  FOLLOW_UP_LIVER_CT_HU,
  FOLLOW_UP_LIVER_ROIS,
  FOLLOW_UP_PATIENT_AGE,
  FOLLOW_UP_SERIES,
  FOLLOW_UP_STUDIES,
  SHIFT_ROWS,
  SHIFT_SLICES,
  TABLE_SHIFT_MM,
  followUpLesionValues,
  followUpMuscleRois,
  type FollowUpLesion,
  type FollowUpLesionId,
} from './followUpPhantom';
import { STUDIES } from './series';
import type { FollowUpLesionTruth, FollowUpTruth, LongAxisChangeTruth, Point, ResolvedLesionTruth } from './truthTypes';

type Triple = [number, number, number];

function shifted(point: Triple): Triple {
  return [point[0] + TABLE_SHIFT_MM[0], point[1] + TABLE_SHIFT_MM[1], point[2] + TABLE_SHIFT_MM[2]];
}

function baselineLesion(id: LesionId): Lesion {
  const found = LESIONS.find((lesion) => lesion.id === id);
  if (found === undefined) throw new Error(`no baseline lesion ${id}`);
  return found;
}

function baselineCenterMapped(id: LesionId): Triple {
  const lesion = baselineLesion(id);
  return shifted(patientPointMm(lesion.center[0], lesion.center[1], lesion.slice));
}

function isBaselineId(id: FollowUpLesionId): id is LesionId {
  return LESIONS.some((lesion) => lesion.id === id);
}

function lesionTruth(lesion: FollowUpLesion): FollowUpLesionTruth {
  const [rx, ry] = lesionSemiAxesPx(lesion);
  const [c, r] = lesion.center;
  const horizontal: [Point, Point] = [roundPoint([c - rx, r]), roundPoint([c + rx, r])];
  const vertical: [Point, Point] = [roundPoint([c, r - ry]), roundPoint([c, r + ry])];
  const values = followUpLesionValues(lesion);
  const slices = lesionSlices(lesion);
  const muscles = followUpMuscleRois(lesion.slice);
  const roiPixels = lesionRoiPixelCount(lesion);
  const [roiRx, roiRy] = lesionRoiRadii(lesion);
  const baselineId = isBaselineId(lesion.id) ? lesion.id : null;
  return {
    id: lesion.id,
    status: lesion.status,
    baselineId,
    site: lesion.site,
    laterality: lesion.laterality,
    longAxisCm: lesion.longAxisCm,
    shortAxisCm: lesion.shortAxisCm,
    longAxisDirection: lesion.longAxisDirection,
    ctHU: lesion.ctHU,
    t1Ratio: lesion.t1Ratio,
    t1Call: signalCall(lesion.t1Ratio),
    t2Ratio: lesion.t2Ratio,
    t2Call: signalCall(lesion.t2Ratio),
    t1Signal: values.t1,
    t2Signal: values.t2,
    slice: lesion.slice,
    sliceRange: [slices[0], slices[slices.length - 1]],
    zMm: zOfInstance(lesion.slice),
    zHalfExtentMm: lesion.zHalfExtentMm,
    center: lesion.center,
    centerPatientMm: patientPointMm(c, r, lesion.slice),
    semiAxesPx: [round(rx), round(ry)],
    longAxis: lesion.longAxisDirection === 'row' ? horizontal : vertical,
    shortAxis: lesion.longAxisDirection === 'row' ? vertical : horizontal,
    roi: {
      center: lesion.center,
      radii: [round(roiRx), round(roiRy)],
      fractionOfLesion: LESION_ROI_FRACTION,
      pixelCount: roiPixels,
      areaMm2: pixelAreaMm2(roiPixels),
    },
    muscleReference: { slice: lesion.slice, right: circleTruth(muscles.right), left: circleTruth(muscles.left) },
    host: lesion.host,
    baselineCenterMappedPatientMm: baselineId === null ? null : baselineCenterMapped(baselineId),
  };
}

function resolvedTruth(id: LesionId): ResolvedLesionTruth {
  return { id, status: 'resolved', baselineId: id, baselineCenterMappedPatientMm: baselineCenterMapped(id) };
}

function pct(from: number, to: number): number {
  return Math.round(((to - from) / from) * 100 * 1000) / 1000;
}

/** Long axes in mm at each time point; a resolved lesion counts 0, a lesion not yet there is absent. */
function longAxesMm(): { T1: Partial<Record<FollowUpLesionId, number>>; T2: Partial<Record<FollowUpLesionId, number>> } {
  const T1: Partial<Record<FollowUpLesionId, number>> = {};
  const T2: Partial<Record<FollowUpLesionId, number>> = {};
  for (const lesion of LESIONS) T1[lesion.id] = round(lesion.longAxisCm * 10);
  for (const lesion of LESIONS) T2[lesion.id] = 0;
  for (const lesion of FOLLOW_UP_LESIONS) T2[lesion.id] = round(lesion.longAxisCm * 10);
  return { T1, T2 };
}

/** With one earlier time point, prior, baseline and nadir are all the baseline. */
function changeFrom(before: number | undefined, now: number): LongAxisChangeTruth {
  if (before === undefined || before === 0) return { fromPriorPct: null, fromBaselinePct: null, fromNadirPct: null };
  const change = pct(before, now);
  return { fromPriorPct: change, fromBaselinePct: change, fromNadirPct: change };
}

function sum(values: Partial<Record<FollowUpLesionId, number>>): number {
  return round(Object.values(values).reduce((total, value) => total + value, 0));
}

export function followUpTruth(labelsFor: (instance: number) => LabelMap): FollowUpTruth {
  const liverSlices = FOLLOW_UP_LIVER_ROIS.map((roi) => slicesWhereFits(labelsFor, roi, 'liver'));
  const axes = longAxesMm();
  const lesionIds = [...LESIONS.map((lesion) => lesion.id), ...FOLLOW_UP_LESIONS.map((lesion) => lesion.id)];
  const ids = [...new Set<FollowUpLesionId>(lesionIds)].sort();
  const lesions: FollowUpTruth['lesions'] = {};
  const expectedChange: FollowUpTruth['expectedChange'] = {};
  for (const id of ids) {
    const lesion = FOLLOW_UP_LESIONS.find((candidate) => candidate.id === id);
    lesions[id] = lesion === undefined ? resolvedTruth(id as LesionId) : lesionTruth(lesion);
    expectedChange[id] = changeFrom(axes.T1[id], axes.T2[id] ?? 0);
  }
  const [dx, dy, dz] = TABLE_SHIFT_MM;
  return {
    folder: 'output-followup',
    manifest: 'manifest.json',
    patientAge: FOLLOW_UP_PATIENT_AGE,
    timepoints: [
      { id: 'T1', date: STUDIES.ct.date, studyInstanceUIDs: [STUDIES.ct.uid, STUDIES.mr.uid] },
      { id: 'T2', date: FOLLOW_UP_STUDIES.ct.date, studyInstanceUIDs: [FOLLOW_UP_STUDIES.ct.uid, FOLLOW_UP_STUDIES.mr.uid] },
    ],
    studies: Object.values(FOLLOW_UP_STUDIES).map((study) => ({
      key: study.key,
      studyInstanceUID: study.uid,
      frameOfReferenceUID: study.frameOfReferenceUid,
      date: study.date,
      description: study.description,
      accessionNumber: study.accessionNumber,
      series: FOLLOW_UP_SERIES.filter((series) => series.study === study).map((series) => series.key),
    })),
    series: {
      'ct-nc': seriesTruthOf(FOLLOW_UP_SERIES[0]),
      'mr-t1': seriesTruthOf(FOLLOW_UP_SERIES[1]),
      'mr-t2': seriesTruthOf(FOLLOW_UP_SERIES[2]),
    },
    tableShiftMm: [dx, dy, dz],
    mapping: {
      followUpFromBaseline: `follow-up (x, y, z) = baseline (x, y, z) + tableShiftMm = (x + ${dx}, y + ${dy}, z + ${dz}) for the same anatomy (both CT and MR of each time point).`,
      baselineFromFollowUp: `baseline (x, y, z) = follow-up (x, y, z) - tableShiftMm = (x - ${dx}, y - ${dy}, z - ${dz}).`,
      pixels: `baseline pixel [c, r] on slice s shows the anatomy that follow-up shows at pixel [c, r + ${SHIFT_ROWS}] at slice position s - ${SHIFT_SLICES} (between two follow-up instances); follow-up instance k shows baseline slice k + ${SHIFT_SLICES}.`,
      imagePositionPatient:
        'Same grid as the baseline: follow-up InstanceNumber k has the ImagePositionPatient of baseline InstanceNumber k; each follow-up study has its own FrameOfReferenceUID.',
    },
    lesions,
    expectedChange,
    sumOfLongAxesMm: {
      T1: sum(axes.T1),
      T2: sum(axes.T2),
      longAxesMm: axes,
      change: changeFrom(sum(axes.T1), sum(axes.T2)),
      rule: 'Every lesion present at the time point; a resolved lesion counts 0 mm; the new lesion counts from T2.',
    },
    liver: {
      ctHU: FOLLOW_UP_LIVER_CT_HU,
      baselineCtHU: ANATOMIC_VALUES.liver.ctNc,
      t1Signal: ANATOMIC_VALUES.liver.t1,
      t2Signal: ANATOMIC_VALUES.liver.t2,
      center: [82, 118 + SHIFT_ROWS],
      recommendedSlice: commonSlice(liverSlices, 24 - Math.floor(SHIFT_SLICES)),
      rois: FOLLOW_UP_LIVER_ROIS.map((roi, index) => circleTruth(roi, liverSlices[index])),
    },
  };
}
