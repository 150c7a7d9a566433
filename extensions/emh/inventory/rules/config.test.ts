import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { DEFAULT_THRESHOLDS, resolveThresholds } from './config';

describe('DEFAULT_THRESHOLDS', () => {
  it('carries every default docs/signal.md#bands and docs/liver.md give', () => {
    assert.deepEqual(DEFAULT_THRESHOLDS.signal, { markedlyHypoBelow: 0.5, isoFrom: 0.9, isoTo: 1.1 });
    assert.equal(DEFAULT_THRESHOLDS.maxMuscleDistanceMm, 30);
    assert.equal(DEFAULT_THRESHOLDS.minRoiAreaMm2, 100);
    assert.equal(DEFAULT_THRESHOLDS.minRoiPixels, 20);
    assert.deepEqual(DEFAULT_THRESHOLDS.weighting, {
      t1MaxTrMs: 800,
      t1MaxTeMs: 30,
      t2MinTrMs: 2000,
      t2MinTeMs: 60,
      pdMinTrMs: 2000,
      pdMaxTeMs: 30,
    });
    assert.deepEqual(DEFAULT_THRESHOLDS.liver, {
      normalRangeHU: [54, 60],
      ironAboveHU: 75,
      steatosisBelowHU: 40,
      liverMinusSpleenBelowHU: -10,
      minLiverRois: 3,
    });
  });

  it('cannot be changed by accident', () => {
    assert.ok(Object.isFrozen(DEFAULT_THRESHOLDS));
    assert.ok(Object.isFrozen(DEFAULT_THRESHOLDS.signal));
    assert.ok(Object.isFrozen(DEFAULT_THRESHOLDS.liver.normalRangeHU));
  });
});

describe('resolveThresholds', () => {
  it('returns the defaults when given nothing', () => {
    assert.deepEqual(resolveThresholds(), DEFAULT_THRESHOLDS);
  });

  it('lays a partial configuration over the defaults, group by group', () => {
    const t = resolveThresholds({ signal: { isoTo: 1.2 }, liver: { minLiverRois: 4 }, maxMuscleDistanceMm: 40 });
    assert.deepEqual(t.signal, { markedlyHypoBelow: 0.5, isoFrom: 0.9, isoTo: 1.2 });
    assert.equal(t.liver.minLiverRois, 4);
    assert.deepEqual(t.liver.normalRangeHU, [54, 60]);
    assert.equal(t.maxMuscleDistanceMm, 40);
    assert.equal(t.minRoiPixels, 20);
  });

  it('refuses overlapping signal bands and an inverted liver range', () => {
    assert.throws(() => resolveThresholds({ signal: { isoFrom: 1.2 } }), RangeError);
    assert.throws(() => resolveThresholds({ signal: { markedlyHypoBelow: 0.95 } }), RangeError);
    assert.throws(() => resolveThresholds({ liver: { normalRangeHU: [60, 54] } }), RangeError);
  });
});
