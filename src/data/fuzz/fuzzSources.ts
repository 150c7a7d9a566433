/**
 * The good files the fuzz damages: slices of the sample case (every series) and pydicom's test
 * corpus (many transfer syntaxes, colour, multi-frame, odd sizes). With CI=true the corpus must
 * be there; elsewhere, without it, more sample slices stand in.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PYDICOM_TEST_FILES = '/usr/lib/python3/dist-packages/pydicom/data/test_files';
const SAMPLE_OUTPUT = fileURLToPath(new URL('../../../sample-dicom/output/', import.meta.url));
const SEED = 20_260_612;

export interface FuzzSource {
  name: string;
  path: string;
  seed: number;
}

export function fuzzSources(): FuzzSource[] {
  if (!existsSync(join(SAMPLE_OUTPUT, 'manifest.json'))) {
    throw new Error('sample-dicom/output is missing: run `node scripts/ensure-sample.mjs`');
  }
  const corpus = existsSync(PYDICOM_TEST_FILES)
    ? readdirSync(PYDICOM_TEST_FILES)
        .filter((name) => name.endsWith('.dcm') && statSync(join(PYDICOM_TEST_FILES, name)).isFile())
        .sort()
    : [];
  if (corpus.length === 0 && process.env.CI === 'true') {
    throw new Error(`pydicom's test files are missing (${PYDICOM_TEST_FILES}): install python3-pydicom`);
  }
  const slicesPerSeries = corpus.length > 0 ? 1 : 16;
  const sample: string[] = [];
  for (const series of ['ct-nc', 'ct-pv', 'mr-t1', 'mr-t2']) {
    const files = readdirSync(join(SAMPLE_OUTPUT, series))
      .filter((name) => name.endsWith('.dcm'))
      .sort();
    for (let i = 0; i < slicesPerSeries; i++) sample.push(`${series}/${files[Math.floor((i * files.length) / slicesPerSeries)]}`);
  }
  return [
    ...sample.map((name) => ({ name: `sample/${name}`, path: join(SAMPLE_OUTPUT, name) })),
    ...corpus.map((name) => ({ name: `pydicom/${name}`, path: join(PYDICOM_TEST_FILES, name) })),
  ].map((source, index) => ({ ...source, seed: SEED + index }));
}
