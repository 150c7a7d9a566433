import { test } from 'node:test';
import assert from 'node:assert/strict';
import { changeChartModel, intervalText, spreadLabels } from './changeChart';
import type { FollowUpView } from './followUpView';
import type { LesionTimepointValues } from './followUpTypes';
import { SAMPLE_FOLLOW_UP } from './followUpView.fixture';

const row = (
  timepoint: string,
  date: string,
  longAxisMm: number | null,
  status: LesionTimepointValues['status'] = 'measured',
): LesionTimepointValues => ({
  timepoint,
  date,
  status,
  longAxisMm,
  shortAxisMm: longAxisMm,
  ctMeanHU: null,
  t1Call: null,
  t2Call: null,
});

test('one line per lesion, a point per measured time point, values as in the history', () => {
  const model = changeChartModel(SAMPLE_FOLLOW_UP);
  assert.deepEqual(
    model.lesions.map((l) => l.series),
    ['L1', 'L2', 'L3', 'L4', 'L5', 'L6'],
  );
  const values = Object.fromEntries(model.lesions.map((l) => [l.series, l.points.map((p) => `${p.timepoint}=${p.value}`)]));
  assert.deepEqual(values, {
    L1: ['T1=42', 'T2=30'],
    L2: ['T1=36', 'T2=36'],
    L3: ['T1=20', 'T2=0'],
    L4: ['T1=100', 'T2=75'],
    L5: ['T1=29', 'T2=26'],
    L6: ['T2=24'],
  });
  assert.deepEqual(
    model.liver?.points.map((p) => p.value),
    [103, 88],
  );
});

test('axes: mm from 0 to a round number above the largest lesion; HU covers the values and the normal band', () => {
  const model = changeChartModel(SAMPLE_FOLLOW_UP);
  assert.deepEqual(model.mm.domain, [0, 100]);
  assert.equal(model.mm.ticks[0]?.value, 0);
  assert.ok(model.hu);
  assert.ok(model.hu.domain[0] <= 44 && model.hu.domain[1] >= 103);
  assert.ok(model.normalBand && model.normalBand.top < model.normalBand.bottom, 'the band is 60 above 54');
  // Up is larger: L4 at 100 mm is above L3 resolved at 0 mm, which sits on the axis line.
  const l3 = model.lesions.find((l) => l.series === 'L3')?.points.at(-1);
  assert.equal(l3?.y, model.plot.bottom);
  assert.equal(model.lesions.find((l) => l.series === 'L4')?.points[0]?.y, model.plot.top);
});

test('time runs left to right in date order, spaced by days; dates or intervals label it', () => {
  const model = changeChartModel(SAMPLE_FOLLOW_UP);
  const [t1, t2] = model.time;
  assert.ok(t1 && t2 && t1.position < t2.position);
  assert.deepEqual(
    model.time.map((t) => [t.label, t.detail]),
    [
      ['T1', '2024-03-12'],
      ['T2', '2024-09-10'],
    ],
  );
  const teaching = changeChartModel(SAMPLE_FOLLOW_UP, { deidentified: true });
  assert.deepEqual(
    teaching.time.map((t) => t.detail),
    ['baseline', '+6 mo'],
  );
  assert.equal(intervalText(45), '+45 d');
});

test('a lesion resolved then seen again: the line goes through 0 and back up', () => {
  const view: FollowUpView = {
    ...SAMPLE_FOLLOW_UP,
    timepoints: [
      { id: 'T1', date: '20240101', studyInstanceUIDs: ['a'] },
      { id: 'T2', date: '20240401', studyInstanceUIDs: ['b'] },
      { id: 'T3', date: '20240701', studyInstanceUIDs: ['c'] },
    ],
    lesions: [
      {
        ...(SAMPLE_FOLLOW_UP.lesions[2] as FollowUpView['lesions'][number]),
        history: [row('T1', '20240101', 20), row('T2', '20240401', 0, 'resolved'), row('T3', '20240701', 15)],
      },
    ],
    sumOfLongAxes: [],
    liverHistory: [],
  };
  const model = changeChartModel(view);
  const line = model.lesions[0];
  assert.deepEqual(
    line?.points.map((p) => [p.timepoint, p.value, p.status]),
    [
      ['T1', 20, 'measured'],
      ['T2', 0, 'resolved'],
      ['T3', 15, 'measured'],
    ],
  );
  assert.equal(line?.path.match(/M/g)?.length, 1, 'one unbroken line');
  assert.equal(model.hu, null, 'no liver: no right axis');
  assert.equal(model.liver, null);
});

test('a time point without a value breaks the line instead of bridging it', () => {
  const view: FollowUpView = {
    ...SAMPLE_FOLLOW_UP,
    timepoints: [
      { id: 'T1', date: null, studyInstanceUIDs: ['a'] },
      { id: 'T2', date: null, studyInstanceUIDs: ['b'] },
      { id: 'T3', date: null, studyInstanceUIDs: ['c'] },
    ],
    lesions: [
      {
        ...(SAMPLE_FOLLOW_UP.lesions[0] as FollowUpView['lesions'][number]),
        history: [row('T1', '', 20), row('T2', '', null, 'not-evaluable'), row('T3', '', 25)],
      },
    ],
  };
  const model = changeChartModel(view);
  assert.equal(model.lesions[0]?.path.match(/M/g)?.length, 2);
  // Undated: evenly spaced.
  const [a, b, c] = model.time.map((t) => t.position);
  assert.ok(a !== undefined && b !== undefined && c !== undefined);
  assert.ok(Math.abs(b - a - (c - b)) < 1e-9);
});

test('a single time point draws points in the middle, without failing', () => {
  const view: FollowUpView = {
    ...SAMPLE_FOLLOW_UP,
    timepoints: [SAMPLE_FOLLOW_UP.timepoints[0] as FollowUpView['timepoints'][number]],
  };
  const model = changeChartModel(view);
  const x = model.time[0]?.position ?? NaN;
  assert.ok(Math.abs(x - (model.plot.left + model.plot.right) / 2) < 1e-9);
  assert.ok(model.lesions.every((l) => l.points.length <= 1 && l.points.every((p) => Number.isFinite(p.y))));
});

test('line-end ids are moved apart where lines end close together, and stay in the plot', () => {
  const placed = spreadLabels([100, 101, 102, 200], 0, 300);
  assert.ok((placed[1] ?? 0) - (placed[0] ?? 0) >= 12 && (placed[2] ?? 0) - (placed[1] ?? 0) >= 12);
  assert.equal(placed[3], 200);
  const atBottom = spreadLabels([299, 300], 0, 300);
  assert.ok((atBottom[1] ?? 0) <= 300 && (atBottom[0] ?? 0) <= 288);
});
