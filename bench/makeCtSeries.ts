/**
 * Writes the deterministic 512 x 512 x 300 CT series the load benchmark uses into
 * bench/data/ct512/ plus manifest.json, and on request other geometries of the same phantom
 * (THIN_CT: 1,000 slices of 0.625 mm for suite thinSlice). Run directly
 * (`npx tsx bench/makeCtSeries.ts`) or through ensureCtSeries() from the runner; an existing
 * complete series is reused.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeElementHeader, encodeElements, encodeFileMeta, type Element } from './lib/dicomWriter';
import { crossSection, makeRng, renderSlice, RESCALE_INTERCEPT, type Ellipsoid, type SliceGeometry } from './lib/ctPhantom';

export const SERIES = {
  rows: 512,
  columns: 512,
  slices: 300,
  pixelSpacing: 0.7,
  sliceThickness: 1,
} as const;

/**
 * One geometry of the phantom. The same anatomy is spread over `slices` slices `sliceThickness`
 * mm apart (spacing = thickness, contiguous), so a thin series is the thick one resampled.
 */
export interface CtSeriesSpec {
  rows: number;
  columns: number;
  slices: number;
  pixelSpacing: number;
  sliceThickness: number;
  /** Root of every UID: a different geometry is a different series, never the same UIDs. */
  uidScope: string;
  description: string;
}

/** The bench CT everything else uses; its files must stay byte for byte as they were. */
export const CT512: CtSeriesSpec = { ...SERIES, uidScope: 'emh-bench-ct512', description: 'Bench CT 512x512x300' };

/** The thin-slice reconstruction a modern CT sends by default: 1,000 x 0.625 mm. */
export const THIN_CT: CtSeriesSpec = {
  ...SERIES,
  slices: 1000,
  sliceThickness: 0.625,
  uidScope: 'emh-bench-ct1000',
  description: 'Bench CT 512x512x1000 0.625 mm',
};

/** Bytes of stored pixel data for the whole series (16 bits allocated). */
export const RAW_PIXEL_BYTES = SERIES.rows * SERIES.columns * 2 * SERIES.slices;

/** Bump when the file content changes so stale series on disk get rewritten. */
const GENERATOR_VERSION = 1;
const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_SERIES_DIR = path.join(benchDir, 'data', 'ct512');

/**
 * A copy of the bench CT with ellipsoids drawn over the phantom (e.g. a lesion of known voxel
 * count), as its own study and series of the same patient. The noise is the same pixel for pixel.
 */
export interface SeriesVariant {
  /** Folds into every UID, so the variant never collides with the plain series. */
  label: string;
  description: string;
  /** Drawn in order over the organs, in renderSlice's mm; z = slice index x slice thickness. */
  inserts: readonly Ellipsoid[];
}

/** Stable UID under the 2.25 (UUID-derived) root so reruns produce identical files. */
export function seriesUid(label: string, variant?: SeriesVariant, spec: CtSeriesSpec = CT512): string {
  const scope = variant ? `${spec.uidScope}/${variant.label}` : spec.uidScope;
  const digest = createHash('sha256').update(`${scope}/${label}`).digest('hex');
  return `2.25.${(BigInt(`0x${digest.slice(0, 30)}`) % 10n ** 36n).toString()}`;
}

function fileName(index: number): string {
  return `IM-${String(index + 1).padStart(4, '0')}.dcm`;
}

function stampContent(spec: CtSeriesSpec, variant?: SeriesVariant): string {
  const { rows, columns, slices, pixelSpacing, sliceThickness } = spec;
  // Without the scope for ct512, whose stamp on disk predates it (an unchanged series is reused).
  const scope = spec.uidScope === CT512.uidScope ? {} : { uidScope: spec.uidScope };
  return JSON.stringify({
    generator: GENERATOR_VERSION,
    rows,
    columns,
    slices,
    pixelSpacing,
    sliceThickness,
    ...scope,
    ...(variant ? { variant } : {}),
  });
}

/** The UIDs a series' files carry, in file order: what a DICOMweb client asks a PACS for. */
export function instanceUids(spec: CtSeriesSpec, variant?: SeriesVariant): string[] {
  return Array.from({ length: spec.slices }, (_, i) => seriesUid(`instance/${i}`, variant, spec));
}

function datasetFor(spec: CtSeriesSpec, index: number, sopInstanceUid: string, variant?: SeriesVariant): Element[] {
  const { rows, columns, pixelSpacing, sliceThickness } = spec;
  // Patient (LPS) coordinates of the first pixel's centre; slices run head to feet.
  const origin = -((columns - 1) * pixelSpacing) / 2;
  const z = -index * sliceThickness;
  return [
    { tag: 0x00080008, vr: 'CS', value: 'ORIGINAL\\PRIMARY\\AXIAL' },
    { tag: 0x00080016, vr: 'UI', value: CT_IMAGE_STORAGE },
    { tag: 0x00080018, vr: 'UI', value: sopInstanceUid },
    { tag: 0x00080020, vr: 'DA', value: '20240115' },
    { tag: 0x00080030, vr: 'TM', value: '093000' },
    { tag: 0x00080060, vr: 'CS', value: 'CT' },
    { tag: 0x00080070, vr: 'LO', value: 'EMH BENCH' },
    { tag: 0x0008103e, vr: 'LO', value: variant?.description ?? spec.description },
    { tag: 0x00100010, vr: 'PN', value: 'BENCH^PHANTOM' },
    { tag: 0x00100020, vr: 'LO', value: 'BENCH0001' },
    { tag: 0x00180050, vr: 'DS', value: sliceThickness },
    { tag: 0x00180060, vr: 'DS', value: 120 },
    { tag: 0x0020000d, vr: 'UI', value: seriesUid('study', variant, spec) },
    { tag: 0x0020000e, vr: 'UI', value: seriesUid('series', variant, spec) },
    { tag: 0x00200011, vr: 'IS', value: 2 },
    { tag: 0x00200013, vr: 'IS', value: index + 1 },
    { tag: 0x00200032, vr: 'DS', value: [origin, origin, z] },
    { tag: 0x00200037, vr: 'DS', value: [1, 0, 0, 0, 1, 0] },
    { tag: 0x00200052, vr: 'UI', value: seriesUid('frame-of-reference', variant, spec) },
    { tag: 0x00201041, vr: 'DS', value: z },
    { tag: 0x00280002, vr: 'US', value: 1 },
    { tag: 0x00280004, vr: 'CS', value: 'MONOCHROME2' },
    { tag: 0x00280010, vr: 'US', value: rows },
    { tag: 0x00280011, vr: 'US', value: columns },
    { tag: 0x00280030, vr: 'DS', value: [pixelSpacing, pixelSpacing] },
    { tag: 0x00280100, vr: 'US', value: 16 },
    { tag: 0x00280101, vr: 'US', value: 12 },
    { tag: 0x00280102, vr: 'US', value: 11 },
    { tag: 0x00280103, vr: 'US', value: 0 },
    { tag: 0x00281050, vr: 'DS', value: 40 },
    { tag: 0x00281051, vr: 'DS', value: 400 },
    { tag: 0x00281052, vr: 'DS', value: RESCALE_INTERCEPT },
    { tag: 0x00281053, vr: 'DS', value: 1 },
    { tag: 0x00281054, vr: 'LO', value: 'HU' },
  ];
}

function isComplete(dir: string, spec: CtSeriesSpec, variant?: SeriesVariant): boolean {
  const manifestPath = path.join(dir, 'manifest.json');
  const stampPath = path.join(dir, '.complete');
  if (!existsSync(manifestPath) || !existsSync(stampPath)) return false;
  if (readFileSync(stampPath, 'utf8') !== stampContent(spec, variant)) return false;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { files?: unknown };
  if (!Array.isArray(manifest.files) || manifest.files.length !== spec.slices) return false;
  const minBytes = spec.rows * spec.columns * 2;
  return manifest.files.every((f) => typeof f === 'string' && existsSync(path.join(dir, f)) && statSync(path.join(dir, f)).size > minBytes);
}

export interface SeriesInfo {
  dir: string;
  manifestPath: string;
  generated: boolean;
  seconds: number;
  /** A variant's inserts: voxels each has the last word on, counted as the slices were drawn. */
  insertVoxels: number[];
  studyInstanceUID: string;
  seriesInstanceUID: string;
}

const INSERTS_FILE = 'inserts.json';

export function ensureCtSeries(dir: string = DEFAULT_SERIES_DIR, variant?: SeriesVariant, spec: CtSeriesSpec = CT512): SeriesInfo {
  const started = performance.now();
  const manifestPath = path.join(dir, 'manifest.json');
  const uids = { studyInstanceUID: seriesUid('study', variant, spec), seriesInstanceUID: seriesUid('series', variant, spec) };
  if (isComplete(dir, spec, variant)) {
    const insertVoxels = variant ? (JSON.parse(readFileSync(path.join(dir, INSERTS_FILE), 'utf8')) as { voxels: number[] }).voxels : [];
    return { dir, manifestPath, generated: false, seconds: (performance.now() - started) / 1000, insertVoxels, ...uids };
  }
  mkdirSync(dir, { recursive: true });
  const geometry: SliceGeometry = spec;
  const pixels = new Uint16Array(spec.rows * spec.columns);
  const pixelBytes = new Uint8Array(pixels.buffer); // host is little endian, like the transfer syntax
  const rng = makeRng(20240115);
  const implementationUid = seriesUid('implementation');
  const files: string[] = [];
  const insertVoxels = (variant?.inserts ?? []).map(() => 0);
  for (let i = 0; i < spec.slices; i++) {
    const sopInstanceUid = seriesUid(`instance/${i}`, variant, spec);
    // Each insert keeps its place in the list even on slices it misses, so the counts line up.
    const z = i * spec.sliceThickness;
    const cuts = (variant?.inserts ?? []).map((e) => crossSection(e, z));
    const drawn = renderSlice(pixels, geometry, i, spec.slices, rng, cuts);
    drawn.forEach((n, k) => (insertVoxels[k] += n));
    const pixelHeader = encodeElementHeader(0x7fe00010, 'OW', pixelBytes.length);
    const body = encodeElements(datasetFor(spec, i, sopInstanceUid, variant));
    const meta = encodeFileMeta(CT_IMAGE_STORAGE, sopInstanceUid, implementationUid);
    writeFileSync(path.join(dir, fileName(i)), Buffer.concat([meta, body, pixelHeader, pixelBytes]));
    files.push(fileName(i));
  }
  writeFileSync(manifestPath, `${JSON.stringify({ files }, null, 1)}\n`);
  if (variant) writeFileSync(path.join(dir, INSERTS_FILE), `${JSON.stringify({ inserts: variant.inserts, voxels: insertVoxels })}\n`);
  // Written last: its presence means every file above was written in full.
  writeFileSync(path.join(dir, '.complete'), stampContent(spec, variant));
  return { dir, manifestPath, generated: true, seconds: (performance.now() - started) / 1000, insertVoxels, ...uids };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const info = ensureCtSeries();
  console.log(`${info.generated ? 'wrote' : 'reused'} ${SERIES.slices} slices in ${info.dir} (${info.seconds.toFixed(1)} s)`);
}
