import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fitR2star } from './r2starFit';
import { IronStore } from './ironStore';

const TE = [1, 3, 5, 7];
const meanSignal = TE.map((te) => 400 * Math.exp(-0.1 * te));
const roi = {
  organ: 'liver' as const,
  fit: fitR2star(TE.map((te, i) => ({ echoTimeMs: te, signal: meanSignal[i]! })))!,
  meanSignal,
  echoTimesMs: TE,
  pixels: 20,
  fieldStrengthT: 1.5,
  ref: {
    studyInstanceUID: 's',
    seriesInstanceUID: 'x',
    sopInstanceUID: 'y',
    instanceNumber: 1,
    slicePositionMm: 0,
    center: [5, 5] as const,
    radii: [2, 2] as const,
  },
};

describe('iron store', () => {
  it("keeps each patient's ROIs apart, with ids never reused", () => {
    let active: string | null = 'A';
    const store = new IronStore(() => active);
    let changes = 0;
    store.subscribe(() => (changes += 1));
    assert.equal(store.add('A', roi).id, 'I1');
    assert.equal(store.add('B', roi).id, 'I2');
    assert.deepEqual(
      store.rois().map((r) => r.id),
      ['I1'],
    );
    active = 'B';
    assert.deepEqual(
      store.rois().map((r) => r.id),
      ['I2'],
    );
    assert.equal(store.remove('I1'), false);
    assert.equal(store.remove('I2'), true);
    assert.equal(store.add('B', roi).id, 'I3');
    assert.equal(store.inventory().liver.rois.length, 1);
    assert.equal(changes, 4);
    active = null;
    assert.deepEqual(store.rois(), []);
  });
});
