/**
 * A multi-echo gradient echo (T2*) study for the iron tools: 12 echoes from 0.99 to 16.1 ms at
 * two slice positions, magnitude images with Rician noise, and tissues of known R2*: a liver of
 * moderate iron (LIC 10 mg/g by Wood 2005), a heart of T2* 15 ms, spleen, paraspinal muscle,
 * subcutaneous fat and air. Its own study (same patient, own frame of reference), written to
 * output-t2star/ with its own manifest, so the main sample case is unchanged.
 */
import { buildDataset, BITS_STORED } from './dataset';
import type { NaturalDataset } from './dicomWriter';
import { createRng } from './random';
import { STUDIES, fileNameOf, seriesByKey, type SeriesDefinition, type Study } from './series';
import type { Point, T2starSeriesTruth, T2starTissueTruth } from './truthTypes';
import { uidFor } from './uids';

export const T2STAR_FOLDER = 'mr-t2star';
const ROWS = 128;
const COLUMNS = 128;
const PIXEL_SPACING_MM = 2.5;
const ECHO_COUNT = 12;
const FIRST_TE_MS = 0.99;
const LAST_TE_MS = 16.1;
/** TE of each echo, rounded to the 0.01 ms a scanner records. */
export const ECHO_TIMES_MS = Array.from(
  { length: ECHO_COUNT },
  (_, k) => Math.round((FIRST_TE_MS + (k * (LAST_TE_MS - FIRST_TE_MS)) / (ECHO_COUNT - 1)) * 100) / 100,
);
/** Slice positions (mm along the normal) of the two echo trains. */
const POSITIONS_MM = [-40, -30];
/** SD of the Gaussian noise in each channel: the magnitude carries Rician noise. */
export const T2STAR_NOISE_SIGMA = 12;
const ORIGIN_XY_MM = -(COLUMNS * PIXEL_SPACING_MM) / 2;
/** Wood 2005 at 1.5 T: LIC = 0.0254 R2* + 0.202, so LIC 10 mg/g is R2* (10 - 0.202) / 0.0254. */
const LIVER_R2STAR_HZ = Math.round(((10 - 0.202) / 0.0254) * 100) / 100;

interface Tissue {
  readonly name: T2starTissueTruth['name'];
  readonly s0: number;
  readonly r2starHz: number;
  /** Centre and semi-axes in mm, in the image plane (x right, y down from the top-left pixel). */
  readonly center: Point;
  readonly semiAxes: Point;
  /** Centre and radius (mm) of a circular ROI on this tissue alone, clear of its neighbours. */
  readonly roiMm: { readonly center: Point; readonly radius: number };
}

/** Later entries are drawn over earlier ones. */
const TISSUES: readonly Tissue[] = [
  { name: 'fat', s0: 900, r2starHz: 45, center: [160, 160], semiAxes: [140, 105], roiMm: { center: [45, 200], radius: 8 } },
  { name: 'liver', s0: 700, r2starHz: LIVER_R2STAR_HZ, center: [105, 150], semiAxes: [55, 45], roiMm: { center: [95, 160], radius: 15 } },
  { name: 'spleen', s0: 650, r2starHz: 150, center: [228, 160], semiAxes: [28, 38], roiMm: { center: [228, 160], radius: 10 } },
  {
    name: 'heart',
    s0: 550,
    r2starHz: Math.round((1000 / 15) * 1e4) / 1e4,
    center: [170, 95],
    semiAxes: [32, 26],
    roiMm: { center: [170, 95], radius: 10 },
  },
  { name: 'muscle', s0: 450, r2starHz: 40, center: [160, 235], semiAxes: [38, 18], roiMm: { center: [160, 235], radius: 7 } },
];

// Study and series alike in shape to obliquePhantom.ts on purpose: each spells out its own identity.
const STUDY: Study = {
  ...STUDIES.mr,
  uid: uidFor('study/mr-t2star'),
  frameOfReferenceUid: uidFor('frame-of-reference/mr-t2star'),
  date: '20240316',
  time: '090000',
  description: 'MR LIVER AND HEART T2STAR',
  accessionNumber: 'ACC-EMH-0004',
  studyId: '1004',
};

const SERIES: SeriesDefinition = {
  ...seriesByKey('mr-t1'),
  study: STUDY,
  uid: uidFor('series/mr-t2star'),
  number: 5,
  description: 'T2STAR MULTIECHO GRE',
  protocolName: 'LIVER HEART T2STAR',
  bodyPart: 'ABDOMEN',
  time: '090512',
  slices: Array.from({ length: POSITIONS_MM.length * ECHO_COUNT }, (_, index) => index + 1),
  window: { center: 400, width: 800, explanation: 'T2STAR' },
};

function inside([x, y]: Point, tissue: Tissue): boolean {
  return ((x - tissue.center[0]) / tissue.semiAxes[0]) ** 2 + ((y - tissue.center[1]) / tissue.semiAxes[1]) ** 2 <= 1;
}

function tissueAt(column: number, row: number): Tissue | null {
  const point: Point = [column * PIXEL_SPACING_MM, row * PIXEL_SPACING_MM];
  let found: Tissue | null = null;
  for (const tissue of TISSUES) if (inside(point, tissue)) found = tissue;
  return found;
}

/** Which tissue a pixel shows (null: air), for tests that check an ROI holds one tissue only. */
export function t2starTissueAt(column: number, row: number): T2starTissueTruth['name'] | null {
  return tissueAt(column, row)?.name ?? null;
}

/** Magnitude pixels of one echo at one position, Rician noise included (row-major). */
export function t2starPixels(position: number, echo: number): Uint16Array {
  const rng = createRng(`emh-sample/${T2STAR_FOLDER}/${position}/${echo}`);
  const te = ECHO_TIMES_MS[echo]!;
  const max = 2 ** BITS_STORED - 1;
  const pixels = new Uint16Array(ROWS * COLUMNS);
  for (let row = 0; row < ROWS; row += 1) {
    for (let column = 0; column < COLUMNS; column += 1) {
      const tissue = tissueAt(column, row);
      const signal = tissue ? tissue.s0 * Math.exp((-tissue.r2starHz * te) / 1000) : 0;
      const magnitude = Math.hypot(signal + T2STAR_NOISE_SIGMA * rng.gaussian(), T2STAR_NOISE_SIGMA * rng.gaussian());
      pixels[row * COLUMNS + column] = Math.min(max, Math.round(magnitude));
    }
  }
  return pixels;
}

function instanceOf(position: number, echo: number): number {
  return position * ECHO_COUNT + echo + 1;
}

function t2starDataset(position: number, echo: number): NaturalDataset {
  const instance = instanceOf(position, echo);
  const z = POSITIONS_MM[position]!;
  return {
    ...buildDataset(SERIES, instance, instance),
    SOPInstanceUID: uidFor(`instance/${T2STAR_FOLDER}/${instance}`),
    ImageType: ['ORIGINAL', 'PRIMARY', 'M', 'ND'],
    ScanningSequence: 'GR',
    SequenceVariant: 'SP',
    SequenceName: 'fl2d12',
    RepetitionTime: 200,
    EchoTime: ECHO_TIMES_MS[echo]!,
    EchoNumbers: echo + 1,
    EchoTrainLength: ECHO_COUNT,
    FlipAngle: 20,
    ImagePositionPatient: [ORIGIN_XY_MM, ORIGIN_XY_MM, z],
    SliceLocation: z,
    PixelSpacing: [PIXEL_SPACING_MM, PIXEL_SPACING_MM],
    SliceThickness: 10,
    SpacingBetweenSlices: 10,
    Rows: ROWS,
    Columns: COLUMNS,
    AcquisitionMatrix: [ROWS, 0, 0, COLUMNS],
    NumberOfPhaseEncodingSteps: COLUMNS,
    ImagesInAcquisition: POSITIONS_MM.length * ECHO_COUNT,
    ImageComments: 'SYNTHETIC T2* PHANTOM - NOT PATIENT DATA',
  };
}

export function t2starImages(): { relative: string; dataset: NaturalDataset; pixels: Uint16Array }[] {
  return POSITIONS_MM.flatMap((_, position) =>
    ECHO_TIMES_MS.map((__, echo) => ({
      relative: `${T2STAR_FOLDER}/${fileNameOf(instanceOf(position, echo))}`,
      dataset: t2starDataset(position, echo),
      pixels: t2starPixels(position, echo),
    })),
  );
}

/**
 * The tissue's ROI in index coordinates (pixel centres on integers); the radius is nudged off
 * round numbers so no pixel centre lies on its edge.
 */
function roiOf(tissue: Tissue): { center: Point; radii: Point } {
  const { center, radius } = tissue.roiMm;
  const r = Math.round((radius / PIXEL_SPACING_MM) * 100) / 100 + 0.013;
  return { center: [center[0] / PIXEL_SPACING_MM, center[1] / PIXEL_SPACING_MM], radii: [r, r] };
}

export function t2starTruth(): T2starSeriesTruth {
  return {
    folder: T2STAR_FOLDER,
    manifest: 'manifest.json',
    studyInstanceUID: STUDY.uid,
    seriesInstanceUID: SERIES.uid,
    description: SERIES.description,
    magneticFieldStrengthT: 1.5,
    echoTimesMs: ECHO_TIMES_MS,
    positionsMm: POSITIONS_MM,
    instancesPerPosition: ECHO_COUNT,
    noiseSigma: T2STAR_NOISE_SIGMA,
    pixelSpacingMm: PIXEL_SPACING_MM,
    tissues: TISSUES.map((t) => ({
      name: t.name,
      s0: t.s0,
      r2starHz: t.r2starHz,
      t2starMs: Math.round((1000 / t.r2starHz) * 1e4) / 1e4,
      roi: roiOf(t),
    })),
    liverLicWood2005: Math.round((0.0254 * LIVER_R2STAR_HZ + 0.202) * 1e4) / 1e4,
    liverGrade: 'moderate',
    heartGrade: 'mild-moderate',
  };
}
