/**
 * regionGrow against scipy.ndimage.label (scripts/validators/scipyRegionGrow.py) on a noisy
 * volume whose regions branch and wind (values uniform in 0-99): grown within 0-59 one region
 * spans much of the grid with many holes; near each connectivity's percolation threshold,
 * regions of every size occur. The masks must be equal voxel for voxel, 6- and 26-connected.
 * Skips without Debian's numpy / scipy (fails under CI=true).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it, type TestContext } from 'node:test';

import { regionGrow } from './regionGrow';
import { REPO } from './sampleCt.fixture';
import type { GridSize, VoxelIndex } from './voxelGrid';

const PYTHON = '/usr/bin/python3';

/** A small seeded generator (mulberry32): the same volume on every run. */
function uniform(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

it('equals scipy.ndimage.label voxel for voxel on a noisy volume, 6- and 26-connected', (context: TestContext) => {
  if (spawnSync(PYTHON, ['-c', 'import numpy, scipy.ndimage'], { encoding: 'utf8' }).status !== 0) {
    const reason = 'python3-numpy / python3-scipy are not installed';
    if (process.env.CI === 'true') assert.fail(`${reason}, and CI=true requires them`);
    context.skip(reason);
    return;
  }
  const dims: GridSize = [64, 48, 40];
  const random = uniform(14);
  const scalars = Float32Array.from({ length: dims[0] * dims[1] * dims[2] }, () => Math.floor(random() * 100));
  const dir = mkdtempSync(join(tmpdir(), 'emh-grow-'));
  writeFileSync(join(dir, 'volume.raw'), new Uint8Array(scalars.buffer));
  const plane = dims[0] * dims[1] * dims[2];
  // Near each connectivity's percolation threshold (31 % of voxels for 6, 10 % for 26): regions of every size.
  for (const [connectivity, range] of [
    [6, [0, 59]],
    [6, [0, 31]],
    [26, [0, 10]],
  ] as const) {
    const seeds: VoxelIndex[] = [];
    while (seeds.length < 8) {
      const seed: VoxelIndex = [Math.floor(random() * dims[0]), Math.floor(random() * dims[1]), Math.floor(random() * dims[2])];
      if (scalars[seed[0] + dims[0] * (seed[1] + dims[1] * seed[2])] <= range[1]) seeds.push(seed);
    }
    const out = join(dir, `masks${connectivity}-${range[1]}.raw`);
    const run = spawnSync(
      PYTHON,
      [
        join(REPO, 'scripts/validators/scipyRegionGrow.py'),
        join(dir, 'volume.raw'),
        ...dims.map(String),
        ...range.map(String),
        String(connectivity),
        out,
        ...seeds.flatMap((seed) => seed.map(String)),
      ],
      { encoding: 'utf8' },
    );
    assert.equal(run.status, 0, run.stderr);
    const { counts } = JSON.parse(run.stdout) as { counts: number[] };
    const masks = new Uint8Array(readFileSync(out));
    seeds.forEach((seed, index) => {
      const grown = regionGrow({ dims, scalars }, seed, range, { connectivity });
      assert.equal(grown.voxels, counts[index], `seed ${seed.join(',')} ${connectivity}-connected`);
      assert.ok(
        grown.mask.every((value, offset) => value === masks[index * plane + offset]),
        `seed ${seed.join(',')}: masks differ`,
      );
    });
    console.log(`${connectivity}-connected within ${range.join('-')}: regions of ${counts.join(', ')} voxels, equal to scipy's`);
  }
});
