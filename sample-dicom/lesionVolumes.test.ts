/**
 * Each lesion's volume in truth.json against an independent reading of the written CT:
 * volumeCheck.py grows, with scipy.ndimage.label, the voxels within the lesion's growRange
 * connected to its centre and must find exactly the generator's count, mean HU and volume.
 *
 *   node --import tsx --test sample-dicom/lesionVolumes.test.ts
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { SampleTruth } from './truthTypes';

const here = path.dirname(fileURLToPath(import.meta.url));
const PYTHON = '/usr/bin/python3';
const truth = JSON.parse(readFileSync(path.join(here, 'truth.json'), 'utf8')) as SampleTruth;

interface GrownLesion {
  range: [number, number];
  voxels6: number;
  voxels26: number;
  meanHU6: number;
  volumeMl6: number;
}
interface VolumeCheck {
  spacingMm: [number, number, number];
  lesions: Record<string, GrownLesion>;
  mr: Record<string, { 'mr-t1': number; 'mr-t2': number }>;
}

/** Runs volumeCheck.py on the written ct-nc, mr-t1 and mr-t2, or skips (fails under CI=true) without Debian's pydicom / scipy. */
function pythonCheck(context: TestContext): VolumeCheck | null {
  const probe = spawnSync(PYTHON, ['-c', 'import pydicom, numpy, scipy.ndimage'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    const reason = 'python3-pydicom / python3-numpy / python3-scipy are not installed';
    if (process.env.CI === 'true') assert.fail(`${reason}, and CI=true requires them`);
    context.skip(reason);
    return null;
  }
  const run = spawnSync(PYTHON, [path.join(here, 'volumeCheck.py'), path.join(here, 'output'), path.join(here, 'truth.json')], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as VolumeCheck;
}

test('volume = voxels x 1.5 x 1.5 x 5 mm (the spacing between slice positions) / 1000', () => {
  for (const lesion of truth.lesions) {
    assert.deepEqual(lesion.volume.voxelSpacingMm, [1.5, 1.5, truth.geometry.spacingBetweenSlicesMm]);
    assert.equal(lesion.volume.volumeMl, (lesion.volume.voxels * 11.25) / 1000, lesion.id);
  }
  assert.deepEqual(
    truth.lesions.map((lesion) => lesion.volume.voxels),
    [1945, 1121, 237, 11709, 847],
  );
});

test('scipy: growing each fat-hosted lesion from its centre within growRange finds exactly its voxels', (context: TestContext) => {
  const python = pythonCheck(context);
  if (python === null) return;
  assert.deepEqual(python.spacingMm, truth.lesions[0].volume.voxelSpacingMm, 'spacing from the files');
  for (const lesion of truth.lesions.filter((candidate) => candidate.volume.growRange !== null)) {
    const grown: GrownLesion = python.lesions[lesion.id];
    assert.deepEqual(grown.range, lesion.volume.growRange);
    assert.equal(grown.voxels6, lesion.volume.voxels, `${lesion.id} 6-connected`);
    assert.equal(grown.voxels26, lesion.volume.voxels, `${lesion.id} 26-connected`);
    assert.ok(Math.abs(grown.meanHU6 - lesion.volume.meanHU) < 1e-4, `${lesion.id} mean ${grown.meanHU6}`);
    assert.ok(Math.abs(grown.volumeMl6 - lesion.volume.volumeMl) < 1e-9, `${lesion.id} volume ${grown.volumeMl6}`);
  }
});

test('scipy: on mr-t1 and mr-t2 the fat-hosted lesions grow to the same voxels (one label map draws every series)', (context: TestContext) => {
  const python = pythonCheck(context);
  if (python === null) return;
  for (const lesion of truth.lesions.filter((candidate) => candidate.host === 'fat')) {
    assert.deepEqual(python.mr[lesion.id], { 'mr-t1': lesion.volume.voxels, 'mr-t2': lesion.volume.voxels }, lesion.id);
  }
});

test('scipy: the splenic lesion has no growRange, and growing it within its HU +- 3 SD leaks into the spleen', (context: TestContext) => {
  const python = pythonCheck(context);
  if (python === null) return;
  const spleenHosted = truth.lesions.filter((lesion) => lesion.host === 'spleen');
  assert.deepEqual(
    spleenHosted.map((lesion) => lesion.id),
    ['L5'],
  );
  for (const lesion of spleenHosted) {
    assert.equal(lesion.volume.growRange, null);
    assert.ok(python.lesions[lesion.id].voxels6 > 10 * lesion.volume.voxels, `${lesion.id}: ${python.lesions[lesion.id].voxels6}`);
  }
});
