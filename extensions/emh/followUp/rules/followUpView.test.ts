import { test } from 'node:test';
import assert from 'node:assert/strict';
import { changeAt, daysFromFirst, followUpView, lesionsToMeasure, type InventoryWithFollowUp } from './followUpView';
import type { LesionTimepointValues } from './followUpTypes';
import { SAMPLE_FOLLOW_UP } from './followUpView.fixture';

const row = (
  timepoint: string,
  longAxisMm: number | null,
  status: LesionTimepointValues['status'] = 'measured',
): LesionTimepointValues => ({
  timepoint,
  date: null,
  status,
  longAxisMm,
  shortAxisMm: null,
  ctMeanHU: null,
  t1Call: null,
  t2Call: null,
});

test('change at a time point: from the prior, the baseline (first measured) and the nadir (smallest before)', () => {
  const history = [row('T1', 40), row('T2', 20), row('T3', 30)];
  const change = changeAt(history, 2);
  assert.equal(change.fromPriorPct, 50);
  assert.equal(change.fromBaselinePct, -25);
  assert.equal(change.fromNadirPct, 50);
  assert.deepEqual(changeAt(history, 0), { fromPriorPct: null, fromBaselinePct: null, fromNadirPct: null });
});

test('resolved then back: nadir 0 gives no change from the nadir; not measured gives no change at all', () => {
  const history = [row('T1', 20), row('T2', 0, 'resolved'), row('T3', 15), row('T4', null, 'not-measured')];
  assert.deepEqual(changeAt(history, 2), { fromPriorPct: null, fromBaselinePct: -25, fromNadirPct: null });
  assert.deepEqual(changeAt(history, 3), { fromPriorPct: null, fromBaselinePct: null, fromNadirPct: null });
  // A new lesion's baseline is where it first appears.
  assert.deepEqual(changeAt([row('T2', 24, 'new'), row('T3', 30)], 1), { fromPriorPct: 25, fromBaselinePct: 25, fromNadirPct: 25 });
});

test('lesions to measure: those not measured at the latest time point', () => {
  const view = {
    ...SAMPLE_FOLLOW_UP,
    lesions: SAMPLE_FOLLOW_UP.lesions.map((l) => (l.id === 'L2' ? { ...l, status: 'not-measured' as const } : l)),
  };
  assert.deepEqual(
    lesionsToMeasure(view).map((l) => l.id),
    ['L2'],
  );
  assert.deepEqual(lesionsToMeasure(SAMPLE_FOLLOW_UP), []);
});

test('days from the first time point read YYYYMMDD and ISO dates alike', () => {
  const [t1, t2] = SAMPLE_FOLLOW_UP.timepoints;
  assert.ok(t1 && t2);
  assert.equal(daysFromFirst(SAMPLE_FOLLOW_UP.timepoints, t2), 182);
  assert.equal(daysFromFirst([{ ...t1, date: '2024-03-12' }], { ...t2, date: '2024-09-10' }), 182);
  assert.equal(daysFromFirst(SAMPLE_FOLLOW_UP.timepoints, { ...t2, date: null }), null);
});

test('an inventory with one time point (or a version-1 one) has no change view', () => {
  const base = { lesions: [], liver: { normalRangeHU: [54, 60] } } as unknown as InventoryWithFollowUp;
  assert.equal(followUpView(base), null);
  assert.equal(followUpView({ ...base, timepoints: [SAMPLE_FOLLOW_UP.timepoints[0]!] }), null);
  const view = followUpView({
    ...base,
    timepoints: SAMPLE_FOLLOW_UP.timepoints,
    liver: { ...base.liver, history: SAMPLE_FOLLOW_UP.liverHistory },
  });
  assert.equal(view?.liverHistory.length, 2);
});
