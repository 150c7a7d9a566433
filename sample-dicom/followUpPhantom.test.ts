/**
 * Checks the follow-up time point against truth.json `followUp`: the files parse (dicom-parser),
 * belong to the same patient in new studies and frames of reference, sit on the baseline grid,
 * and an independent reading with pydicom + numpy (followUpCheck.py) finds the lesions, the
 * liver and the table shift where the truth says.
 *
 *   node --import tsx --test sample-dicom/followUpPhantom.test.ts
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import dicomParser, { type DataSet } from 'dicom-parser';
import { generateSampleCase, type GenerateResult } from './generate';
import type { FollowUpLesionTruth, Point, SampleTruth } from './truthTypes';

const here = path.dirname(fileURLToPath(import.meta.url));
const PYTHON = '/usr/bin/python3';

let outDir = '';
let followUpDir = '';
let result: GenerateResult;
let truth: SampleTruth;

before(async () => {
  outDir = await mkdtemp(path.join(os.tmpdir(), 'emh-followup-'));
  followUpDir = `${outDir}-followup`;
  result = await generateSampleCase(outDir, path.join(outDir, 'truth.json'));
  truth = JSON.parse(await readFile(path.join(outDir, 'truth.json'), 'utf8')) as SampleTruth;
});

after(async () => {
  if (outDir === '') return;
  for (const suffix of ['', '-oblique', '-t2star', '-followup']) await rm(`${outDir}${suffix}`, { recursive: true, force: true });
});

async function parse(dir: string, relative: string): Promise<DataSet> {
  return dicomParser.parseDicom(new Uint8Array(await readFile(path.join(dir, relative))));
}

function measured(): FollowUpLesionTruth[] {
  return Object.values(truth.followUp.lesions).filter((lesion): lesion is FollowUpLesionTruth => lesion.status !== 'resolved');
}

test('the manifest lists 60 images per series, CT first, and the baseline manifest does not', async () => {
  const manifest = JSON.parse(await readFile(path.join(followUpDir, 'manifest.json'), 'utf8')) as { files: string[] };
  assert.deepEqual(manifest.files, result.followUpFiles);
  assert.equal(manifest.files.length, 180);
  assert.equal(manifest.files[0], 'ct-nc/IM-0001.dcm');
  assert.ok(manifest.files.slice(0, 60).every((file) => file.startsWith('ct-nc/')));
  assert.deepEqual(Object.keys(truth.followUp.series), ['ct-nc', 'mr-t1', 'mr-t2']);
  assert.equal(result.files.length, 200, 'the baseline case is unchanged');
});

test('same patient, new studies and frames of reference, baseline grid, unique SOP instances', async () => {
  const fu = truth.followUp;
  const baselineStudies = new Set(truth.studies.map((study) => study.studyInstanceUID));
  const baselineFrames = new Set(truth.studies.map((study) => study.frameOfReferenceUID));
  const sopUids = new Set<string>();
  for (const [key, series] of Object.entries(fu.series)) {
    const study = fu.studies.find((candidate) => candidate.studyInstanceUID === series.studyInstanceUID);
    assert.ok(study !== undefined && study.series.includes(series.folder), key);
    assert.ok(!baselineStudies.has(series.studyInstanceUID), `${key} has a new study`);
    assert.ok(!baselineFrames.has(series.frameOfReferenceUID), `${key} has a new frame of reference`);
    assert.notEqual(series.seriesInstanceUID, truth.series[series.folder].seriesInstanceUID);
    assert.equal(series.description, truth.series[series.folder].description);
    for (let instance = 1; instance <= 60; instance += 1) {
      const relative = `${key}/IM-${String(instance).padStart(4, '0')}.dcm`;
      const [dataSet, baseline] = await Promise.all([parse(followUpDir, relative), parse(outDir, relative)]);
      for (const tag of ['x00100010', 'x00100020', 'x00100030', 'x00100040', 'x00200037', 'x00200032', 'x00280030']) {
        assert.equal(dataSet.string(tag), baseline.string(tag), `${relative} ${tag} as at baseline`);
      }
      assert.equal(dataSet.string('x00101010'), fu.patientAge);
      assert.equal(dataSet.string('x0020000d'), series.studyInstanceUID);
      assert.equal(dataSet.string('x0020000e'), series.seriesInstanceUID);
      assert.equal(dataSet.string('x00200052'), series.frameOfReferenceUID);
      assert.equal(dataSet.string('x00080020'), study.date);
      assert.equal(dataSet.intString('x00200013'), instance);
      const sop = dataSet.string('x00080018') ?? '';
      assert.notEqual(sop, baseline.string('x00080018'));
      sopUids.add(sop);
    }
  }
  assert.equal(sopUids.size, 180);
  assert.deepEqual(
    fu.studies.map((study) => [study.date, study.description]),
    [
      ['20240910', 'CT CHEST ABDOMEN PELVIS'],
      ['20240912', 'MR SPINE AND PELVIS'],
    ],
  );
  assert.notEqual(fu.studies[0].frameOfReferenceUID, fu.studies[1].frameOfReferenceUID);
});

test('truth: end points measure the stated axes, and the expected changes follow from them to 0.1 %', () => {
  const fu = truth.followUp;
  const spacing = truth.geometry.pixelSpacingMm[0];
  const length = ([a, b]: [Point, Point]): number => Math.hypot(b[0] - a[0], b[1] - a[1]) * spacing;
  const expected = { L1: [30, 20], L2: [36, 24], L4: [75, 40], L5: [26, 23], L6: [24, 16] } as const;
  for (const lesion of measured()) {
    const [long, short] = expected[lesion.id as keyof typeof expected];
    assert.ok(Math.abs(length(lesion.longAxis) - long) < 1e-3, `${lesion.id} long axis ${length(lesion.longAxis)}`);
    assert.ok(Math.abs(length(lesion.shortAxis) - short) < 1e-3, `${lesion.id} short axis`);
    const baseline = truth.lesions.find((candidate) => candidate.id === lesion.baselineId);
    const change = fu.expectedChange[lesion.id];
    assert.ok(change !== undefined);
    if (baseline === undefined) {
      assert.equal(lesion.status, 'new');
      assert.deepEqual(change, { fromPriorPct: null, fromBaselinePct: null, fromNadirPct: null });
      continue;
    }
    const measuredPct = ((length(lesion.longAxis) - length(baseline.longAxis)) / length(baseline.longAxis)) * 100;
    for (const value of [change.fromPriorPct, change.fromBaselinePct, change.fromNadirPct]) {
      assert.ok(value !== null && Math.abs(value - measuredPct) < 0.05, `${lesion.id}: ${value} vs ${measuredPct}`);
    }
  }
  assert.deepEqual(fu.expectedChange.L4?.fromBaselinePct, -25);
  assert.deepEqual(fu.expectedChange.L1?.fromBaselinePct, -28.571);
  assert.deepEqual(fu.expectedChange.L3?.fromBaselinePct, -100);
  assert.deepEqual(fu.lesions.L3, {
    id: 'L3',
    status: 'resolved',
    baselineId: 'L3',
    baselineCenterMappedPatientMm: [55.5, 66, -17.5],
  });
  assert.deepEqual([fu.sumOfLongAxesMm.T1, fu.sumOfLongAxesMm.T2, fu.sumOfLongAxesMm.change.fromBaselinePct], [227, 191, -15.859]);
  assert.deepEqual(fu.tableShiftMm, [0, 6, 37.5]);
});

interface PythonLesion {
  ctMeanHU: number;
  t1Ratio: number;
  t2Ratio: number;
  longAxisRunMm: number;
  ctLongAxisRunMm: number;
}
interface PythonSample {
  how: 'shifted' | 'unshifted';
  instance: number;
  dzMm: number;
  index: Point;
  meanHU: number;
}
interface PythonResult {
  lesions: Record<string, PythonLesion>;
  liver: Record<string, { roiMeanHU: number; innerMeanHU: number; innerPixels: number }>;
  mapped: Record<string, { followUpPatientMm: [number, number, number]; samples: PythonSample[] }>;
}

/** Runs followUpCheck.py, or skips (fails under CI=true) when Debian's pydicom / numpy are missing. */
function pythonCheck(context: TestContext): PythonResult | null {
  const probe = spawnSync(PYTHON, ['-c', 'import pydicom, numpy'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    const reason = 'python3-pydicom / python3-numpy are not installed';
    if (process.env.CI === 'true') assert.fail(`${reason}, and CI=true requires them`);
    context.skip(reason);
    return null;
  }
  const run = spawnSync(PYTHON, [path.join(here, 'followUpCheck.py'), outDir, followUpDir, path.join(outDir, 'truth.json')], {
    encoding: 'utf8',
  });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as PythonResult;
}

test('pydicom + numpy: lesion HU and MR ratios in the truth ROIs, L4 spans 75 mm, liver 88 HU', (context: TestContext) => {
  const python = pythonCheck(context);
  if (python === null) return;
  const spacing = truth.geometry.pixelSpacingMm[0];
  for (const lesion of measured()) {
    const found: PythonLesion = python.lesions[lesion.id];
    assert.ok(Math.abs(found.ctMeanHU - lesion.ctHU) < 0.01, `${lesion.id} CT ${found.ctMeanHU}`);
    assert.ok(Math.abs(found.t1Ratio - lesion.t1Ratio) < 0.01, `${lesion.id} T1 ${found.t1Ratio}`);
    assert.ok(Math.abs(found.t2Ratio - lesion.t2Ratio) < 0.01, `${lesion.id} T2 ${found.t2Ratio}`);
    // The outermost lesion pixels on the long axis are the first pixel centres inside its end points.
    const [a, b] = lesion.longAxis;
    const axis = a[1] === b[1] ? 0 : 1;
    const inside = (Math.floor(b[axis] + 1e-6) - Math.ceil(a[axis] - 1e-6)) * spacing;
    assert.equal(found.longAxisRunMm, inside, `${lesion.id} extent in the pixels`);
  }
  assert.equal(python.lesions.L4.longAxisRunMm, 75);
  assert.equal(python.lesions.L4.ctLongAxisRunMm, 75, 'L4 on CT: lesion pixels from column 103 to 153');
  for (const [name, liver] of Object.entries(python.liver)) {
    assert.ok(Math.abs(liver.roiMeanHU - 88) < 0.01, `${name}: ${liver.roiMeanHU}`);
    // A disc the noise is not mean-free in: 88 HU within 3 SD of the mean.
    assert.ok(Math.abs(liver.innerMeanHU - 88) < (3 * 8) / Math.sqrt(liver.innerPixels), `${name} inner: ${liver.innerMeanHU}`);
  }
});

test('pydicom + numpy: a baseline centre moved by tableShiftMm lands on the same lesion, unmoved it misses', (context: TestContext) => {
  const python = pythonCheck(context);
  if (python === null) return;
  const fat = truth.organs.tissues.fat.ctNc;
  for (const baseline of truth.lesions) {
    const fu = truth.followUp.lesions[baseline.id];
    assert.ok(fu !== undefined);
    const { samples, followUpPatientMm }: PythonResult['mapped'][string] = python.mapped[baseline.id];
    assert.deepEqual(followUpPatientMm, fu.baselineCenterMappedPatientMm);
    const shifted: PythonSample[] = samples.filter((sample) => sample.how === 'shifted');
    // Half a slice off the follow-up grid: the two instances either side, 2.5 mm away each.
    assert.deepEqual(
      shifted.map((sample) => Math.abs(sample.dzMm)),
      [2.5, 2.5],
      baseline.id,
    );
    for (const sample of shifted) {
      assert.deepEqual(sample.index, [baseline.center[0], baseline.center[1] + 4], `${baseline.id} 4 rows lower`);
      if (fu.status === 'resolved') {
        assert.ok(Math.abs(sample.meanHU - fat) < 12, `${baseline.id} resolved: fat at ${sample.instance}, ${sample.meanHU}`);
      } else {
        assert.ok(Math.abs(sample.meanHU - fu.ctHU) < 12, `${baseline.id} on follow-up ${sample.instance}: ${sample.meanHU}`);
        assert.ok(sample.instance >= fu.sliceRange[0] && sample.instance <= fu.sliceRange[1]);
      }
    }
    if (fu.status !== 'resolved' && fu.host === 'fat') {
      // Ignoring the shift (same z, same row) lands in the fat the lesion is not in.
      for (const sample of samples.filter((candidate) => candidate.how === 'unshifted')) {
        assert.ok(Math.abs(sample.meanHU - fat) < 12, `${baseline.id} unshifted: ${sample.meanHU}`);
      }
    }
  }
});

test('dciodvfy reports no errors on follow-up files', (context: TestContext) => {
  const probe = spawnSync('dciodvfy', [], { encoding: 'utf8' });
  if (probe.error !== undefined) {
    const reason = 'dciodvfy is not installed (Debian package dicom3tools)';
    if (process.env.CI === 'true') assert.fail(`${reason}, and CI=true requires it`);
    context.skip(reason);
    return;
  }
  for (const relative of ['ct-nc/IM-0001.dcm', 'ct-nc/IM-0046.dcm', 'mr-t1/IM-0003.dcm', 'mr-t2/IM-0060.dcm']) {
    const run = spawnSync('dciodvfy', [path.join(followUpDir, relative)], { encoding: 'utf8' });
    const errors = `${run.stdout}\n${run.stderr}`.split('\n').filter((line) => line.includes('Error'));
    assert.deepEqual(errors, [], `${relative}: ${errors.join('; ')}`);
  }
});
