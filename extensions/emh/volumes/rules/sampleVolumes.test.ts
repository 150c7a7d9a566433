/**
 * The volume rules on the sample case's unenhanced CT as written (read with dicom-parser):
 * growing each fat-hosted lesion from its centre within its growRange gives exactly the
 * generator's voxels (truth.json lesions[].volume), its mean HU and its mL; the splenic
 * lesion leaks, which maxVoxels reports.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';

import type { SampleTruth } from '../../../../sample-dicom/truthTypes';
import { regionGrow } from './regionGrow';
import { normalOf, readSampleCt, REPO, type SampleCt } from './sampleCt.fixture';
import { segmentMean, segmentVolume } from './segmentMeasures';
import { sliceSpacingFromPositions } from './sliceSpacing';

const truth = JSON.parse(readFileSync(join(REPO, 'sample-dicom/truth.json'), 'utf8')) as SampleTruth;
let ct: SampleCt;

before(() => {
  ct = readSampleCt();
});

describe('the sample CT', () => {
  it('has 5 mm between slice positions (from ImagePositionPatient along the normal)', () => {
    assert.deepEqual(ct.dims, [256, 256, 60]);
    assert.deepEqual(sliceSpacingFromPositions(ct.positions, normalOf(ct.orientation)), { ok: true, spacingMm: 5 });
  });

  it('grows every fat-hosted lesion from its centre to exactly the generator voxels, mL and mean HU', () => {
    const spacing = sliceSpacingFromPositions(ct.positions, normalOf(ct.orientation));
    assert.ok(spacing.ok);
    for (const lesion of truth.lesions) {
      const range = lesion.volume.growRange;
      if (range === null) continue;
      const seed = [lesion.center[0], lesion.center[1], lesion.slice - 1] as const;
      for (const connectivity of [6, 26] as const) {
        const grown = regionGrow(ct, seed, range, { connectivity });
        assert.equal(grown.voxels, lesion.volume.voxels, `${lesion.id} ${connectivity}-connected`);
        const volume = segmentVolume(grown.mask, [ct.pixelSpacing[1], ct.pixelSpacing[0], spacing.spacingMm]);
        assert.equal(volume.volumeMl, lesion.volume.volumeMl, lesion.id);
        const mean = segmentMean(grown.mask, ct.scalars);
        assert.ok(mean !== null && Math.abs(mean - lesion.volume.meanHU) < 1e-4, `${lesion.id} mean ${mean}`);
      }
    }
  });

  it('the splenic lesion leaks into the spleen: growth stops at maxVoxels and says so', () => {
    const lesion = truth.lesions.find((candidate) => candidate.id === 'L5');
    assert.ok(lesion !== undefined && lesion.volume.growRange === null);
    const grown = regionGrow(ct, [lesion.center[0], lesion.center[1], lesion.slice - 1], [lesion.ctHU - 24, lesion.ctHU + 24], {
      maxVoxels: 10 * lesion.volume.voxels,
    });
    assert.equal(grown.stoppedAtLimit, true);
  });
});
