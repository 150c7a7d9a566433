/**
 * The DICOM SEG of the sample CT's lesions (grown from their centres): frames only where a
 * segment is present, dciodvfy without errors, pydicom reading back the same masks at the
 * source images' positions with codes from CID 7150 / 7151, and our own reader placing every
 * segment back on the source slices unchanged.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it, type TestContext } from 'node:test';

import { dciodvfyErrors, missingTool, toolMissing, writeTemp } from '../../sr/rules/srTools.fixture';
import { placeOnSlices, segFromDicom } from './segRead';
import { segToDicom, type LesionSegment, type SourceSeries } from './segWrite';
import { normalOf, REPO, type SampleCt } from './sampleCt.fixture';
import { sampleCt, sampleSegments, sampleSource, truth } from './sampleSeg.fixture';
import { countVoxels } from './segmentMeasures';

const PYTHON = '/usr/bin/python3';
const NOW = new Date(Date.UTC(2026, 11, 6, 18, 0, 0));
const OPTIONS = { sopInstanceUID: '2.25.1400001', seriesInstanceUID: '2.25.1400002', now: NOW };

let ct: SampleCt;
let source: SourceSeries;
let segments: LesionSegment[];
let bytes: Uint8Array;

before(() => {
  ct = sampleCt();
  source = sampleSource(ct);
  segments = sampleSegments(ct);
  bytes = segToDicom(source, segments, OPTIONS);
});

const plane = () => ct.dims[0] * ct.dims[1];

function slicesWith(mask: Uint8Array): number {
  let count = 0;
  for (let slice = 0; slice < ct.dims[2]; slice += 1)
    if (mask.subarray(slice * plane(), (slice + 1) * plane()).some((v) => v !== 0)) count += 1;
  return count;
}

describe('segToDicom on the sample lesions', () => {
  it('writes one segment per fat-hosted lesion, with frames only on the slices it is present on', () => {
    assert.deepEqual(
      segments.map((segment) => [segment.lesionId, countVoxels(segment.mask)]),
      truth.lesions.filter((lesion) => lesion.volume.growRange !== null).map((lesion) => [lesion.id, lesion.volume.voxels]),
    );
    const read = segFromDicom(bytes);
    assert.deepEqual(
      read.segments.map((segment) => segment.frames.length),
      segments.map((segment) => slicesWith(segment.mask)),
    );
    assert.deepEqual(
      read.segments.map((segment) => segment.frames.length),
      truth.lesions.filter((lesion) => lesion.volume.growRange !== null).map((lesion) => lesion.sliceRange[1] - lesion.sliceRange[0] + 1),
    );
  });

  it('dciodvfy finds no error', (t: TestContext) => {
    const errors = dciodvfyErrors(writeTemp(bytes, 'seg.dcm'));
    if (errors === null) return toolMissing(t, missingTool('dciodvfy', 'dicom3tools'));
    assert.deepEqual(errors, []);
  });

  it('pydicom reads back every mask, each frame at its source image position, codes from CID 7150 / 7151', (t: TestContext) => {
    if (spawnSync(PYTHON, ['-c', 'import pydicom, numpy'], { encoding: 'utf8' }).status !== 0) {
      return toolMissing(t, 'python3-pydicom / python3-numpy are not installed');
    }
    const file = writeTemp(bytes, 'seg.dcm');
    const out = `${file}.masks`;
    const run = spawnSync(PYTHON, [join(REPO, 'scripts/validators/segCheck.py'), file, join(REPO, 'sample-dicom/output/ct-nc'), out], {
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout) as {
      segments: Array<{ label: string; voxels: number; categoryInCid7150: boolean; typeInCid7151: boolean }>;
      positionMismatches: unknown[];
      referencedSeries: string;
    };
    assert.deepEqual(report.positionMismatches, []);
    assert.equal(report.referencedSeries, truth.series['ct-nc'].seriesInstanceUID);
    const masks = new Uint8Array(readFileSync(out));
    const size = plane() * ct.dims[2];
    segments.forEach((segment, index) => {
      assert.equal(report.segments[index].label, segment.lesionId);
      assert.equal(report.segments[index].voxels, countVoxels(segment.mask));
      assert.ok(report.segments[index].categoryInCid7150 && report.segments[index].typeInCid7151, segment.lesionId);
      assert.ok(
        segment.mask.every((value, offset) => value === masks[index * size + offset]),
        `${segment.lesionId}: pydicom's mask differs`,
      );
    });
  });

  it('segFromDicom places every segment back on the source slices unchanged', () => {
    const read = segFromDicom(bytes);
    assert.equal(read.referencedSeriesInstanceUID, source.seriesInstanceUID);
    assert.equal(read.frameOfReferenceUID, source.frameOfReferenceUID);
    segments.forEach((segment, index) => {
      const found = read.segments[index];
      assert.deepEqual(
        [found.label, found.algorithmType, found.categoryCode, found.typeCode],
        [segment.lesionId, 'SEMIAUTOMATIC', '49755003', '4147007'],
      );
      const placed = placeOnSlices(found, source.slices, normalOf(ct.orientation), source.sliceSpacingMm, plane());
      assert.equal(placed.unplacedFrames, 0);
      assert.deepEqual(placed.mask, segment.mask, segment.lesionId);
    });
  });

  it('places frames by position when the slices are other instances at the same positions, and counts those that fit none', () => {
    const read = segFromDicom(bytes);
    const normal = normalOf(ct.orientation);
    const copies = source.slices.map((slice, index) => ({
      sopInstanceUID: `2.25.99${index}`,
      imagePositionPatient: slice.imagePositionPatient,
    }));
    assert.deepEqual(placeOnSlices(read.segments[0], copies, normal, 5, plane()).mask, segments[0].mask);
    const moved = copies.map(({ sopInstanceUID, imagePositionPatient: [x, y, z] }) => ({
      sopInstanceUID,
      imagePositionPatient: [x, y, z + 500] as const,
    }));
    assert.equal(placeOnSlices(read.segments[0], moved, normal, 5, plane()).unplacedFrames, read.segments[0].frames.length);
  });
});

describe('segToDicom on small grids', () => {
  const small: SourceSeries = {
    patient: { name: 'Test^Patient', id: 'T1', birthDate: null, sex: null },
    study: { studyInstanceUID: '2.25.1', date: '20240101', accessionNumber: null, description: null },
    seriesInstanceUID: '2.25.2',
    frameOfReferenceUID: '2.25.3',
    rows: 3,
    columns: 5,
    pixelSpacing: [0.8, 1.2],
    imageOrientationPatient: [1, 0, 0, 0, 1, 0],
    sliceSpacingMm: 2,
    sliceThicknessMm: 3,
    slices: [0, 1, 2, 3].map((k) => ({
      sopClassUID: '1.2.840.10008.5.1.4.1.1.2',
      sopInstanceUID: `2.25.10${k}`,
      imagePositionPatient: [0, 0, 2 * k] as const,
    })),
  };

  it('packs 15-pixel frames bit after bit across frame boundaries, and reads them back', () => {
    const a = new Uint8Array(60);
    const b = new Uint8Array(60);
    [0, 7, 8, 14, 15, 29, 44, 59].forEach((offset) => (a[offset] = 1));
    [16, 17, 18, 20].forEach((offset) => (b[offset] = 1));
    const written = segToDicom(
      small,
      [
        { lesionId: 'L1', mask: a, method: { type: 'MANUAL' } },
        { lesionId: 'L2', mask: b, method: { type: 'SEMIAUTOMATIC', algorithm: 'EMH threshold' } },
      ],
      OPTIONS,
    );
    const read = segFromDicom(written);
    assert.deepEqual(
      read.segments.map((segment) => segment.frames.length),
      [4, 1],
    );
    assert.deepEqual(placeOnSlices(read.segments[0], small.slices, [0, 0, 1], 2, 15).mask, a);
    assert.deepEqual(placeOnSlices(read.segments[1], small.slices, [0, 0, 1], 2, 15).mask, b);
    assert.equal(read.segments[0].algorithmType, 'MANUAL');
    const errors = dciodvfyErrors(writeTemp(written, 'small-seg.dcm'));
    if (errors !== null) assert.deepEqual(errors, [], 'dciodvfy on 5 frames of 15 bits');
  });

  it('refuses no segment, an empty one, one off the grid, and a lesion twice', () => {
    const mask = new Uint8Array(60).fill(1);
    assert.throws(() => segToDicom(small, [], OPTIONS), /at least one lesion segment/);
    assert.throws(
      () => segToDicom(small, [{ lesionId: 'L1', mask: new Uint8Array(60), method: { type: 'MANUAL' } }], OPTIONS),
      /L1 is empty/,
    );
    assert.throws(
      () => segToDicom(small, [{ lesionId: 'L1', mask: new Uint8Array(59), method: { type: 'MANUAL' } }], OPTIONS),
      /has 59 values/,
    );
    const twice = { lesionId: 'L1', mask, method: { type: 'MANUAL' } } as const;
    assert.throws(() => segToDicom(small, [twice, twice], OPTIONS), /L1 has two segments/);
  });
});
