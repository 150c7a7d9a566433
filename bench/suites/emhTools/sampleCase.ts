/**
 * The 500 lesions both pages add, from the sample case's truth (sample-dicom/truth.json):
 * the five real lesions' long and short axes in turn, each on a different slice of the
 * unenhanced CT (60 calibrated slices, 1.5 mm pixels), so every add shows another image.
 * Also a manifest of that series alone for the baseline page, whose stack takes every
 * file of its manifest (the viewer's sample manifest has four series).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DATA_DIR, REPO_DIR, VIEWER_DIST } from '../../runner/paths';
import type { SampleTruth } from '../../../sample-dicom/truthTypes';

export const LESION_COUNT = 500;
const SERIES_KEY = 'ct-nc';
export const SAMPLE_CT_MANIFEST = '/data/sample-ct-nc/manifest.json';

export interface LesionArgs {
  seriesInstanceUID: string;
  instanceNumber: number;
  longAxis: [[number, number], [number, number]];
  shortAxis: [[number, number], [number, number]];
  site: string;
  laterality?: string;
}

function readTruth(): SampleTruth {
  return JSON.parse(readFileSync(path.join(REPO_DIR, 'sample-dicom', 'truth.json'), 'utf8')) as SampleTruth;
}

export function sampleLesions(count = LESION_COUNT): LesionArgs[] {
  const truth = readTruth();
  const series = truth.series[SERIES_KEY];
  const slices = series.instances;
  return Array.from({ length: count }, (_, i) => {
    const lesion = truth.lesions[i % truth.lesions.length];
    // Stride 7 is coprime with 60: consecutive adds land on different slices, all 60 are used.
    const instanceNumber = ((lesion.slice - 1 + 7 * i) % slices) + 1;
    return {
      seriesInstanceUID: series.seriesInstanceUID,
      instanceNumber,
      longAxis: lesion.longAxis,
      shortAxis: lesion.shortAxis,
      site: lesion.site,
      ...(lesion.laterality ? { laterality: lesion.laterality } : {}),
    };
  });
}

/**
 * Writes bench/data/sample-ct-nc/manifest.json (gitignored) pointing at the sample files
 * the viewer build serves under /sample/; throws when the build has no sample case.
 */
export function ensureSampleCtManifest(): string {
  const viewerManifest = path.join(VIEWER_DIST, 'sample', 'manifest.json');
  if (!existsSync(viewerManifest)) {
    throw new Error('dist/sample/manifest.json missing: the viewer build has no sample case (`npm run sample`, then `npm run build`)');
  }
  const { files } = JSON.parse(readFileSync(viewerManifest, 'utf8')) as { files: string[] };
  const ct = files.filter((f) => f.startsWith(`${SERIES_KEY}/`)).sort();
  const dir = path.join(DATA_DIR, 'sample-ct-nc');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ files: ct.map((f) => `/sample/${f}`) }, null, 1));
  return SAMPLE_CT_MANIFEST;
}
