import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { LesionStatus, LesionTimepointValues } from './followUpTypes';
import { sumOfLongAxes } from './sumOfLongAxes';

const T1 = { id: 'T1', date: '2024-03-12', studyInstanceUIDs: ['a'] };
const T2 = { id: 'T2', date: '2024-09-10', studyInstanceUIDs: ['b'] };

const row = (timepoint: string, longAxisMm: number | null, status: LesionStatus = 'measured'): LesionTimepointValues => ({
  timepoint,
  date: null,
  status,
  longAxisMm,
  shortAxisMm: null,
  ctMeanHU: null,
  t1Call: null,
  t2Call: null,
});

describe('sumOfLongAxes', () => {
  it('sums the sample follow-up: resolved counts 0, a new lesion counts from where it appears', () => {
    const sums = sumOfLongAxes(
      [T1, T2],
      [
        { lesionId: 'L1', history: [row('T1', 42), row('T2', 30)] },
        { lesionId: 'L2', history: [row('T1', 36), row('T2', 36)] },
        { lesionId: 'L3', history: [row('T1', 20), row('T2', 0, 'resolved')] },
        { lesionId: 'L4', history: [row('T1', 100), row('T2', 75)] },
        { lesionId: 'L5', history: [row('T1', 29), row('T2', 26)] },
        { lesionId: 'L6', history: [row('T2', 24, 'new')] },
      ],
    );
    assert.deepEqual(
      sums.map((s) => [s.timepoint, s.sumMm, s.lesionsCounted]),
      [
        ['T1', 227, 5],
        ['T2', 191, 6],
      ],
    );
    assert.deepEqual(sums[0]!.change, { fromPriorPct: null, fromBaselinePct: null, fromNadirPct: null });
    const expected = ((191 - 227) / 227) * 100;
    assert.ok(Math.abs(sums[1]!.change.fromPriorPct! - expected) < 1e-9);
    assert.equal(sums[1]!.change.fromBaselinePct, sums[1]!.change.fromPriorPct);
    assert.equal(sums[1]!.change.fromNadirPct, sums[1]!.change.fromPriorPct);
  });

  it('lists lesions without a long axis as not counted, and has no change without a sum', () => {
    const sums = sumOfLongAxes([T1, T2], [{ lesionId: 'L1', history: [row('T1', 42), row('T2', null, 'not-evaluable')] }]);
    assert.deepEqual(sums[1]!.notCounted, ['L1']);
    assert.equal(sums[1]!.sumMm, 0);
    assert.deepEqual(sums[1]!.change, { fromPriorPct: null, fromBaselinePct: null, fromNadirPct: null });
  });

  it('compares only whole sums: a change to or from a time point with a lesion not counted is null', () => {
    const lesions = [
      { lesionId: 'L1', history: [row('T1', 42), row('T2', 30), row('T3', 28)] },
      { lesionId: 'L4', history: [row('T1', 100), row('T2', null, 'not-measured'), row('T3', 70)] },
    ];
    const T3 = { id: 'T3', date: '2025-03-10', studyInstanceUIDs: ['c'] };
    const sums = sumOfLongAxes([T1, T2, T3], lesions);
    assert.equal(sums[1]!.sumMm, 30, 'the partial sum is still given');
    assert.deepEqual(sums[1]!.notCounted, ['L4']);
    assert.deepEqual(sums[1]!.change, { fromPriorPct: null, fromBaselinePct: null, fromNadirPct: null }, 'not -78.9 %');
    // T3 is whole again: compared with T1, the last whole sum (T2 is passed over).
    const expected = ((98 - 142) / 142) * 100;
    assert.ok(Math.abs(sums[2]!.change.fromPriorPct! - expected) < 1e-9);
    assert.equal(sums[2]!.change.fromBaselinePct, sums[2]!.change.fromPriorPct);
    const partialBaseline = sumOfLongAxes(
      [T1, T2],
      [
        { lesionId: 'L1', history: [row('T1', 42), row('T2', 30)] },
        { lesionId: 'L4', history: [row('T1', null, 'not-measured'), row('T2', 75)] },
      ],
    );
    assert.deepEqual(partialBaseline[1]!.change, { fromPriorPct: null, fromBaselinePct: null, fromNadirPct: null });
  });
});
