/**
 * The SEG and the SR together: L1-L4 grown on the sample CT, the SEG and the SR exported one
 * after the other cite each other (TID 1411, the same SEG UIDs), the SR passes dciodvfy, dsrdump
 * and PixelMed, pydicom reads the truth's volumes from it; in a fresh viewer the SR and the SEG
 * imported in either order restore the same segments (voxels, mL, mean HU); a SEG of another
 * patient is refused.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLE_DIR } from './fixtures/dicomFixtures';
import { uploadDicomFolder } from '../scripts/orthanc.mjs';
import { startPacs, type Pacs } from './support/orthanc';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { dciodvfyErrors, runTool, validateWithPixelmed, writeTemp } from '../extensions/emh/sr/rules/srTools.fixture';
import { openViewer, run, screenshot, seriesUID, truth, truthSite, waitForSeriesLoaded, watchConsole } from './helpers';

interface SegmentRow {
  lesionId: string;
  voxels: number;
  volumeMl: number;
  volumeMeanHU: number | null;
}
interface Segments {
  segments: SegmentRow[];
  fromReportOnly: { lesionId: string; volumeMl: number | null }[];
  pendingSegs: string[];
}
interface InventoryRow {
  id: string;
  volumeMl: number | null;
  volumeMeanHU: number | null;
  volumeSegmentNotLoaded?: true;
}

const grownLesions = truth.lesions.filter((l) => l.volume.growRange !== null);

async function exportBytes(page: Page, format: 'sr' | 'seg'): Promise<Uint8Array> {
  const bytes = await page.evaluate(
    async (f) => Array.from(new Uint8Array(await ((await window.emh.commands.run('emh.export', { format: f })) as Blob).arrayBuffer())),
    format,
  );
  return Uint8Array.from(bytes);
}

/** What is compared before export and after import: voxels, mL and mean of each lesion's segment. */
const segmentsOf = async (page: Page): Promise<SegmentRow[]> =>
  ((await run(page, 'emh.segments')) as Segments).segments
    .map(({ lesionId, voxels, volumeMl, volumeMeanHU }) => ({ lesionId, voxels, volumeMl, volumeMeanHU }))
    .sort((a, b) => a.lesionId.localeCompare(b.lesionId));
const inventoryOf = async (page: Page) => ((await run(page, 'emh.inventory')) as { lesions: InventoryRow[] }).lesions;

async function freshViewer(browser: Browser): Promise<{ page: Page; close: () => Promise<void>; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const problems = watchConsole(page);
  await openViewer(page);
  await waitForSeriesLoaded(page);
  return { page, close: () => context.close(), problems };
}

let srBytes: Uint8Array;
let segBytes: Uint8Array;
let before: SegmentRow[];

test.describe.configure({ mode: 'serial' });

test('the SR cites the SEG exported beside it (TID 1411) and passes the validators', async ({ page }, testInfo) => {
  // PixelMed alone takes about a minute on this machine's two shared cores.
  test.setTimeout(300_000);
  const problems = watchConsole(page);
  await openViewer(page);
  await waitForSeriesLoaded(page);
  const ct = seriesUID('ct-nc');
  for (const lesion of truth.lesions) {
    await run(page, 'emh.addLesion', {
      seriesInstanceUID: ct,
      instanceNumber: lesion.slice,
      longAxis: lesion.longAxis,
      shortAxis: lesion.shortAxis,
      ...truthSite(lesion),
    });
  }
  for (const lesion of grownLesions) {
    await run(page, 'emh.segmentLesion', {
      lesionId: lesion.id,
      seriesInstanceUID: ct,
      seed: [lesion.center[0], lesion.center[1], lesion.slice],
      range: lesion.volume.growRange,
    });
  }
  before = await segmentsOf(page);
  expect(before.map((s) => s.voxels)).toEqual(grownLesions.map((l) => l.volume.voxels));
  // The visit's inventory (the time point the SR reports) carries the volumes of its segments.
  const { timepoints } = (await run(page, 'emh.inventory')) as { timepoints: { id: string }[] };
  const visit = (await run(page, 'emh.inventory', { timepoint: timepoints[timepoints.length - 1]!.id })) as { lesions: InventoryRow[] };
  for (const lesion of grownLesions) expect(visit.lesions.find((l) => l.id === lesion.id)!.volumeMl).toBe(lesion.volume.volumeMl);
  expect(visit.lesions.find((l) => l.id === 'L5')!.volumeMl).toBeUndefined();

  // SEG, then SR, then SEG again: the same SEG UIDs each time, the one the SR cites.
  segBytes = await exportBytes(page, 'seg');
  srBytes = await exportBytes(page, 'sr');
  const segAgain = await exportBytes(page, 'seg');
  const segPath = writeTemp(segBytes, 'seg-sr-seg.dcm');
  const srPath = writeTemp(srBytes, 'seg-sr-sr.dcm');
  const againPath = writeTemp(segAgain, 'seg-sr-seg-again.dcm');

  const check = spawnSync('/usr/bin/python3', ['scripts/validators/srVolumeCheck.py', srPath, segPath], { encoding: 'utf8' });
  expect(check.status, check.stderr).toBe(0);
  const read = JSON.parse(check.stdout) as {
    seg: { sopInstanceUID: string; seriesInstanceUID: string; segments: { number: number; label: string; voxels: number }[] };
    groups: {
      template: string;
      trackingIdentifier: string;
      segSopClassUID: string;
      segSopInstanceUID: string;
      segmentNumber: number;
      valueType: string;
      sourceSeries: string;
      volume: number;
      volumeUnit: [string, string];
      mean: number;
      meanUnit: [string, string];
      meanConcept: [string, string];
      meanDerivation: [string, string];
      finding: [string, string];
      findingSite: [string, string] | undefined;
    }[];
    evidenceListsSeg: boolean;
  };
  const again = JSON.parse(
    spawnSync('/usr/bin/python3', ['scripts/validators/srVolumeCheck.py', srPath, againPath], { encoding: 'utf8' }).stdout,
  ) as typeof read;
  expect(again.seg.sopInstanceUID).toBe(read.seg.sopInstanceUID);
  expect(again.seg.seriesInstanceUID).toBe(read.seg.seriesInstanceUID);
  expect(read.evidenceListsSeg).toBe(true);
  expect(read.groups.map((g) => g.trackingIdentifier)).toEqual(grownLesions.map((l) => l.id));
  for (const lesion of grownLesions) {
    const group = read.groups.find((g) => g.trackingIdentifier === lesion.id)!;
    expect(group.template).toBe('1411');
    expect(group.valueType).toBe('IMAGE');
    expect(group.segSopClassUID).toBe('1.2.840.10008.5.1.4.1.1.66.4');
    expect(group.segSopInstanceUID).toBe(read.seg.sopInstanceUID);
    const segment = read.seg.segments.find((s) => s.number === group.segmentNumber)!;
    expect(segment.label).toBe(lesion.id);
    expect(segment.voxels).toBe(lesion.volume.voxels);
    expect(group.sourceSeries).toBe(ct);
    expect(group.volume).toBe(lesion.volume.volumeMl);
    expect(group.volumeUnit).toEqual(['ml', 'UCUM']);
    expect(Math.abs(group.mean - lesion.volume.meanHU)).toBeLessThan(1);
    expect(group.mean).toBe(before.find((s) => s.lesionId === lesion.id)!.volumeMeanHU);
    expect(group.meanUnit).toEqual(["[hnsf'U]", 'UCUM']);
    expect(group.meanConcept).toEqual(['112031', 'DCM']);
    expect(group.meanDerivation).toEqual(['373098007', 'SCT']);
    expect(group.finding).toEqual(['52988006', 'SCT']);
    expect(group.findingSite?.[1]).toBe('SCT');
  }

  const errors = dciodvfyErrors(srPath);
  if (errors === null) testInfo.annotations.push({ type: 'not checked', description: 'dciodvfy is not installed' });
  else expect(errors).toEqual([]);
  const segErrors = dciodvfyErrors(segPath);
  if (segErrors !== null) expect(segErrors).toEqual([]);
  const dump = runTool('dsrdump', ['+Pc', srPath]);
  if (dump) {
    expect(dump.status).toBe(0);
    expect(dump.stdout).toContain('(118565006,SCT,"Volume")="21.88125" (ml,UCUM,"milliliter")');
    expect(dump.stdout).toContain('(121191,DCM,"Referenced Segment")=(SG image,,1)');
  }
  const pixelmed = await validateWithPixelmed([srPath]);
  if (pixelmed.ok) {
    const report = pixelmed.reports.get(srPath)!;
    expect(report.lines).toContain('Root Template Validation Complete');
    // PixelMed checks every measurement group against TID 1411 once one is there (it cannot tell
    // 1501 and 1411 groups apart, both being "Measurement Group"); no error may be a volume group's.
    const volumeGroupErrors = report.errors.filter((l) => !/^Error: Template 1411 .*Missing conditional content item$/.test(l));
    expect(volumeGroupErrors).toEqual([]);
    const lesionGroups = report.errors.map((l) => /within ([\d.]+):/.exec(l)?.[1]);
    expect(lesionGroups.length).toBeGreaterThan(0);
  } else if (!pixelmed.missing) throw new Error(pixelmed.reason);
  expect(problems).toEqual([]);
});

test('in a fresh viewer, the SR then the SEG restore the segments (the SR alone shows its volumes)', async ({ browser }, testInfo) => {
  const { page, close, problems } = await freshViewer(browser);
  const report = (await run(page, 'emh.importSR', { bytes: Array.from(srBytes) })) as {
    segmentsRestored: string[];
    notUnderstood: string[];
  };
  expect(report.notUnderstood).toEqual([]);
  expect(report.segmentsRestored).toEqual([]);
  // Without its SEG: the report's volumes, "segment not loaded".
  const alone = await inventoryOf(page);
  for (const lesion of grownLesions) {
    const row = alone.find((l) => l.id === lesion.id)!;
    expect(row.volumeMl).toBe(lesion.volume.volumeMl);
    expect(row.volumeSegmentNotLoaded).toBe(true);
  }
  expect(((await run(page, 'emh.segments')) as Segments).fromReportOnly.map((r) => r.lesionId)).toEqual(grownLesions.map((l) => l.id));
  await page.getByTestId('select-L4').click();
  await expect(page.getByTestId('details-volume')).toHaveText('Vol 131.7 mL (42.0 HU) · segment not loaded');
  await screenshot(page, testInfo, 'seg-sr-report-without-seg');

  // A reload keeps them (autosave), and the SEG opened after it still binds by its tracking UID.
  await expect
    .poll(async () => {
      const s = (await run(page, 'emh.autosaveStatus')) as { storage: string; pending: number; savedAt: number | null };
      return s.storage === 'ok' && s.pending === 0 && s.savedAt !== null;
    })
    .toBe(true);
  await page.reload();
  await page.evaluate(() => window.emh.ready);
  await waitForSeriesLoaded(page);
  await expect.poll(async () => ((await run(page, 'emh.autosaveStatus')) as { ready: boolean }).ready).toBe(true);
  const reloaded = await inventoryOf(page);
  for (const lesion of grownLesions) {
    const row = reloaded.find((l) => l.id === lesion.id)!;
    expect(row.volumeMl).toBe(lesion.volume.volumeMl);
    expect(row.volumeSegmentNotLoaded).toBe(true);
  }
  await page.getByTestId('select-L4').click();
  await expect(page.getByTestId('details-volume')).toHaveText('Vol 131.7 mL (42.0 HU) · segment not loaded');

  const seg = (await run(page, 'emh.importSEG', { bytes: Array.from(segBytes) })) as {
    bound: { lesionId: string; by: string }[];
    unmatched: string[];
  };
  expect(seg.unmatched).toEqual([]);
  expect(seg.bound.map((b) => b.lesionId)).toEqual(grownLesions.map((l) => l.id));
  expect(seg.bound.every((b) => b.by === 'tracking UID')).toBe(true);
  expect(await segmentsOf(page)).toEqual(before);
  const restored = await inventoryOf(page);
  for (const row of before) {
    const back = restored.find((l) => l.id === row.lesionId)!;
    expect(back.volumeMl).toBe(row.volumeMl);
    expect(back.volumeMeanHU).toBe(row.volumeMeanHU);
    expect(back.volumeSegmentNotLoaded).toBeUndefined();
  }
  // Written again, the restored segments make the very SEG the report cites.
  const segAgain = await exportBytes(page, 'seg');
  const uid = (bytes: Uint8Array) =>
    spawnSync(
      '/usr/bin/python3',
      ['-c', 'import pydicom,sys; print(pydicom.dcmread(sys.argv[1]).SOPInstanceUID)', writeTemp(bytes, 'uid.dcm')],
      { encoding: 'utf8' },
    ).stdout.trim();
  expect(uid(segAgain)).toBe(uid(segBytes));
  await page.getByTestId('select-L4').click();
  await expect(page.getByTestId('details-volume')).toHaveText('Vol 131.7 mL (42.0 HU)');
  await screenshot(page, testInfo, 'seg-sr-restored-panel');
  await close();
  expect(problems).toEqual([]);
});

test('in a fresh viewer, a SEG opened like any file, then the SR, restore the same segments', async ({ browser }, testInfo) => {
  const { page, close, problems } = await freshViewer(browser);
  // Opened with the images' Open button: it joins the study's documents and is imported at once.
  // No lesion yet: nothing is attached, every segment is listed.
  await page.getByTestId('file-input').setInputFiles(writeTemp(segBytes, 'opened-seg.dcm'));
  const notice = page.locator('.notice', { hasText: 'not attached' });
  await expect(notice).toHaveCount(1);
  await expect(notice).toContainText('segment 1 "L1" matches no lesion of this case');
  expect(await segmentsOf(page)).toEqual([]);
  await screenshot(page, testInfo, 'seg-sr-seg-before-report');
  const report = (await run(page, 'emh.importSR', { bytes: Array.from(srBytes) })) as { segmentsRestored: string[] };
  expect(report.segmentsRestored).toEqual(grownLesions.map((l) => l.id));
  expect(await segmentsOf(page)).toEqual(before);
  const inventory = await inventoryOf(page);
  for (const row of before) {
    const back = inventory.find((l) => l.id === row.lesionId)!;
    expect(back.volumeMl).toBe(row.volumeMl);
    expect(back.volumeMeanHU).toBe(row.volumeMeanHU);
  }
  await close();
  expect(problems).toEqual([]);
});

test('a SEG of another patient is refused with the reason, and nothing attaches', async ({ browser }) => {
  const own = writeTemp(segBytes, 'own-seg.dcm');
  const otherPath = own.replace(/own-seg\.dcm$/, 'other-seg.dcm');
  const rewrite = spawnSync(
    '/usr/bin/python3',
    [
      '-c',
      'import pydicom,sys; d=pydicom.dcmread(sys.argv[1]); d.PatientID="OTHER-0002"; d.PatientName="Other^Patient"; d.save_as(sys.argv[2])',
      own,
      otherPath,
    ],
    { encoding: 'utf8' },
  );
  expect(rewrite.status, rewrite.stderr).toBe(0);
  const other = readFileSync(otherPath);
  const { page, close } = await freshViewer(browser);
  await run(page, 'emh.importSR', { bytes: Array.from(srBytes) });
  await expect(run(page, 'emh.importSEG', { bytes: Array.from(other) })).rejects.toThrow(
    /This SEG belongs to patient OTHER-0002, not to the open case .*nothing was imported/,
  );
  expect(await segmentsOf(page)).toEqual([]);
  await close();
});

test.describe('with a PACS', () => {
  let pacs: Pacs | undefined;
  test.afterAll(async () => {
    await pacs?.dispose();
  });

  test('Save to PACS stores the SEG beside the SR; reopened from the PACS, the report and the SEG restore the segments', async ({
    page,
    browser,
  }) => {
    test.setTimeout(300_000);
    pacs = await startPacs({ port: Number(process.env.EMH_E2E_PACS_PORT || 8182) });
    const stored = await uploadDicomFolder(pacs.url, join(SAMPLE_DIR, 'ct-nc'));
    expect(stored.failed).toEqual([]);
    const ct = seriesUID('ct-nc');
    const study = truth.series['ct-nc'].studyInstanceUID;
    await page.goto(`/?dicomweb=/dicom-web&study=${study}`);
    // A study opened alone gets a first look: the viewer's code, and all of window.emh, come after it.
    await page.evaluate(() => window.emh.ready);
    await expect.poll(async () => (await page.evaluate(() => window.emh.series())).length, { timeout: 60_000 }).toBe(1);
    await waitForSeriesLoaded(page);
    const l1 = grownLesions[0]!;
    await run(page, 'emh.addLesion', { seriesInstanceUID: ct, instanceNumber: l1.slice, longAxis: l1.longAxis, shortAxis: l1.shortAxis });
    await run(page, 'emh.segmentLesion', {
      lesionId: l1.id,
      seriesInstanceUID: ct,
      seed: [l1.center[0], l1.center[1], l1.slice],
      range: l1.volume.growRange,
    });
    const grown = await segmentsOf(page);
    await run(page, 'emh.storeSR');

    // Another browser opens the study from the PACS: the SR and the SEG come with it as documents.
    const later = await browser.newContext();
    const other = await later.newPage();
    const problems = watchConsole(other);
    await other.goto(`/?dicomweb=/dicom-web&study=${study}`);
    await expect(other.locator('.notice', { hasText: 'not attached' })).toHaveCount(1, { timeout: 90_000 });
    expect(((await run(other, 'emh.reports')) as unknown[]).length).toBe(1);
    await run(other, 'emh.loadReport');
    await expect.poll(() => segmentsOf(other)).toEqual(grown);
    expect(grown.map((s) => s.voxels)).toEqual([l1.volume.voxels]);
    await later.close();
    expect(problems).toEqual([]);
  });
});
