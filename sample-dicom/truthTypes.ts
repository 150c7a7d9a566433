/**
 * Shape of sample-dicom/truth.json, for tests that read it (import the type, JSON.parse the
 * file, and cast). Coordinates are pixel indices [column, row] with pixel centres on integers.
 */
import type { FollowUpLesionId, FollowUpSeriesKey } from './followUpPhantom';
import type { Lesion, LesionId } from './lesions';
import type { SeriesKey } from './series';
import type { AnatomicTissue, TissueValues } from './tissues';

export type Point = [number, number];
export type SignalCall = 'markedly-hypo' | 'hypo' | 'iso' | 'hyper';

export interface CircleRoiTruth {
  name: string;
  center: Point;
  radiusPx: number;
  pixelCount: number;
  areaMm2: number;
  /** Slices (60-slice InstanceNumbers) where the circle fits inside its tissue. */
  slices?: number[];
}

/** The lesion as generated (lesions.ts), with what follows from it. */
export interface LesionTruth extends Pick<
  Lesion,
  | 'id'
  | 'site'
  | 'laterality'
  | 'longAxisCm'
  | 'shortAxisCm'
  | 'longAxisDirection'
  | 'ctHU'
  | 't1Ratio'
  | 't2Ratio'
  | 'slice'
  | 'zHalfExtentMm'
  | 'host'
> {
  t1Call: SignalCall;
  t2Call: SignalCall;
  t1Signal: number;
  t2Signal: number;
  sliceRange: [number, number];
  zMm: number;
  center: Point;
  centerPatientMm: [number, number, number];
  semiAxesPx: [number, number];
  longAxis: [Point, Point];
  shortAxis: [Point, Point];
  roi: { center: Point; radii: [number, number]; fractionOfLesion: number; pixelCount: number; areaMm2: number };
  muscleReference: { slice: number; right: CircleRoiTruth; left: CircleRoiTruth };
  pv: { instanceNumber: number; hu: number } | null;
  volume: LesionVolumeTruth;
}

/** A lesion's voxels on the 60-slice grid (the same voxels in ct-nc, mr-t1 and mr-t2). */
export interface LesionVolumeTruth {
  voxels: number;
  /** voxels x column spacing x row spacing x spacing between slice positions / 1000. */
  volumeMl: number;
  /** Mean HU of those voxels in the ct-nc files as written (noise included). */
  meanHU: number;
  /** [column, row, between slice positions] in mm. */
  voxelSpacingMm: [number, number, number];
  series: 'ct-nc';
  /** HU range that grows exactly these voxels from the centre; null when none does. */
  growRange: [number, number] | null;
  growNote: string;
}

export interface SeriesTruth {
  folder: SeriesKey;
  modality: 'CT' | 'MR';
  studyInstanceUID: string;
  seriesInstanceUID: string;
  frameOfReferenceUID: string;
  seriesNumber: number;
  description: string;
  protocolName: string;
  instances: number;
  files: [string, string];
  firstSlice: number;
  contrastAgent: string | null;
  repetitionTimeMs: number | null;
  echoTimeMs: number | null;
  window: { center: number; width: number; explanation: string };
}

export interface MuscleGroupTruth {
  name: string;
  slices: number[];
  lesionSlices: number[];
  right: CircleRoiTruth;
  left: CircleRoiTruth;
}

/** An HU ROI of the oblique series: an index-space ellipse (a circle in mm) and its pixels' HU. */
export interface ObliqueRoiTruth {
  name: string;
  instanceNumber: number;
  center: Point;
  radii: Point;
  radiusMm: number;
  /** Of the generated pixels (noise included): what an exact ROI tool reports. */
  meanHU: number;
  sdHU: number;
  pixelCount: number;
}

/** The non-square, oblique CT series (sample-dicom/obliquePhantom.ts), a study of its own. */
export interface ObliqueSeriesTruth {
  /** Folder under sample-dicom/output-oblique (served as sample-oblique/ by the build). */
  folder: string;
  manifest: string;
  studyInstanceUID: string;
  seriesInstanceUID: string;
  frameOfReferenceUID: string;
  description: string;
  instances: number;
  rows: number;
  columns: number;
  /** [row spacing, column spacing] in mm. */
  pixelSpacingMm: [number, number];
  imageOrientationPatient: number[];
  tiltDegrees: number;
  sliceSpacingMm: number;
  noiseSdHU: number;
  waterHU: number;
  block: { hu: number; center: Point; semiAxesMm: Point; roi: ObliqueRoiTruth };
  lesion: {
    hu: number;
    instanceNumber: number;
    center: Point;
    longAxisMm: number;
    shortAxisMm: number;
    halfDepthMm: number;
    longAxis: [Point, Point];
    shortAxis: [Point, Point];
    roi: ObliqueRoiTruth;
  };
  perInstance: {
    instanceNumber: number;
    imagePositionPatient: [number, number, number];
    lesionCenter: Point | null;
    lesionLongAxisMm: number | null;
    lesionShortAxisMm: number | null;
    blockCenter: Point;
  }[];
}

export interface SampleTruth {
  format: 'emh-sample-truth';
  version: 1;
  note: string;
  conventions: Record<string, string>;
  geometry: {
    rows: number;
    columns: number;
    pixelSpacingMm: [number, number];
    sliceThicknessMm: number;
    spacingBetweenSlicesMm: number;
    slices: number;
    imageOrientationPatient: readonly number[];
    imagePositionPatientOfInstance1: [number, number, number];
    zOfInstance1Mm: number;
    zStepPerInstanceMm: number;
    pixelToPatientMm: string;
    ctRescale: { slope: number; intercept: number };
  };
  noise: { ctSdHU: number; mrSdFractionOfSignal: number; mrSdFloor: number; hint: string };
  patient: { name: string; id: string; sex: string; age: string; birthDate: string };
  studies: Array<{
    key: 'ct' | 'mr';
    studyInstanceUID: string;
    frameOfReferenceUID: string;
    date: string;
    description: string;
    accessionNumber: string;
    series: SeriesKey[];
  }>;
  series: Record<SeriesKey, SeriesTruth>;
  lesions: LesionTruth[];
  organs: {
    liver: {
      ctHU: number;
      pvHU: number;
      t1Signal: number;
      t2Signal: number;
      normalRangeHU: [number, number];
      center: Point;
      recommendedSlice: number;
      rois: CircleRoiTruth[];
    };
    spleen: {
      ctHU: number;
      pvHU: number;
      t1Signal: number;
      t2Signal: number;
      liverMinusSpleenHU: number;
      center: Point;
      recommendedSlice: number;
      roi: CircleRoiTruth;
    };
    muscle: { ctHU: number; pvHU: number; t1Signal: number; t2Signal: number; references: MuscleGroupTruth[] };
    tissues: Record<AnatomicTissue, TissueValues>;
  };
  pv: {
    series: SeriesKey;
    seriesInstanceUID: string;
    comparableTo: SeriesKey;
    firstSlice: number;
    instances: number;
    contrastAgent: string;
    liverHU: number;
    spleenHU: number;
    /** ct-pv InstanceNumbers where the liver point's circle fits inside the liver. */
    liverInstanceRange: [number, number];
    liverPoint: CircleRoiTruth & { instanceNumber: number | null };
    spleenPoint: CircleRoiTruth & { instanceNumber: number | null };
  };
  obliqueSeries: ObliqueSeriesTruth;
  t2starSeries: T2starSeriesTruth;
  followUp: FollowUpTruth;
}

/** Change of a long axis (or of the sum) in %, rounded to 3 decimals; null when not computable. */
export interface LongAxisChangeTruth {
  fromPriorPct: number | null;
  fromBaselinePct: number | null;
  fromNadirPct: number | null;
}

/** A lesion seen at follow-up: the baseline fields, in follow-up slices, pixels and patient mm. */
export interface FollowUpLesionTruth extends Omit<LesionTruth, 'id' | 'pv' | 'volume'> {
  id: FollowUpLesionId;
  status: 'measured' | 'new';
  /** The same lesion at baseline; null for a new one. */
  baselineId: LesionId | null;
  /** Where the baseline centre lies in follow-up patient mm (baseline + tableShiftMm); null when new. */
  baselineCenterMappedPatientMm: [number, number, number] | null;
}

/** A baseline lesion that is gone at follow-up: it counts 0 mm. */
export interface ResolvedLesionTruth {
  id: LesionId;
  status: 'resolved';
  baselineId: LesionId;
  /** Where to look: the baseline centre in follow-up patient mm; the pixels there are host tissue. */
  baselineCenterMappedPatientMm: [number, number, number];
}

/** The follow-up time point (output-followup/, served as sample-followup/). */
export interface FollowUpTruth {
  folder: string;
  manifest: string;
  /** Age on the follow-up dates; name, ID, sex and birth date are the baseline patient's. */
  patientAge: string;
  timepoints: Array<{ id: 'T1' | 'T2'; date: string; studyInstanceUIDs: string[] }>;
  studies: SampleTruth['studies'];
  series: Record<FollowUpSeriesKey, SeriesTruth>;
  /** [dx, dy, dz] mm: follow-up patient position of an anatomic point minus its baseline one. */
  tableShiftMm: [number, number, number];
  mapping: { followUpFromBaseline: string; baselineFromFollowUp: string; pixels: string; imagePositionPatient: string };
  lesions: Partial<Record<FollowUpLesionId, FollowUpLesionTruth | ResolvedLesionTruth>>;
  expectedChange: Partial<Record<FollowUpLesionId, LongAxisChangeTruth>>;
  sumOfLongAxesMm: {
    T1: number;
    T2: number;
    longAxesMm: { T1: Partial<Record<FollowUpLesionId, number>>; T2: Partial<Record<FollowUpLesionId, number>> };
    change: LongAxisChangeTruth;
    rule: string;
  };
  liver: {
    ctHU: number;
    baselineCtHU: number;
    t1Signal: number;
    t2Signal: number;
    center: Point;
    recommendedSlice: number;
    rois: CircleRoiTruth[];
  };
}

export interface T2starTissueTruth {
  name: 'fat' | 'liver' | 'spleen' | 'heart' | 'muscle';
  s0: number;
  r2starHz: number;
  t2starMs: number;
  /** A circular ROI well inside the tissue on every image of the series (index coordinates). */
  roi: { center: Point; radii: Point };
}

/** The multi-echo GRE study of output-t2star/: R2* per tissue, echo times, noise. */
export interface T2starSeriesTruth {
  folder: string;
  manifest: string;
  studyInstanceUID: string;
  seriesInstanceUID: string;
  description: string;
  magneticFieldStrengthT: number;
  echoTimesMs: number[];
  positionsMm: number[];
  instancesPerPosition: number;
  /** SD of the Gaussian noise in each channel; the magnitude images carry Rician noise. */
  noiseSigma: number;
  pixelSpacingMm: number;
  tissues: T2starTissueTruth[];
  liverLicWood2005: number;
  liverGrade: 'normal' | 'mild' | 'moderate' | 'severe';
  heartGrade: 'normal' | 'mild-moderate' | 'severe';
}
