import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { DEFAULT_THRESHOLDS, resolveThresholds } from './config';

describe('DEFAULT_THRESHOLDS', () => {
  // What the defaults do is tested where they act, at each edge: signal bands in
  // signalRatio.test.ts, the liver range in liverAttenuation.test.ts, TR/TE in
  // seriesWeighting.test.ts, ROI minimums and muscle distance in lesionInventory.test.ts and
  // liverAttenuation.test.ts.
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
