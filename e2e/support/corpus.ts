/**
 * The real-world corpus (pydicom's test files, Debian python3-pydicom) and its reference
 * numbers from e2e/support/roiTruth.py: which files open together, how measured and reference
 * values compare, and the table the corpus spec prints.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CORPUS_DIR = '/usr/lib/python3/dist-packages/pydicom/data/test_files';
export const PYTHON = '/usr/bin/python3';

export interface RoiStatsTruth {
  mean: number;
  sd: number;
  min: number;
  max: number;
  count: number;
}

export interface CorpusFileTruth {
  file: string;
  pydicom: string;
  sopInstanceUID?: string | null;
  seriesInstanceUID?: string | null;
  instanceNumber?: number | null;
  modality?: string | null;
  transferSyntaxUID?: string;
  lossy?: boolean;
  photometric?: string | null;
  samplesPerPixel?: number;
  rows?: number;
  columns?: number;
  frames?: number;
  pixelSpacing?: [number, number] | null;
  imagePlane?: boolean;
  lesion?: {
    longAxis: [[number, number], [number, number]];
    shortAxis: [[number, number], [number, number]];
    longAxisPx: number;
    shortAxisPx: number;
    /** PixelSpacing 'patient', ImagerPixelSpacing 'detector', an ultrasound region, or none. */
    calibration: 'patient' | 'detector' | 'ultrasound-region' | null;
    longAxisMm: number | null;
    shortAxisMm: number | null;
  };
  roi?: {
    center: [number, number];
    radii: [number, number];
    decoder?: string;
    values?: string;
    stats?: RoiStatsTruth;
    unavailable?: string;
  };
}

/** Why the corpus cannot be read here, or null when it can. */
export function corpusMissing(): string | null {
  if (!existsSync(CORPUS_DIR)) return `${CORPUS_DIR} is missing (apt-get install python3-pydicom)`;
  if (!existsSync(PYTHON)) return `${PYTHON} is missing`;
  return null;
}

export function corpusTruth(): CorpusFileTruth[] {
  const script = new URL('./roiTruth.py', import.meta.url).pathname;
  const out = execFileSync(PYTHON, [script, CORPUS_DIR], { encoding: 'utf8', maxBuffer: 32 * 1024 * 1024 });
  return (JSON.parse(out) as { files: CorpusFileTruth[] }).files;
}

/** The file's URL under the route e2e/corpus.spec.ts serves: one path segment, so it names the file. */
export function corpusUrl(file: string): string {
  return `corpus/${encodeURIComponent(file.replaceAll('/', '__'))}`;
}

export function fileOfUrlName(name: string): string {
  return decodeURIComponent(name).replaceAll('__', '/');
}

/**
 * Files in page-sized groups where no two share a SOP Instance UID (the viewer keeps the first
 * copy of an instance, so MR_small.dcm and its eight re-encodings need a page each) or a series
 * and instance number (the API addresses an image by them).
 */
export function batches(files: CorpusFileTruth[]): CorpusFileTruth[][] {
  const groups: { files: CorpusFileTruth[]; keys: Set<string> }[] = [];
  for (const file of files) {
    const keys = [
      file.sopInstanceUID ? `sop:${file.sopInstanceUID}` : null,
      file.seriesInstanceUID ? `image:${file.seriesInstanceUID}:${file.instanceNumber ?? 'none'}` : null,
    ].filter((k): k is string => k !== null);
    let group = groups.find((g) => keys.every((k) => !g.keys.has(k)));
    if (!group) {
      group = { files: [], keys: new Set() };
      groups.push(group);
    }
    group.files.push(file);
    for (const key of keys) group.keys.add(key);
  }
  return groups.map((g) => g.files);
}

export interface MeasuredStats {
  mean: number;
  sd: number;
  min: number | null;
  max: number | null;
  count: number;
}

export interface StatsTolerance {
  /** Relative, for mean and SD. */
  relative: number;
  /** Absolute, in the image's values, for mean and SD. */
  meanSd: number;
  /** Absolute, for min and max. */
  minMax: number;
}

/** Lossless files hold the very pixels numpy reads: only floating-point summation order differs. */
export const LOSSLESS: StatsTolerance = { relative: 1e-6, meanSd: 0, minMax: 0 };
/**
 * Lossy JPEG 2000 (9/7 irreversible wavelet, floating point): Cornerstone's OpenJPEG (WASM) and
 * Pillow's OpenJPEG may round a pixel differently by one stored value, so mean and SD may move
 * by well under 0.5 and min / max by 1; the ROI's pixels (the count) are the same.
 */
export const LOSSY: StatsTolerance = { relative: 1e-6, meanSd: 0.5, minMax: 1 };

/** The differences that break the tolerance, in words; empty when measured equals reference. */
export function statsMismatches(measured: MeasuredStats, reference: RoiStatsTruth, tolerance: StatsTolerance): string[] {
  const problems: string[] = [];
  const close = (a: number, b: number, absolute: number): boolean =>
    Math.abs(a - b) <= Math.max(absolute, tolerance.relative * Math.max(Math.abs(a), Math.abs(b), 1e-12));
  if (measured.count !== reference.count) problems.push(`count ${measured.count} != ${reference.count}`);
  if (!close(measured.mean, reference.mean, tolerance.meanSd)) problems.push(`mean ${fmt(measured.mean)} != ${fmt(reference.mean)}`);
  if (!close(measured.sd, reference.sd, tolerance.meanSd)) problems.push(`SD ${fmt(measured.sd)} != ${fmt(reference.sd)}`);
  if (measured.min !== null && Math.abs(measured.min - reference.min) > tolerance.minMax + 1e-9)
    problems.push(`min ${measured.min} != ${reference.min}`);
  if (measured.max !== null && Math.abs(measured.max - reference.max) > tolerance.minMax + 1e-9)
    problems.push(`max ${measured.max} != ${reference.max}`);
  return problems;
}

export function fmt(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined) return '-';
  return Number.isInteger(value) ? String(value) : value.toFixed(digits);
}

export interface CorpusRow {
  file: string;
  outcome: 'loaded' | 'refused' | 'document' | 'not shown' | 'lost';
  reason: string;
  roi: string;
  roiOk: boolean | null;
  lesion: string;
  lesionOk: boolean | null;
}

export function table(rows: CorpusRow[]): string {
  const header = ['file', 'outcome', 'reason', 'ROI viewer vs numpy', 'ok', 'lesion viewer vs calibration', 'ok'];
  const mark = (ok: boolean | null): string => (ok === null ? '' : ok ? 'yes' : 'NO');
  const lines = rows.map((r) => [r.file, r.outcome, r.reason, r.roi, mark(r.roiOk), r.lesion, mark(r.lesionOk)]);
  return [header, header.map(() => '---'), ...lines].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}
