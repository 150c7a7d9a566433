import { expect, test, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAMPLE_DIR } from './fixtures/dicomFixtures';
import { openViewer, run, seriesUID, truth, waitForSeriesLoaded, watchConsole } from './helpers';
import { uploadDicomFolder } from '../scripts/orthanc.mjs';
import { startPacs, type Pacs } from './support/orthanc';

/** The follow-up sample's CT (2024-09-10), opened beside the baseline through the file picker. */
const FOLLOW_UP_CT = truth.followUp.series['ct-nc'];
const FOLLOW_UP_DIR = join(SAMPLE_DIR, '..', truth.followUp.folder, 'ct-nc');

type LesionOverTime = {
  id: string;
  trackingUid: string;
  status: string;
  history: { timepoint: string; date: string | null; status: string; longAxisMm: number | null }[];
  change: { fromPriorPct: number | null; fromBaselinePct: number | null; fromNadirPct: number | null };
};
type Inventory = { timepoints: { id: string; date: string | null }[]; lesions: LesionOverTime[] };

async function exportSr(page: Page, timepoint?: string): Promise<Buffer> {
  const bytes = await page.evaluate(async (tp) => {
    const blob = (await window.emh.commands.run('emh.export', { format: 'sr', ...(tp ? { timepoint: tp } : {}) })) as Blob;
    return [...new Uint8Array(await blob.arrayBuffer())];
  }, timepoint);
  return Buffer.from(bytes);
}

function overTime(inventory: Inventory) {
  const round = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);
  return {
    timepoints: inventory.timepoints.map((t) => [t.id, t.date]),
    lesions: inventory.lesions.map((l) => ({
      id: l.id,
      trackingUid: l.trackingUid,
      status: l.status,
      history: l.history.map((h) => [h.timepoint, h.date, h.status, round(h.longAxisMm)]),
      change: [l.change.fromPriorPct, l.change.fromBaselinePct, l.change.fromNadirPct].map(round),
    })),
  };
}

function dsrdump(file: string): string {
  const result = spawnSync('dsrdump', [file], { encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
}

test('one SR per time point, with one tracking UID per lesion; importing both into a fresh profile gives the same history', async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const problems = watchConsole(page);
  await openViewer(page);
  await waitForSeriesLoaded(page);
  const files = readdirSync(FOLLOW_UP_DIR)
    .filter((f) => f.endsWith('.dcm'))
    .map((f) => join(FOLLOW_UP_DIR, f));
  await page.getByTestId('file-input').setInputFiles(files);
  await expect
    .poll(
      async () =>
        (await page.evaluate(() => window.emh.series())).find((s) => s.seriesInstanceUID === FOLLOW_UP_CT.seriesInstanceUID)?.imageCount,
    )
    .toBe(files.length);

  // Baseline: L1, L2, L3 on the baseline CT (numbered in that order).
  for (const id of ['L1', 'L2', 'L3']) {
    const lesion = truth.lesions.find((l) => l.id === id)!;
    await run(page, 'emh.addLesion', {
      seriesInstanceUID: seriesUID('ct-nc'),
      instanceNumber: lesion.slice,
      longAxis: lesion.longAxis,
      shortAxis: lesion.shortAxis,
    });
  }
  // Follow-up: L1 (smaller) and L2 (stable) again, L3 resolved.
  for (const id of ['L1', 'L2'] as const) {
    const lesion = truth.followUp.lesions[id];
    if (!lesion || !('slice' in lesion)) throw new Error(`no follow-up measurement of ${id} in truth`);
    await run(page, 'emh.addLesion', {
      seriesInstanceUID: FOLLOW_UP_CT.seriesInstanceUID,
      instanceNumber: lesion.slice,
      longAxis: lesion.longAxis,
      shortAxis: lesion.shortAxis,
      lesionId: id,
    });
  }
  await run(page, 'emh.updateLesion', { lesionId: 'L3', timepoint: 'T2', status: 'resolved' });

  const dir = mkdtempSync(join(tmpdir(), 'follow-up-sr-'));
  const t1 = join(dir, 't1.dcm');
  const t2 = join(dir, 't2.dcm');
  writeFileSync(t1, await exportSr(page, 'T1'));
  writeFileSync(t2, await exportSr(page));
  for (const file of [t1, t2]) {
    const dciodvfy = spawnSync('dciodvfy', [file], { encoding: 'utf8' });
    expect(`${dciodvfy.stdout}${dciodvfy.stderr}`.split('\n').filter((l) => l.startsWith('Error'))).toEqual([]);
  }
  const before = overTime((await page.evaluate(() => window.emh.commands.run('emh.inventory'))) as Inventory);
  const uid = (id: string) => before.lesions.find((l) => l.id === id)!.trackingUid;
  // Both reports name each lesion by its one tracking UID; T2 is filed in the follow-up CT study.
  const [dump1, dump2] = [dsrdump(t1), dsrdump(t2)];
  for (const id of ['L1', 'L2', 'L3']) {
    expect(dump1).toContain(`"Tracking Unique Identifier")="${uid(id)}"`);
    expect(dump2).toContain(`"Tracking Unique Identifier")="${uid(id)}"`);
  }
  expect(dump2).toMatch(/"Tracking Identifier"\)="L3">[^]*?STATUS-RESOLVED/);
  expect(spawnSync('dcmdump', ['+P', '0020,000d', t2], { encoding: 'utf8' }).stdout).toContain(FOLLOW_UP_CT.studyInstanceUID);
  expect(before.lesions.map((l) => l.status)).toEqual(['measured', 'measured', 'resolved']);

  // A fresh profile with the baseline open: importing the two reports restores the history.
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await openViewer(other);
  await waitForSeriesLoaded(other);
  for (const file of [t1, t2]) {
    const bytes = [...readFileSync(file)];
    await run(other, 'emh.importSR', { bytes });
  }
  const after = overTime((await other.evaluate(() => window.emh.commands.run('emh.inventory'))) as Inventory);
  expect(after).toEqual(before);
  await fresh.close();
  expect(problems).toEqual([]);
});

test.describe('with a PACS', () => {
  let pacs: Pacs | undefined;
  test.afterAll(async () => {
    await pacs?.dispose();
  });

  test("the follow-up opened from the PACS reads the baseline's report there as its history: the lesions to measure", async ({
    page,
    browser,
  }) => {
    test.setTimeout(240_000);
    // The viewer's server proxies /dicom-web to this port (playwright.config.ts).
    pacs = await startPacs({ port: Number(process.env.EMH_E2E_PACS_PORT || 8182) });
    const stored = await uploadDicomFolder(pacs.url, FOLLOW_UP_DIR);
    expect(stored.failed).toEqual([]);
    const baselineStudy = truth.series['ct-nc'].studyInstanceUID;
    await page.goto(`/?dicomweb=/dicom-web&study=${baselineStudy}`);
    // A study opened alone gets a first look: the viewer's code, and all of window.emh, come after it.
    await page.evaluate(() => window.emh.ready);
    await expect.poll(async () => (await page.evaluate(() => window.emh.series())).length, { timeout: 60_000 }).toBe(2);
    for (const id of ['L1', 'L2', 'L3']) {
      const lesion = truth.lesions.find((l) => l.id === id)!;
      await run(page, 'emh.addLesion', {
        seriesInstanceUID: seriesUID('ct-nc'),
        instanceNumber: lesion.slice,
        longAxis: lesion.longAxis,
        shortAxis: lesion.shortAxis,
      });
    }
    await run(page, 'emh.storeSR');
    const baseline = overTime((await page.evaluate(() => window.emh.commands.run('emh.inventory'))) as Inventory);

    // Another reader, another browser, six months later: the follow-up from the worklist.
    const later = await browser.newContext();
    const other = await later.newPage();
    const problems = watchConsole(other);
    await other.goto(`/?dicomweb=/dicom-web&study=${FOLLOW_UP_CT.studyInstanceUID}`);
    await expect(other.locator('.notice').filter({ hasText: 'Prior report of 2024-03-12 loaded: 3 lesions to measure' })).toBeVisible({
      timeout: 90_000,
    });
    const now = overTime((await other.evaluate(() => window.emh.commands.run('emh.inventory'))) as Inventory);
    expect(now.lesions.map((l) => [l.id, l.trackingUid, l.status])).toEqual(
      baseline.lesions.map((l) => [l.id, l.trackingUid, 'not-measured']),
    );
    expect(now.lesions.map((l) => l.history[0])).toEqual(baseline.lesions.map((l) => l.history[0]));
    await later.close();
    expect(problems).toEqual([]);
  });
});
