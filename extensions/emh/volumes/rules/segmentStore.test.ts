/**
 * The segment store and its compact masks: a segment round-trips through its box and bits, is
 * bound per patient by lesion id, never outlives its lesion, and reaches the exports as the
 * lesions' volumeMl / volumeMeanHU (null without a segment) and the CSV's volume columns.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { compactMask, expandMask } from './compactMask';
import { SegmentStore, type LesionSegmentRecord } from './segmentStore';
import { withLesionVolumes, withMeasuredVolumes } from './lesionVolumes';
import { inventoryToCsv } from '../../export/rules/inventoryCsv';
import { parseCsv } from '../../export/rules/csvTestParser';
import { sampleInventory } from '../../export/rules/sampleInventory.fixture';
import type { GridSize } from './voxelGrid';

const DIMS: GridSize = [7, 5, 4];

function maskWith(voxels: ReadonlyArray<readonly [number, number, number]>): Uint8Array {
  const mask = new Uint8Array(DIMS[0] * DIMS[1] * DIMS[2]);
  for (const [c, r, s] of voxels) mask[c + DIMS[0] * (r + DIMS[1] * s)] = 1;
  return mask;
}

function record(lesionId: string, volumeMl: number): LesionSegmentRecord {
  const mask = compactMask(maskWith([[1, 1, 1]]), DIMS);
  return {
    lesionId,
    seriesInstanceUID: '1.2.3',
    mask,
    voxels: 1,
    volumeMl,
    volumeMeanHU: 40,
    range: [-20, 120],
    seed: [1, 1, 2],
    sliceSpacingMm: 5,
    method: 'grown',
  };
}

describe('compactMask', () => {
  it('keeps the box around the voxels and gives the same mask back', () => {
    const mask = maskWith([
      [1, 2, 1],
      [3, 2, 1],
      [2, 4, 3],
      [6, 0, 2],
    ]);
    const compact = compactMask(mask, DIMS);
    assert.deepEqual(compact.origin, [1, 0, 1]);
    assert.deepEqual(compact.size, [6, 5, 3]);
    assert.equal(compact.bits.length, Math.ceil((6 * 5 * 3) / 8));
    assert.deepEqual(expandMask(compact), mask);
  });

  it('holds an empty segment in no bytes', () => {
    const compact = compactMask(maskWith([]), DIMS);
    assert.equal(compact.bits.length, 0);
    assert.deepEqual(expandMask(compact), maskWith([]));
  });
});

describe('SegmentStore', () => {
  it("binds one segment per lesion, per patient, and drops a deleted lesion's", () => {
    let active: string | null = 'A';
    const store = new SegmentStore(() => active);
    store.bind('A', record('L1', 2));
    store.bind('A', record('L1', 3)); // grown again: replaces
    store.bind('A', record('L2', 4));
    store.bind('B', record('L1', 9));
    assert.deepEqual(
      store.segments().map((s) => [s.lesionId, s.volumeMl]),
      [
        ['L1', 3],
        ['L2', 4],
      ],
    );
    assert.deepEqual(store.keepLesions(new Set(['L2'])), ['L1']);
    assert.deepEqual(
      store.segments().map((s) => s.lesionId),
      ['L2'],
    );
    active = 'B';
    assert.equal(store.segment('L1')?.volumeMl, 9, "another patient's segments are untouched");
    assert.equal(store.remove('L2'), false);
  });
});

describe('the volumes in the exports', () => {
  it('gives every lesion volumeMl and volumeMeanHU, null without a segment, and the CSV its columns', () => {
    const inventory = sampleInventory();
    const [first, second] = inventory.lesions;
    assert.ok(first && second);
    const volumes = new Map([[first.id, { volumeMl: 21.88125, volumeMeanHU: 40.5 }]]);
    const merged = withLesionVolumes(inventory, volumes);
    assert.equal(merged.lesions[0]!.volumeMl, 21.88125);
    assert.equal(merged.lesions[0]!.volumeMeanHU, 40.5);
    assert.equal(merged.lesions[1]!.volumeMl, null);
    assert.equal(merged.lesions[1]!.volumeMeanHU, null);
    const panel = withMeasuredVolumes(inventory, volumes);
    assert.equal(panel.lesions[1], inventory.lesions[1], 'a lesion without a volume keeps its identity');
    const rows = parseCsv(inventoryToCsv(merged));
    const header = rows[0]!;
    assert.deepEqual(header.slice(-2), ['volume_ml', 'volume_mean_hu']);
    const lesionRow = rows.find((row) => row[0] === 'lesion' && row[1] === first.id)!;
    assert.equal(lesionRow[header.indexOf('volume_ml')], '21.88125');
    assert.equal(lesionRow[header.indexOf('volume_mean_hu')], '40.5');
  });
});
