import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { matchSegment } from './segBinding';
import { segIdentity, type SegContent } from './segIdentity';
import { compactMask } from './compactMask';
import type { GridSize } from './voxelGrid';

const DIMS: GridSize = [8, 8, 4];
const GROWN = { type: 'SEMIAUTOMATIC', algorithm: 'EMH region growing' } as const;

function cube(at: number, side: number): Uint8Array {
  const mask = new Uint8Array(8 * 8 * 4);
  for (let z = 0; z < Math.min(side, 4); z += 1)
    for (let y = at; y < at + side; y += 1) for (let x = at; x < at + side; x += 1) mask[x + 8 * (y + 8 * z)] = 1;
  return mask;
}

const content = (lesionId: string, mask: Uint8Array, trackingUID = `2.25.${lesionId.slice(1)}`): SegContent => ({
  lesionId,
  trackingUID,
  method: GROWN,
  mask: compactMask(mask, DIMS),
});

describe('segIdentity: the SEG UIDs from its content', () => {
  const series = '1.2.3';
  const l1 = content('L1', cube(0, 2));
  const l2 = content('L2', cube(3, 3));
  const l10 = content('L10', cube(5, 2));

  it('gives the same UIDs for the same segments, whatever the order they are held in', () => {
    const a = segIdentity(series, [l1, l2, l10]);
    const b = segIdentity(series, [l10, l1, l2]);
    assert.deepEqual(a, b);
    assert.match(a.sopInstanceUID, /^2\.25\.\d+$/);
    assert.notEqual(a.sopInstanceUID, a.seriesInstanceUID);
    // Segment numbers in the order a reader counts lesions.
    assert.deepEqual(a.lesionIds, ['L1', 'L2', 'L10']);
  });

  it('gives new UIDs when a voxel, a lesion, a tracking UID, the algorithm or the series changes', () => {
    const base = segIdentity(series, [l1, l2]).sopInstanceUID;
    const grownMore = cube(3, 3);
    grownMore[3 + 8 * (3 + 8 * 0)] = 0;
    const variants = [
      segIdentity(series, [l1, content('L2', grownMore)]),
      segIdentity(series, [l1]),
      segIdentity(series, [l1, content('L2', cube(3, 3), '2.25.99')]),
      segIdentity(series, [l1, { ...l2, method: { type: 'MANUAL' } }]),
      segIdentity('1.2.4', [l1, l2]),
    ].map((i) => i.sopInstanceUID);
    for (const uid of variants) assert.notEqual(uid, base);
    assert.equal(new Set(variants).size, variants.length);
  });
});

describe('matchSegment: which lesion an imported segment belongs to', () => {
  const lesions = [
    { id: 'L1', trackingUid: '2.25.1' },
    { id: 'L2', trackingUid: '2.25.2' },
  ];
  const seg = '2.25.700';

  it('takes the lesion with the segment tracking UID first, whatever its label', () => {
    assert.deepEqual(matchSegment({ number: 1, label: 'L7', trackingUID: '2.25.2' }, seg, lesions, []), {
      lesionId: 'L2',
      by: 'tracking UID',
    });
  });

  it("then the lesion a report's volume group cites the segment for", () => {
    const cited = [{ lesionId: 'L1', segSopInstanceUID: seg, segmentNumber: 3 }];
    assert.deepEqual(matchSegment({ number: 3, label: 'X', trackingUID: '2.25.9' }, seg, lesions, cited), { lesionId: 'L1', by: 'report' });
    // Another SEG's segment 3 is not that one.
    assert.equal(matchSegment({ number: 3, label: 'X', trackingUID: null }, '2.25.701', lesions, cited).lesionId, null);
  });

  it('then the lesion of the same id, unless the tracking UID says it is another lesion', () => {
    assert.deepEqual(matchSegment({ number: 1, label: 'L1', trackingUID: null }, seg, lesions, []), { lesionId: 'L1', by: 'label' });
    const other = matchSegment({ number: 1, label: 'L1', trackingUID: '2.25.55' }, seg, lesions, []);
    assert.equal(other.lesionId, null);
    assert.match(other.lesionId === null ? other.reason : '', /segment 1 "L1" tracks another lesion than this case's L1/);
  });

  it('lists a segment that matches nothing, never attaching it', () => {
    const none = matchSegment({ number: 2, label: 'L9', trackingUID: null }, seg, lesions, []);
    assert.deepEqual(none, { lesionId: null, reason: 'segment 2 "L9" matches no lesion of this case' });
    assert.equal(matchSegment({ number: 1, label: 'L1', trackingUID: null }, seg, [], []).lesionId, null);
  });
});
