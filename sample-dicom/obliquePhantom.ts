/**
 * A small CT series whose geometry is everything the main sample case is not: non-square pixels
 * (PixelSpacing 0.8 mm between rows, 1.2 mm between columns), more rows than columns, and a
 * plane tilted 20.6 degrees about the patient's left-right axis. It holds a block of 100 HU and
 * an ellipsoidal lesion of 60 HU, 40 x 24 mm on its middle slice, in water (0 HU), so a test
 * can check that a viewer turns pixel indices into millimetres per axis, in the right order.
 *
 * It is a study of its own (same patient, own frame of reference), written beside the sample
 * case (output-oblique/) and not listed in its manifest, so the sample case is unchanged.
 */
import { buildDataset, CT_RESCALE_INTERCEPT, BITS_STORED } from './dataset';
import type { NaturalDataset } from './dicomWriter';
import { CT_NOISE_SD_HU } from './noise';
import { createRng } from './random';
import { STUDIES, fileNameOf, seriesByKey, type SeriesDefinition, type Study } from './series';
import type { ObliqueSeriesTruth, Point } from './truthTypes';
import { uidFor } from './uids';

export const OBLIQUE_FOLDER = 'ct-oblique';
const ROWS = 240;
const COLUMNS = 160;
/** [row spacing, column spacing]: 0.8 mm from one row to the next, 1.2 mm along a row. */
const PIXEL_SPACING: [number, number] = [0.8, 1.2];
/** cos and sin of 20.61 degrees, chosen from the 44-117-125 triangle so both are exact in DS. */
const COS = 0.936;
const SIN = 0.352;
/** Along a row: patient left. Down a column: posterior and inferior, tilted about x. */
const ROW_DIRECTION: [number, number, number] = [1, 0, 0];
const COLUMN_DIRECTION: [number, number, number] = [0, COS, -SIN];
/** ROW_DIRECTION x COLUMN_DIRECTION: slices follow it, instance 1 first. */
const NORMAL: [number, number, number] = [0, SIN, COS];
const SLICE_COUNT = 5;
const SLICE_SPACING_MM = 3;
/** Patient position of pixel [0, 0] of instance 1; every position is exact to 0.0001 mm. */
const ORIGIN: [number, number, number] = [-95.4, -89.4816, 43.6512];

const WATER_HU = 0;
const BLOCK = { hu: 100, centerMm: [55.2, 96] as Point, semiAxesMm: [40, 60] as Point };
/** An ellipsoid centred on the middle slice; its in-plane semi-axes there are 20 x 12 mm. */
const LESION = { hu: 60, centerMm: [138, 96] as Point, semiAxesMm: [20, 12] as Point, halfDepthMm: 7.5 };
const MIDDLE_INSTANCE = 3;
/** Normal offset of each instance from the lesion's centre. */
function depthOf(instance: number): number {
  return (instance - MIDDLE_INSTANCE) * SLICE_SPACING_MM;
}

// Study and series alike in shape to t2starPhantom.ts on purpose: each spells out its own identity.
const STUDY: Study = {
  ...STUDIES.ct,
  uid: uidFor('study/ct-oblique'),
  frameOfReferenceUid: uidFor('frame-of-reference/ct-oblique'),
  date: '20240315',
  time: '081500',
  description: 'CT GEOMETRY PHANTOM',
  accessionNumber: 'ACC-EMH-0003',
  studyId: '1003',
};

const SERIES: SeriesDefinition = {
  ...seriesByKey('ct-nc'),
  study: STUDY,
  uid: uidFor('series/ct-oblique'),
  number: 2,
  description: 'CT OBLIQUE NONSQUARE',
  protocolName: 'GEOMETRY PHANTOM OBLIQUE',
  bodyPart: 'ABDOMEN',
  time: '081812',
  slices: Array.from({ length: SLICE_COUNT }, (_, index) => index + 1),
  window: { center: 50, width: 200, explanation: 'PHANTOM' },
};

function round4(value: number): number {
  return Math.round(value * 1e4) / 1e4 + 0; // + 0 turns -0 into 0
}

function positionOf(instance: number): [number, number, number] {
  const offset = (instance - 1) * SLICE_SPACING_MM;
  return ORIGIN.map((value, axis) => round4(value + offset * NORMAL[axis])) as [number, number, number];
}

/** In-plane millimetres of a pixel index [column, row]: columns step 1.2 mm, rows 0.8 mm. */
function inPlaneMm(column: number, row: number): Point {
  return [column * PIXEL_SPACING[1], row * PIXEL_SPACING[0]];
}

function toIndex([u, v]: Point): Point {
  return [round4(u / PIXEL_SPACING[1]), round4(v / PIXEL_SPACING[0])];
}

function lesionSemiAxesMm(instance: number): Point | null {
  const depth = depthOf(instance) / LESION.halfDepthMm;
  if (Math.abs(depth) >= 1) return null;
  const scale = Math.sqrt(1 - depth * depth);
  return [LESION.semiAxesMm[0] * scale, LESION.semiAxesMm[1] * scale];
}

function insideEllipse([u, v]: Point, center: Point, semiAxes: Point): boolean {
  return ((u - center[0]) / semiAxes[0]) ** 2 + ((v - center[1]) / semiAxes[1]) ** 2 <= 1;
}

/** HU of each pixel of an instance, noise included (row-major). */
export function obliqueHu(instance: number): Int16Array {
  const rng = createRng(`emh-sample/${OBLIQUE_FOLDER}/${instance}`);
  const lesion = lesionSemiAxesMm(instance);
  const hu = new Int16Array(ROWS * COLUMNS);
  for (let row = 0; row < ROWS; row += 1) {
    for (let column = 0; column < COLUMNS; column += 1) {
      const point = inPlaneMm(column, row);
      let value = WATER_HU;
      if (insideEllipse(point, BLOCK.centerMm, BLOCK.semiAxesMm)) value = BLOCK.hu;
      if (lesion && insideEllipse(point, LESION.centerMm, lesion)) value = LESION.hu;
      hu[row * COLUMNS + column] = Math.round(value + CT_NOISE_SD_HU * rng.gaussian());
    }
  }
  return hu;
}

function storedPixels(hu: Int16Array): Uint16Array {
  const max = 2 ** BITS_STORED - 1;
  return Uint16Array.from(hu, (value) => Math.max(0, Math.min(max, value - CT_RESCALE_INTERCEPT)));
}

export function obliqueDataset(instance: number): NaturalDataset {
  const position = positionOf(instance);
  return {
    // The sample case's CT modules; the SOP instance and the geometry are this series' own.
    ...buildDataset(SERIES, instance, instance),
    SOPInstanceUID: uidFor(`instance/${OBLIQUE_FOLDER}/${instance}`),
    ImageOrientationPatient: [...ROW_DIRECTION, ...COLUMN_DIRECTION],
    ImagePositionPatient: position,
    SliceLocation: round4(position[0] * NORMAL[0] + position[1] * NORMAL[1] + position[2] * NORMAL[2]),
    PixelSpacing: [...PIXEL_SPACING],
    SliceThickness: SLICE_SPACING_MM,
    Rows: ROWS,
    Columns: COLUMNS,
    ReconstructionDiameter: COLUMNS * PIXEL_SPACING[1],
    ImageComments: 'SYNTHETIC GEOMETRY PHANTOM - NOT PATIENT DATA',
  };
}

export function obliqueImages(): { relative: string; dataset: NaturalDataset; pixels: Uint16Array }[] {
  return SERIES.slices.map((instance) => ({
    relative: `${OBLIQUE_FOLDER}/${fileNameOf(instance)}`,
    dataset: obliqueDataset(instance),
    pixels: storedPixels(obliqueHu(instance)),
  }));
}

/** Mean, population SD and count of the HU inside an index-space ellipse (pixel centres on integers). */
function ellipseStats(hu: Int16Array, center: Point, radii: Point): { meanHU: number; sdHU: number; pixelCount: number } {
  let sum = 0;
  let sumSquares = 0;
  let count = 0;
  for (let row = 0; row < ROWS; row += 1) {
    for (let column = 0; column < COLUMNS; column += 1) {
      const q = ((column - center[0]) / radii[0]) ** 2 + ((row - center[1]) / radii[1]) ** 2;
      // Cornerstone takes up to 1 + 1e-5 and rounds its float32 handles: keep pixels off the edge.
      if (Math.abs(q - 1) < 5e-5) throw new Error(`pixel [${column}, ${row}] lies on the edge of the ROI at ${center}`);
      if (q <= 1) {
        const value = hu[row * COLUMNS + column];
        sum += value;
        sumSquares += value * value;
        count += 1;
      }
    }
  }
  const mean = sum / count;
  return { meanHU: round4(mean), sdHU: round4(Math.sqrt(sumSquares / count - mean * mean)), pixelCount: count };
}

/**
 * HU ROIs are circles of the stated radius in mm, so in pixels they are ellipses (radius / 1.2
 * across, radius / 0.8 down); the radii are nudged off whole numbers so no pixel centre lies on
 * the edge (Cornerstone and this count agree on every pixel).
 */
function roiTruth(name: string, centerMm: Point, radiusMm: number, instance: number) {
  const center = toIndex(centerMm);
  const radii: Point = [round4(radiusMm / PIXEL_SPACING[1] + 0.013), round4(radiusMm / PIXEL_SPACING[0] + 0.017)];
  return { name, instanceNumber: instance, center, radii, radiusMm, ...ellipseStats(obliqueHu(instance), center, radii) };
}

export function obliqueTruth(): ObliqueSeriesTruth {
  const lesionCenter = toIndex(LESION.centerMm);
  const perInstance = SERIES.slices.map((instance) => {
    const semiAxes = lesionSemiAxesMm(instance);
    return {
      instanceNumber: instance,
      imagePositionPatient: positionOf(instance),
      lesionCenter: semiAxes ? lesionCenter : null,
      lesionLongAxisMm: semiAxes ? round4(2 * semiAxes[0]) : null,
      lesionShortAxisMm: semiAxes ? round4(2 * semiAxes[1]) : null,
      blockCenter: toIndex(BLOCK.centerMm),
    };
  });
  const [a, b] = LESION.semiAxesMm;
  const [c, r] = lesionCenter;
  const halfLong = a / PIXEL_SPACING[1];
  const halfShort = b / PIXEL_SPACING[0];
  return {
    folder: OBLIQUE_FOLDER,
    manifest: 'manifest.json',
    studyInstanceUID: STUDY.uid,
    seriesInstanceUID: SERIES.uid,
    frameOfReferenceUID: STUDY.frameOfReferenceUid,
    description: SERIES.description,
    instances: SLICE_COUNT,
    rows: ROWS,
    columns: COLUMNS,
    pixelSpacingMm: PIXEL_SPACING,
    imageOrientationPatient: [...ROW_DIRECTION, ...COLUMN_DIRECTION],
    tiltDegrees: round4((Math.atan2(SIN, COS) * 180) / Math.PI),
    sliceSpacingMm: SLICE_SPACING_MM,
    noiseSdHU: CT_NOISE_SD_HU,
    waterHU: WATER_HU,
    block: {
      hu: BLOCK.hu,
      center: toIndex(BLOCK.centerMm),
      semiAxesMm: BLOCK.semiAxesMm,
      roi: roiTruth('block', BLOCK.centerMm, 25, MIDDLE_INSTANCE),
    },
    lesion: {
      hu: LESION.hu,
      instanceNumber: MIDDLE_INSTANCE,
      center: lesionCenter,
      longAxisMm: 2 * a,
      shortAxisMm: 2 * b,
      halfDepthMm: LESION.halfDepthMm,
      // Along a row (1.2 mm per column) and down a column (0.8 mm per row).
      longAxis: [
        [round4(c - halfLong), r],
        [round4(c + halfLong), r],
      ],
      shortAxis: [
        [c, round4(r - halfShort)],
        [c, round4(r + halfShort)],
      ],
      roi: roiTruth('lesion', LESION.centerMm, 8, MIDDLE_INSTANCE),
    },
    perInstance,
  };
}
