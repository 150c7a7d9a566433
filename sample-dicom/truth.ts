/**
 * The truth file: everything a test needs to place measurements on the sample case and know
 * the expected answer, derived from the same definitions that draw the images.
 */
// The same grid constants as dataset.ts imports: both read them from geometry.ts, nothing is restated.
import {
  COLUMNS,
  IMAGE_ORIENTATION_PATIENT,
  ORIGIN_X_MM,
  ORIGIN_Y_MM,
  PIXEL_SPACING_MM,
  ROWS,
  SLICE_COUNT,
  SLICE_SPACING_MM,
  SLICE_THICKNESS_MM,
  Z_OF_INSTANCE_1_MM,
  patientPointMm,
  zOfInstance,
} from './geometry';
import { CT_RESCALE_INTERCEPT } from './dataset';
import { LESIONS, lesionSemiAxesPx, type Lesion } from './lesions';
import { CT_NOISE_SD_HU, MR_NOISE_FLOOR, MR_NOISE_FRACTION } from './noise';
import type { LabelMap } from './phantom';
import {
  LESION_ROI_FRACTION,
  LIVER_ROIS,
  SPLEEN_ROI,
  circlePixelCount,
  lesionRoiPixelCount,
  lesionRoiRadii,
  lesionSlices,
  muscleRois,
  pixelAreaMm2,
  slicesWhereFits,
  type CircleRoi,
} from './regions';
import { obliqueTruth } from './obliquePhantom';
import { t2starTruth } from './t2starPhantom';
import {
  PATIENT,
  PV_FIRST_SLICE,
  PV_SLICE_COUNT,
  SERIES,
  STUDIES,
  fileNameOf,
  seriesByKey,
  type SeriesDefinition,
  type SeriesKey,
} from './series';
import { ANATOMIC_VALUES, valuesOf } from './tissues';
import { lesionVolumes, type StoredPixelsFor } from './lesionVolumes';
import type {
  CircleRoiTruth,
  LesionTruth,
  LesionVolumeTruth,
  MuscleGroupTruth,
  Point,
  SampleTruth,
  SeriesTruth,
  SignalCall,
} from './truthTypes';

/** Bands of docs/signal.md#bands: markedly hypo < 0.50 <= hypo < 0.90 <= iso <= 1.10 < hyper. */
export function signalCall(ratio: number): SignalCall {
  if (ratio < 0.5) return 'markedly-hypo';
  if (ratio < 0.9) return 'hypo';
  if (ratio <= 1.1) return 'iso';
  return 'hyper';
}

/** Keeps the JSON short and identical across platforms (no 9.333333333333334 artefacts). */
export function round(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}

export function roundPoint([c, r]: Point): Point {
  return [round(c), round(r)];
}

const PV_OFFSET = PV_FIRST_SLICE - 1;

function pvInstanceOf(slice: number): number | null {
  const instance = slice - PV_OFFSET;
  return instance >= 1 && instance <= PV_SLICE_COUNT ? instance : null;
}

export function circleTruth(roi: CircleRoi, slices?: number[]): CircleRoiTruth {
  const pixelCount = circlePixelCount(roi.radiusPx);
  return { name: roi.name, center: roi.center, radiusPx: roi.radiusPx, pixelCount, areaMm2: pixelAreaMm2(pixelCount), slices };
}

/** Muscle ROI pairs grouped by layout (thoracolumbar, sacral) with the slices both fit on. */
function muscleTruth(labelsFor: (slice: number) => LabelMap, lesionSliceSet: number[]): MuscleGroupTruth[] {
  const groups = [
    { name: 'thoracolumbar', example: 1, from: 1, to: 47 },
    { name: 'sacral', example: 48, from: 48, to: SLICE_COUNT },
  ];
  return groups.map((group) => {
    const rois = muscleRois(group.example);
    const right = slicesWhereFits(labelsFor, rois.right, 'muscle');
    const slices = slicesWhereFits(labelsFor, rois.left, 'muscle').filter(
      (slice) => right.includes(slice) && slice >= group.from && slice <= group.to,
    );
    return {
      name: group.name,
      slices,
      lesionSlices: lesionSliceSet.filter((slice) => slices.includes(slice)),
      right: circleTruth(rois.right),
      left: circleTruth(rois.left),
    };
  });
}

function lesionTruth(lesion: Lesion, volume: LesionVolumeTruth): LesionTruth {
  const [rx, ry] = lesionSemiAxesPx(lesion);
  const [c, r] = lesion.center;
  const horizontal: [Point, Point] = [roundPoint([c - rx, r]), roundPoint([c + rx, r])];
  const vertical: [Point, Point] = [roundPoint([c, r - ry]), roundPoint([c, r + ry])];
  const values = valuesOf(lesion.id);
  const slices = lesionSlices(lesion);
  const muscles = muscleRois(lesion.slice);
  const roiPixels = lesionRoiPixelCount(lesion);
  const pvInstance = pvInstanceOf(lesion.slice);
  return {
    id: lesion.id,
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
      radii: [round(lesionRoiRadii(lesion)[0]), round(lesionRoiRadii(lesion)[1])],
      fractionOfLesion: LESION_ROI_FRACTION,
      pixelCount: roiPixels,
      areaMm2: pixelAreaMm2(roiPixels),
    },
    muscleReference: { slice: lesion.slice, right: circleTruth(muscles.right), left: circleTruth(muscles.left) },
    host: lesion.host,
    pv: pvInstance === null ? null : { instanceNumber: pvInstance, hu: lesion.pvHU },
    volume,
  };
}

function seriesTruth(key: SeriesKey): SeriesTruth {
  return seriesTruthOf(seriesByKey(key));
}

export function seriesTruthOf(series: SeriesDefinition): SeriesTruth {
  return {
    folder: series.key,
    modality: series.modality,
    studyInstanceUID: series.study.uid,
    seriesInstanceUID: series.uid,
    frameOfReferenceUID: series.study.frameOfReferenceUid,
    seriesNumber: series.number,
    description: series.description,
    protocolName: series.protocolName,
    instances: series.slices.length,
    files: [fileNameOf(1), fileNameOf(series.slices.length)],
    // The phantom slice (60-slice InstanceNumber) shown by instance 1 of this series.
    firstSlice: series.slices[0],
    contrastAgent: series.contrastBolus ? 'IOHEXOL' : null,
    repetitionTimeMs: series.mr?.repetitionTimeMs ?? null,
    echoTimeMs: series.mr?.echoTimeMs ?? null,
    window: series.window,
  };
}

/** Slices where every listed ROI fits; the one nearest `preferred` is the recommended slice. */
export function commonSlice(sliceLists: number[][], preferred: number): number {
  const common = sliceLists.reduce((acc, list) => acc.filter((slice) => list.includes(slice)));
  if (common.length === 0) throw new Error('no slice fits all ROIs');
  return common.reduce((best, slice) => (Math.abs(slice - preferred) < Math.abs(best - preferred) ? slice : best));
}

/**
 * The baseline part of truth.json; followUpTruth.ts adds the follow-up time point. The
 * unenhanced CT's stored pixels give each lesion's mean HU as written.
 */
export function buildTruth(labelsFor: (slice: number) => LabelMap, ctStoredFor: StoredPixelsFor): Omit<SampleTruth, 'followUp'> {
  const volumes = lesionVolumes(labelsFor, ctStoredFor);
  const liverSlices = LIVER_ROIS.map((roi) => slicesWhereFits(labelsFor, roi, 'liver'));
  const liverSlice = commonSlice(liverSlices, 24);
  const spleenSlices = slicesWhereFits(labelsFor, SPLEEN_ROI, 'spleen');
  const spleenSlice = commonSlice([spleenSlices], 28);
  const lesionSliceSet = [...new Set(LESIONS.flatMap(lesionSlices))].sort((a, b) => a - b);
  const pvLiverRoi = LIVER_ROIS[1];
  const pvLiverInstances = liverSlices[1].map(pvInstanceOf).filter((instance): instance is number => instance !== null);
  const ct = seriesByKey('ct-nc');
  const pv = seriesByKey('ct-pv');
  return {
    format: 'emh-sample-truth',
    version: 1,
    note: 'Synthetic phantom generated by sample-dicom/generate.ts; regenerate, never edit by hand.',
    conventions: {
      pixel:
        'Pixel index [column, row]; pixel centres on integers (Cornerstone index space); row 0 is anterior, column 0 is patient right.',
      slice: 'slice = InstanceNumber in the 60-slice series (ct-nc, mr-t1, mr-t2); ct-pv InstanceNumber = slice - ' + PV_OFFSET + '.',
      longAxisDirection: "'row': long axis horizontal (along an image row); 'column': vertical (along an image column).",
      axisEndPoints:
        'longAxis/shortAxis end points lie on the lesion ellipse boundary on its stated slice; their distance x pixel spacing is the axis length.',
      roi: 'Circle ROIs: pixels with (c-cx)^2+(r-cy)^2 <= radius^2; lesion ROIs: ellipse with the given radii. Each fits inside its tissue with a 1-pixel margin.',
    },
    geometry: {
      rows: ROWS,
      columns: COLUMNS,
      pixelSpacingMm: [PIXEL_SPACING_MM, PIXEL_SPACING_MM],
      sliceThicknessMm: SLICE_THICKNESS_MM,
      spacingBetweenSlicesMm: SLICE_SPACING_MM,
      slices: SLICE_COUNT,
      imageOrientationPatient: IMAGE_ORIENTATION_PATIENT,
      imagePositionPatientOfInstance1: [ORIGIN_X_MM, ORIGIN_Y_MM, Z_OF_INSTANCE_1_MM],
      zOfInstance1Mm: Z_OF_INSTANCE_1_MM,
      zStepPerInstanceMm: -SLICE_SPACING_MM,
      pixelToPatientMm: `x = ${ORIGIN_X_MM} + ${PIXEL_SPACING_MM} * column, y = ${ORIGIN_Y_MM} + ${PIXEL_SPACING_MM} * row, z = ${Z_OF_INSTANCE_1_MM} - ${SLICE_SPACING_MM} * (slice - 1)`,
      ctRescale: { slope: 1, intercept: CT_RESCALE_INTERCEPT },
    },
    noise: {
      ctSdHU: CT_NOISE_SD_HU,
      mrSdFractionOfSignal: MR_NOISE_FRACTION,
      mrSdFloor: MR_NOISE_FLOOR,
      hint: 'Noise is mean-free inside every ROI published here (lesion roi, liver/spleen/muscle circles), so those measure the truth exactly; any other region: expect the truth within about 3 x SD / sqrt(pixelCount).',
    },
    patient: { name: PATIENT.name, id: PATIENT.id, sex: PATIENT.sex, age: PATIENT.age, birthDate: PATIENT.birthDate },
    studies: Object.values(STUDIES).map((study) => ({
      key: study.key,
      studyInstanceUID: study.uid,
      frameOfReferenceUID: study.frameOfReferenceUid,
      date: study.date,
      description: study.description,
      accessionNumber: study.accessionNumber,
      series: SERIES.filter((series) => series.study === study).map((series) => series.key),
    })),
    series: {
      'ct-nc': seriesTruth('ct-nc'),
      'ct-pv': seriesTruth('ct-pv'),
      'mr-t1': seriesTruth('mr-t1'),
      'mr-t2': seriesTruth('mr-t2'),
    },
    lesions: LESIONS.map((lesion) => lesionTruth(lesion, volumes[lesion.id])),
    organs: {
      liver: {
        ctHU: ANATOMIC_VALUES.liver.ctNc,
        pvHU: ANATOMIC_VALUES.liver.ctPv,
        t1Signal: ANATOMIC_VALUES.liver.t1,
        t2Signal: ANATOMIC_VALUES.liver.t2,
        normalRangeHU: [54, 60],
        center: [82, 118],
        recommendedSlice: liverSlice,
        rois: LIVER_ROIS.map((roi, index) => circleTruth(roi, liverSlices[index])),
      },
      spleen: {
        ctHU: ANATOMIC_VALUES.spleen.ctNc,
        pvHU: ANATOMIC_VALUES.spleen.ctPv,
        t1Signal: ANATOMIC_VALUES.spleen.t1,
        t2Signal: ANATOMIC_VALUES.spleen.t2,
        liverMinusSpleenHU: ANATOMIC_VALUES.liver.ctNc - ANATOMIC_VALUES.spleen.ctNc,
        center: [190, 125],
        recommendedSlice: spleenSlice,
        roi: circleTruth(SPLEEN_ROI, spleenSlices),
      },
      muscle: {
        ctHU: ANATOMIC_VALUES.muscle.ctNc,
        pvHU: ANATOMIC_VALUES.muscle.ctPv,
        t1Signal: ANATOMIC_VALUES.muscle.t1,
        t2Signal: ANATOMIC_VALUES.muscle.t2,
        // Paraspinal ROI pairs; every slice that shows a lesion is covered on both sides.
        references: muscleTruth(labelsFor, lesionSliceSet),
      },
      tissues: ANATOMIC_VALUES,
    },
    pv: {
      series: pv.key,
      seriesInstanceUID: pv.uid,
      comparableTo: ct.key,
      firstSlice: PV_FIRST_SLICE,
      instances: PV_SLICE_COUNT,
      contrastAgent: 'IOHEXOL',
      liverHU: ANATOMIC_VALUES.liver.ctPv,
      spleenHU: ANATOMIC_VALUES.spleen.ctPv,
      liverInstanceRange: [pvLiverInstances[0], pvLiverInstances[pvLiverInstances.length - 1]],
      liverPoint: { ...circleTruth(pvLiverRoi), instanceNumber: pvInstanceOf(liverSlice) },
      spleenPoint: { ...circleTruth(SPLEEN_ROI), instanceNumber: pvInstanceOf(spleenSlice) },
    },
    obliqueSeries: obliqueTruth(),
    t2starSeries: t2starTruth(),
  };
}
