import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { RoiStats } from '../../inventory/rules/common';
import { resolveThresholds } from '../../inventory/rules/config';
import { assessSignal, effectiveSignalCall, nearestMuscleReference, signalBand, sliceDistanceMm, type SignalRoi } from './signalRatio';

const stats = (mean: number, areaMm2: number | null = 200, pixelCount = 89): RoiStats => ({
  mean,
  sd: mean * 0.04,
  min: mean * 0.9,
  max: mean * 1.1,
  areaMm2,
  pixelCount,
});

const roi = (uid: string, series: string, slicePositionMm: number | null, mean: number, extra: Partial<RoiStats> = {}): SignalRoi => ({
  annotationUID: uid,
  seriesInstanceUID: series,
  slicePositionMm,
  stats: { ...stats(mean), ...extra },
});

const codes = (warnings: readonly { code: string }[]): string[] => warnings.map((w) => w.code);

describe('signalBand', () => {
  it('applies markedly hypo < 0.50 <= hypo < 0.90 <= iso <= 1.10 < hyper at the edges', () => {
    const cases: [number, string][] = [
      [0, 'markedly-hypo'],
      [0.4999, 'markedly-hypo'],
      [0.5, 'hypo'],
      [0.8999, 'hypo'],
      [0.9, 'iso'],
      [1.0, 'iso'],
      [1.1, 'iso'],
      [1.1001, 'hyper'],
      [3, 'hyper'],
    ];
    for (const [ratio, band] of cases) assert.equal(signalBand(ratio), band, `ratio ${ratio}`);
  });

  it('uses configured bands', () => {
    const t = resolveThresholds({ signal: { isoTo: 1.2 } });
    assert.equal(signalBand(1.15, t), 'iso');
    assert.equal(signalBand(1.2001, t), 'hyper');
  });

  it('calls the sample case lesions as the case report does', () => {
    assert.equal(signalBand(400 / 400), 'iso'); // L1 T1
    assert.equal(signalBand(180 / 300), 'hypo'); // L1 T2
    assert.equal(signalBand(380 / 400), 'iso'); // L3 T1
    assert.equal(signalBand(450 / 300), 'hyper'); // L3 T2
    assert.equal(signalBand(410 / 400), 'iso'); // L4 T1 1.025
    assert.equal(signalBand(171 / 300), 'hypo'); // L4 T2 0.57
    assert.equal(signalBand(150 / 300), 'hypo'); // L5 T2 0.50 is the edge, hypo not markedly
    assert.equal(signalBand(120 / 400), 'markedly-hypo'); // liver T1
  });
});

describe('sliceDistanceMm', () => {
  it('is absolute and null when a position is unknown', () => {
    assert.equal(sliceDistanceMm(-70, -100), 30);
    assert.equal(sliceDistanceMm(null, 5), null);
  });
});

describe('nearestMuscleReference', () => {
  const lesion = { seriesInstanceUID: 'T2', slicePositionMm: 0 };

  it('picks the nearest of two references along the slice axis', () => {
    const far = roi('far', 'T2', 40, 300);
    const near = roi('near', 'T2', -10, 300);
    assert.equal(nearestMuscleReference(lesion, [far, near])?.annotationUID, 'near');
  });

  it('ignores a muscle on another series, however near', () => {
    const otherSeries = roi('t1-muscle', 'T1', 0, 400);
    const sameSeries = roi('t2-muscle', 'T2', 100, 300);
    assert.equal(nearestMuscleReference(lesion, [otherSeries, sameSeries])?.annotationUID, 't2-muscle');
    assert.equal(nearestMuscleReference(lesion, [otherSeries]), null);
  });

  it('ranks unknown positions last and keeps the older reference on a tie', () => {
    const unknown = roi('unknown', 'T2', null, 300);
    const first = roi('first', 'T2', 10, 300);
    const second = roi('second', 'T2', -10, 300);
    assert.equal(nearestMuscleReference(lesion, [unknown, first, second])?.annotationUID, 'first');
    assert.equal(nearestMuscleReference(lesion, [unknown])?.annotationUID, 'unknown');
  });
});

describe('assessSignal', () => {
  const muscleT2 = roi('m', 'T2', -70, 300);

  it('gives ratio, call and the values it came from (L1 T2: 0.60 hypo)', () => {
    const result = assessSignal(roi('l1', 'T2', -70, 180), [muscleT2]);
    assert.equal(result.ratio, 0.6);
    assert.equal(result.call, 'hypo');
    assert.equal(result.lesionMean, 180);
    assert.equal(result.muscleMean, 300);
    assert.equal(result.muscleReferenceUID, 'm');
    assert.equal(result.muscleDistanceMm, 0);
    assert.deepEqual(result.warnings, []);
  });

  it('has null ratio and call, and a warning, with no muscle reference on the series', () => {
    const result = assessSignal(roi('l1', 'T2', -70, 180), [roi('m1', 'T1', -70, 400)]);
    assert.equal(result.ratio, null);
    assert.equal(result.call, null);
    assert.equal(result.muscleMean, null);
    assert.deepEqual(codes(result.warnings), ['no-muscle-reference']);
  });

  it('warns when the muscle is more than 30 mm away (30 mm is fine, 30.1 is not)', () => {
    const at30 = assessSignal(roi('l', 'T2', -100, 180), [roi('m', 'T2', -70, 300)]);
    assert.deepEqual(codes(at30.warnings), []);
    const at301 = assessSignal(roi('l', 'T2', -100.1, 180), [roi('m', 'T2', -70, 300)]);
    assert.deepEqual(codes(at301.warnings), ['muscle-far']);
    assert.equal(at301.call, 'hypo', 'a far muscle warns but still calls');
  });

  it('warns when the distance cannot be known', () => {
    const result = assessSignal(roi('l', 'T2', null, 180), [muscleT2]);
    assert.deepEqual(codes(result.warnings), ['muscle-distance-unknown']);
    assert.equal(result.call, 'hypo');
  });

  it('warns for an ROI under 1 cm2 (99 vs 100 mm2), lesion or muscle, but still calls', () => {
    assert.deepEqual(codes(assessSignal(roi('l', 'T2', -70, 180, { areaMm2: 100 }), [muscleT2]).warnings), []);
    const small = assessSignal(roi('l', 'T2', -70, 180, { areaMm2: 99 }), [muscleT2]);
    assert.deepEqual(codes(small.warnings), ['roi-small-area']);
    assert.equal(small.call, 'hypo');
    const smallMuscle = assessSignal(roi('l', 'T2', -70, 180), [roi('m', 'T2', -70, 300, { areaMm2: 99 })]);
    assert.deepEqual(codes(smallMuscle.warnings), ['roi-small-area']);
    assert.equal(smallMuscle.warnings[0]?.annotationUID, 'm');
  });

  it('is indeterminate, with a warning, for an ROI under 20 pixels (19 vs 20)', () => {
    const at20 = assessSignal(roi('l', 'T2', -70, 180, { pixelCount: 20 }), [muscleT2]);
    assert.equal(at20.call, 'hypo');
    assert.deepEqual(codes(at20.warnings), []);
    const at19 = assessSignal(roi('l', 'T2', -70, 180, { pixelCount: 19 }), [muscleT2]);
    assert.equal(at19.call, 'indeterminate');
    assert.equal(at19.ratio, 0.6, 'the ratio is still shown');
    assert.deepEqual(codes(at19.warnings), ['roi-few-pixels']);
    const muscle19 = assessSignal(roi('l', 'T2', -70, 180), [roi('m', 'T2', -70, 300, { pixelCount: 19 })]);
    assert.equal(muscle19.call, 'indeterminate');
  });

  it('is indeterminate with no ratio when the muscle mean is 0 or negative', () => {
    for (const mean of [0, -5]) {
      const result = assessSignal(roi('l', 'T2', -70, 180), [roi('m', 'T2', -70, mean)]);
      assert.equal(result.call, 'indeterminate');
      assert.equal(result.ratio, null);
      assert.equal(result.muscleMean, mean);
      assert.ok(codes(result.warnings).includes('muscle-mean-not-positive'));
    }
  });

  it('notes an unknown area (no pixel spacing) instead of guessing', () => {
    const result = assessSignal(roi('l', 'T2', -70, 180, { areaMm2: null }), [muscleT2]);
    assert.deepEqual(codes(result.warnings), ['roi-area-unknown']);
    assert.equal(result.call, 'hypo');
  });
});

describe('effectiveSignalCall', () => {
  it('lets the override win without losing the automatic call', () => {
    assert.equal(effectiveSignalCall('hypo', null), 'hypo');
    assert.equal(effectiveSignalCall('hypo', 'markedly-hypo'), 'markedly-hypo');
    assert.equal(effectiveSignalCall(null, 'iso'), 'iso');
  });
});
