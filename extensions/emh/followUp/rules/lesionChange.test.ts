import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { changeAt, percentChange } from './lesionChange';

const close = (actual: number | null, expected: number) => {
  assert.notEqual(actual, null);
  assert.ok(Math.abs(actual! - expected) < 1e-9, `${actual} is not ${expected}`);
};

describe('percentChange', () => {
  it('gives the hand-computed numbers of the sample follow-up', () => {
    close(percentChange(100, 75), -25); // L4 presacral 10.0 -> 7.5 cm
    close(percentChange(42, 30), -28.571428571428573); // L1 4.2 -> 3.0 cm
    close(percentChange(36, 36), 0); // L2 stable: a real 0, not "unknown"
    close(percentChange(29, 26), -10.344827586206897); // L5 spleen
    close(percentChange(42, 0), -100); // resolved
  });

  it('is null when either value is unknown or the start is 0', () => {
    assert.equal(percentChange(null, 30), null);
    assert.equal(percentChange(30, null), null);
    assert.equal(percentChange(0, 30), null);
  });
});

describe('changeAt', () => {
  it('compares with the prior, the baseline and the nadir', () => {
    const change = changeAt([100, 60, 75], 2, 0);
    close(change.fromPriorPct, 25);
    close(change.fromBaselinePct, -25);
    close(change.fromNadirPct, 25);
    assert.equal(change.nadir, 60);
    assert.equal(change.reappeared, false);
  });

  it('skips time points without a value for the prior, but counts a resolved 0', () => {
    close(changeAt([100, null, 75], 2, 0).fromPriorPct, -25);
    const afterResolved = changeAt([100, 0, 30], 2, 0);
    assert.equal(afterResolved.fromPriorPct, null);
    assert.equal(afterResolved.fromNadirPct, null);
    assert.equal(afterResolved.reappeared, true);
    close(afterResolved.fromBaselinePct, -70);
  });

  it('gives a resolved lesion -100 % and does not call it reappeared', () => {
    const change = changeAt([42, 0], 1, 0);
    close(change.fromPriorPct, -100);
    close(change.fromBaselinePct, -100);
    close(change.fromNadirPct, -100);
    assert.equal(changeAt([42, 0, 0], 2, 0).reappeared, false);
  });

  it('is all null for a new lesion (no earlier value, baseline is now) and for an unmeasured one', () => {
    assert.deepEqual(changeAt([null, 24], 1, 1), {
      fromPriorPct: null,
      fromBaselinePct: null,
      fromNadirPct: null,
      nadir: null,
      reappeared: false,
    });
    const unmeasured = changeAt([42, null], 1, 0);
    assert.equal(unmeasured.fromPriorPct, null);
    assert.equal(unmeasured.fromBaselinePct, null);
    assert.equal(unmeasured.fromNadirPct, null);
  });

  it('has no baseline change when there is no baseline', () => {
    assert.equal(changeAt([42, 30], 1, null).fromBaselinePct, null);
  });
});
