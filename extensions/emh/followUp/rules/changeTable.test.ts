import { test } from 'node:test';
import assert from 'node:assert/strict';
import { changeChartModel } from './changeChart';
import { changeChartSvg, dataValue } from './changeChartSvg';
import { changeTable } from './changeTable';
import { SAMPLE_FOLLOW_UP } from './followUpView.fixture';

/** Every plotted point of the SVG, read back from its data attributes. */
function pointsInSvg(svg: string): { series: string; timepoint: string; value: string }[] {
  return [...svg.matchAll(/<circle [^>]*>/g)].map(([circle]) => {
    const attribute = (name: string): string | null => new RegExp(` ${name}="([^"]*)"`).exec(circle)?.[1] ?? null;
    return {
      series: attribute('data-lesion') ?? (attribute('data-liver') !== null ? 'liver' : '?'),
      timepoint: attribute('data-timepoint') ?? '?',
      value: attribute('data-value') ?? '?',
    };
  });
}

test("the chart's values, read back from the SVG, equal the table", () => {
  const table = changeTable(SAMPLE_FOLLOW_UP);
  const svg = changeChartSvg(changeChartModel(SAMPLE_FOLLOW_UP));
  const fromTable = [
    ...table.lesions.flatMap((row) =>
      row.cells.flatMap((cell) =>
        cell === null || cell.longAxisMm === null ? [] : [{ series: row.id, timepoint: cell.timepoint, value: dataValue(cell.longAxisMm) }],
      ),
    ),
    ...table.liver.flatMap((cell) =>
      cell === null || cell.meanHU === null ? [] : [{ series: 'liver', timepoint: cell.timepoint, value: dataValue(cell.meanHU) }],
    ),
  ];
  const key = (p: { series: string; timepoint: string }): string => `${p.series}@${p.timepoint}`;
  const sorted = <T extends { series: string; timepoint: string }>(list: T[]): T[] =>
    [...list].sort((a, b) => key(a).localeCompare(key(b)));
  assert.deepEqual(sorted(pointsInSvg(svg)), sorted(fromTable));
  assert.equal(fromTable.length, 13, '11 lesion values and 2 liver values');
  // The table shows the same numbers in cm: L1 at T2 is 3.0 cm, the chart's 30 mm.
  assert.equal(table.lesions[0]?.cells[1]?.size, '3.0 x 2.0');
  assert.ok(svg.includes('data-lesion="L1" data-timepoint="T2" data-value="30"'));
});

test('table: sizes, statuses, changes from prior / baseline / nadir, calls and hints per time point', () => {
  const table = changeTable(SAMPLE_FOLLOW_UP);
  assert.deepEqual(
    table.timepoints.map((t) => `${t.id} ${t.detail}`),
    ['T1 2024-03-12', 'T2 2024-09-10'],
  );
  const l1 = table.lesions[0];
  assert.equal(l1?.cells[0]?.change.fromPrior, '–', 'nothing to compare at the baseline');
  assert.deepEqual(l1?.cells[1]?.change, { fromPrior: '-28.6', fromBaseline: '-28.6', fromNadir: '-28.6' });
  assert.deepEqual([l1?.cells[1]?.t1, l1?.cells[1]?.t2], ['hyper', 'hyper']);
  assert.deepEqual(l1?.cells[1]?.hints, ['T1 now hyperintense: fatty involution (inactive EMH)?']);
  assert.deepEqual(table.lesions[1]?.cells[1]?.change.fromPrior, '0.0', 'stable is 0 %, not a dash');
  const l3 = table.lesions[2]?.cells[1];
  assert.deepEqual([l3?.statusText, l3?.size, l3?.longAxisMm, l3?.change.fromBaseline], ['Resolved', '0.0 x 0.0', 0, '-100.0']);
  const l6 = table.lesions[5];
  assert.equal(l6?.cells[0], null, 'L6 did not exist at T1');
  assert.deepEqual([l6?.cells[1]?.statusText, l6?.cells[1]?.change.fromBaseline], ['New', '–']);
  assert.deepEqual(
    table.sums.map((s) => [s?.text, s?.note, s?.change.fromBaseline]),
    [
      ['22.7 cm', '5 lesions', '–'],
      ['19.1 cm', '6 lesions', '-15.9'],
    ],
  );
  assert.deepEqual(
    table.liver.map((l) => l?.text),
    ['103.0 HU (above normal)', '88.0 HU (above normal)'],
  );
});

test('a de-identified table and chart carry no dates, only time point ids and intervals', () => {
  const table = changeTable(SAMPLE_FOLLOW_UP, { deidentified: true });
  const svg = changeChartSvg(changeChartModel(SAMPLE_FOLLOW_UP, { width: 720, deidentified: true }));
  assert.deepEqual(
    table.timepoints.map((t) => t.detail),
    ['baseline', '+6 mo'],
  );
  assert.doesNotMatch(svg, /2024|20240312|20240910/);
});

test('the SVG escapes what a user typed (a site of their own words)', () => {
  const view = {
    ...SAMPLE_FOLLOW_UP,
    lesions: SAMPLE_FOLLOW_UP.lesions.map((l, i) => (i === 0 ? { ...l, siteLabel: '<script>alert(1)</script>' } : l)),
  };
  const svg = changeChartSvg(changeChartModel(view, { width: 720 }));
  assert.doesNotMatch(svg, /<script/);
  assert.match(svg, /&lt;script&gt;/);
});
