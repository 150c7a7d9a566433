/**
 * Follow-up over time on the sample case: baseline (T1) and follow-up (T2) measured through
 * window.emh at the truth's end points, then the inventory's time points, statuses, changes,
 * sum of long axes and liver history checked against sample-dicom/truth.json `followUp`, the
 * CSV's rows per time point, and the change view's chart read back from its SVG.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { openViewer, truthSite, run, screenshot, seriesUID, truth, waitForSeriesLoaded, watchConsole } from './helpers';
import type { FollowUpLesionTruth, LesionTruth } from '../sample-dicom/truthTypes';

const BOTH = '?manifest=sample/manifest.json&manifest=sample-followup/manifest.json';
interface Change {
  fromPriorPct: number | null;
  fromBaselinePct: number | null;
  fromNadirPct: number | null;
}
interface Inventory {
  timepoints: { id: string; date: string; studyInstanceUIDs: string[] }[];
  lesions: {
    id: string;
    trackingUid: string;
    status: string;
    longAxisMm: number | null;
    history: { timepoint: string; status: string; longAxisMm: number | null; t1Call: string | null; t2Call: string | null }[];
    change: Change;
    followUpHints: { code: string; timepoint: string }[];
  }[];
  sumOfLongAxes: { timepoint: string; sumMm: number; notCounted: string[]; change: Change }[];
  liver: { history: { timepoint: string; meanHU: number | null; call: string | null }[] };
}

const followUpSeries = (key: 'ct-nc' | 'mr-t1' | 'mr-t2'): string => truth.followUp.series[key].seriesInstanceUID;
const inventory = (page: Page) => run(page, 'emh.inventory') as Promise<Inventory>;
const round1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

const measured = (l: FollowUpLesionTruth | { status: string } | undefined): l is FollowUpLesionTruth =>
  l !== undefined && l.status !== 'resolved' && 'longAxis' in l;

/** The size, CT ROI and T1 / T2 signal of one lesion at one time point, each muscle reference once per slice. */
async function measureLesion(
  page: Page,
  lesion: LesionTruth | FollowUpLesionTruth,
  series: { ct: string; t1: string; t2: string },
  lesionId: string | undefined,
  musclesDone: Set<string>,
): Promise<string> {
  const id = (await run(page, 'emh.addLesion', {
    seriesInstanceUID: series.ct,
    instanceNumber: lesion.slice,
    longAxis: lesion.longAxis,
    shortAxis: lesion.shortAxis,
    ...(lesionId ? { lesionId } : truthSite(lesion)),
  })) as string;
  await run(page, 'emh.addHuRoi', {
    seriesInstanceUID: series.ct,
    instanceNumber: lesion.slice,
    center: lesion.roi.center,
    radii: lesion.roi.radii,
    organ: 'lesion',
    lesionId: id,
  });
  for (const mr of [series.t1, series.t2]) {
    const muscle = lesion.muscleReference;
    const key = `${mr}/${muscle.slice}`;
    if (!musclesDone.has(key)) {
      musclesDone.add(key);
      await run(page, 'emh.addSignalRoi', {
        seriesInstanceUID: mr,
        instanceNumber: muscle.slice,
        center: muscle.right.center,
        radii: [muscle.right.radiusPx, muscle.right.radiusPx],
        role: 'muscle',
      });
    }
    await run(page, 'emh.addSignalRoi', {
      seriesInstanceUID: mr,
      instanceNumber: lesion.slice,
      center: lesion.roi.center,
      radii: lesion.roi.radii,
      role: 'lesion',
      lesionId: id,
    });
  }
  return id;
}

async function measureLiver(page: Page, ct: string, liver: { recommendedSlice: number; rois: { center: number[]; radiusPx: number }[] }) {
  for (const roi of liver.rois) {
    await run(page, 'emh.addHuRoi', {
      seriesInstanceUID: ct,
      instanceNumber: liver.recommendedSlice,
      center: roi.center,
      radii: [roi.radiusPx, roi.radiusPx],
      organ: 'liver',
    });
  }
}

/** Both time points measured as a radiologist would: every baseline lesion, then each again (or marked) at follow-up. */
async function measureBothTimepoints(page: Page): Promise<void> {
  const muscles = new Set<string>();
  const baseline = { ct: seriesUID('ct-nc'), t1: seriesUID('mr-t1'), t2: seriesUID('mr-t2') };
  for (const lesion of truth.lesions) expect(await measureLesion(page, lesion, baseline, undefined, muscles)).toBe(lesion.id);
  await measureLiver(page, baseline.ct, truth.organs.liver);

  const followUp = { ct: followUpSeries('ct-nc'), t1: followUpSeries('mr-t1'), t2: followUpSeries('mr-t2') };
  for (const [id, lesion] of Object.entries(truth.followUp.lesions)) {
    if (lesion?.status === 'resolved') {
      await run(page, 'emh.updateLesion', { lesionId: id, timepoint: 'T2', status: 'resolved' });
    } else if (measured(lesion)) {
      // The new lesion is measured without an id: the viewer numbers it.
      const given = lesion.status === 'new' ? undefined : id;
      expect(await measureLesion(page, lesion, followUp, given, muscles)).toBe(id);
    }
  }
  await measureLiver(page, followUp.ct, truth.followUp.liver);
}

test('follow-up: time points, statuses, changes, sum of long axes and liver over time equal the truth', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  const problems = watchConsole(page);
  await openViewer(page, BOTH);
  await waitForSeriesLoaded(page);
  await measureBothTimepoints(page);
  const inv = await inventory(page);

  expect(inv.timepoints.map((t) => [t.id, t.date.replaceAll('-', ''), [...t.studyInstanceUIDs].sort()])).toEqual(
    truth.followUp.timepoints.map((t) => [t.id, t.date, [...t.studyInstanceUIDs].sort()]),
  );
  const statuses = Object.fromEntries(inv.lesions.map((l) => [l.id, l.status]));
  expect(statuses).toEqual({ L1: 'measured', L2: 'measured', L3: 'resolved', L4: 'measured', L5: 'measured', L6: 'new' });

  // Percent changes exact to 0.1 % against the truth's (computed from its own end points).
  for (const lesion of inv.lesions) {
    const expected = truth.followUp.expectedChange[lesion.id as keyof typeof truth.followUp.expectedChange];
    if (!expected) throw new Error(`no expected change for ${lesion.id}`);
    for (const key of ['fromPriorPct', 'fromBaselinePct', 'fromNadirPct'] as const) {
      const want = expected[key];
      const got = lesion.change[key];
      if (want === null) expect(got, `${lesion.id} ${key}`).toBeNull();
      else expect(Math.abs((got ?? NaN) - want), `${lesion.id} ${key}: ${got} vs ${want}`).toBeLessThanOrEqual(0.05);
    }
  }
  // One tracking UID per lesion, distinct.
  expect(new Set(inv.lesions.map((l) => l.trackingUid)).size).toBe(6);
  expect(inv.lesions.find((l) => l.id === 'L6')?.history.map((h) => h.timepoint)).toEqual(['T2']);
  expect(inv.lesions.find((l) => l.id === 'L3')?.history.map((h) => [h.status, round1(h.longAxisMm)])).toEqual([
    ['measured', 20],
    ['resolved', 0],
  ]);

  // L1 turned T1-hyperintense: fatty involution is hinted at T2.
  const l1 = inv.lesions.find((l) => l.id === 'L1');
  expect(l1?.history.map((h) => h.t1Call)).toEqual(['iso', 'hyper']);
  expect(l1?.followUpHints.map((h) => `${h.code}@${h.timepoint}`)).toContain('fatty-involution@T2');

  const sums = Object.fromEntries(inv.sumOfLongAxes.map((s) => [s.timepoint, s]));
  expect(sums.T1?.sumMm).toBeCloseTo(truth.followUp.sumOfLongAxesMm.T1, 1);
  expect(sums.T2?.sumMm).toBeCloseTo(truth.followUp.sumOfLongAxesMm.T2, 1);
  const sumChange = truth.followUp.sumOfLongAxesMm.change.fromPriorPct ?? NaN;
  expect(Math.abs((sums.T2?.change.fromPriorPct ?? NaN) - sumChange)).toBeLessThanOrEqual(0.05);

  const liver = inv.liver.history.map((h) => [h.timepoint, Math.round((h.meanHU ?? NaN) * 10) / 10, h.call]);
  expect(liver).toEqual([
    ['T1', truth.organs.liver.ctHU, 'above'],
    ['T2', truth.followUp.liver.ctHU, 'above'],
  ]);

  // The CSV: one row per lesion per time point (5 at T1, 6 at T2), with the change columns.
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  const csv = readFileSync(await csvDownload.path(), 'utf8');
  const lesionRows = csv.split('\r\n').filter((line) => line.startsWith('lesion,'));
  expect(lesionRows).toHaveLength(11);

  // The change view: the chart's values, read back from its SVG, equal the inventory's history.
  await page.getByTestId('tab-change').click();
  const chart = page.getByTestId('change-chart');
  await expect(chart).toBeVisible();
  const plotted = await chart
    .locator('[data-lesion]')
    .evaluateAll((nodes) =>
      nodes.map((n) => [n.getAttribute('data-lesion'), n.getAttribute('data-timepoint'), Number(n.getAttribute('data-value'))]),
    );
  const expected = inv.lesions.flatMap((l) =>
    l.history.filter((h) => h.longAxisMm !== null).map((h) => [l.id, h.timepoint, Math.round((h.longAxisMm ?? 0) * 10) / 10]),
  );
  expect(plotted.sort()).toEqual(expected.sort());
  const liverPlotted = await chart.locator('[data-liver]').evaluateAll((nodes) => nodes.map((n) => Number(n.getAttribute('data-value'))));
  expect(liverPlotted).toEqual(inv.liver.history.map((h) => Math.round((h.meanHU ?? 0) * 10) / 10));
  await screenshot(page, testInfo, 'follow-up-change-view');

  const download = page.waitForEvent('download');
  await page.getByTestId('change-chart-png').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/\.png$/);
  expect(problems).toEqual([]);
});

test('follow-up: the baseline lesions are listed to measure, Go to shows the matching follow-up slice, a measurement there is that lesion', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  const problems = watchConsole(page);
  await openViewer(page, BOTH);
  await waitForSeriesLoaded(page);
  const l4 = truth.lesions.find((l) => l.id === 'L4');
  if (!l4) throw new Error('no L4 in truth');
  for (const lesion of truth.lesions) {
    await run(page, 'emh.addLesion', {
      seriesInstanceUID: seriesUID('ct-nc'),
      instanceNumber: lesion.slice,
      longAxis: lesion.longAxis,
      shortAxis: lesion.shortAxis,
      ...truthSite(lesion),
    });
  }
  await page.getByTestId('tab-change').click();
  const toMeasure = page.getByTestId('to-measure');
  await expect(toMeasure).toBeVisible();
  for (const id of ['L1', 'L2', 'L3', 'L4', 'L5']) await expect(page.getByTestId(`to-measure-${id}`)).toBeVisible();

  await page.getByTestId('go-to-L4').click();
  // Baseline slice s shows the anatomy the follow-up has at position s - 7.5 (truth followUp.mapping):
  // the image shown must lie within half a slice thickness (2.5 mm = half an instance step) of it.
  await expect
    .poll(async () => ((await run(page, 'viewport.image')) as { seriesInstanceUID: string } | null)?.seriesInstanceUID, { timeout: 30_000 })
    .toBe(followUpSeries('ct-nc'));
  const image = (await run(page, 'viewport.image')) as { instanceNumber: number };
  const truePosition = l4.slice - truth.followUp.tableShiftMm[2] / truth.geometry.spacingBetweenSlicesMm;
  expect(Math.abs(image.instanceNumber - truePosition)).toBeLessThanOrEqual(0.5);
  await screenshot(page, testInfo, 'follow-up-go-to-L4');

  // Measured there with its id, L4 leaves the list and has its change.
  const fu = truth.followUp.lesions.L4;
  if (!measured(fu)) throw new Error('no follow-up L4 in truth');
  await run(page, 'emh.addLesion', {
    seriesInstanceUID: followUpSeries('ct-nc'),
    instanceNumber: fu.slice,
    longAxis: fu.longAxis,
    shortAxis: fu.shortAxis,
    lesionId: 'L4',
  });
  await expect(page.getByTestId('to-measure-L4')).toHaveCount(0);
  const inv = await inventory(page);
  expect(Math.abs((inv.lesions.find((l) => l.id === 'L4')?.change.fromPriorPct ?? NaN) - -25)).toBeLessThanOrEqual(0.05);
  expect(problems).toEqual([]);
});
