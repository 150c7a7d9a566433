import { expect, test, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAMPLE_DIR } from './fixtures/dicomFixtures';
import { uploadDicomFolder } from '../scripts/orthanc.mjs';
import { startPacs, type Pacs } from './support/orthanc';
import { expectImage, imageToClient, openViewer, run, screenshot, seriesUID, truth, waitForSeriesLoaded, watchConsole } from './helpers';

/**
 * A follow-up CT made from the baseline: the same pixels (the patient unchanged) with the table
 * moved, i.e. ImagePositionPatient z + 37.5 mm and y + 6 mm, in a new study with its own frame
 * of reference, six months later. Slice k of the copy shows baseline slice k's anatomy.
 */
const SHIFT = { y: 6, z: 37.5 };
const FOLLOW_UP = {
  study: '2.25.311000000000000000000000000000000001',
  series: '2.25.311000000000000000000000000000000002',
  frame: '2.25.311000000000000000000000000000000003',
};
const L1 = truth.lesions.find((l) => l.id === 'L1');
const BASELINE_CT = seriesUID('ct-nc');
const BASELINE_STUDY = truth.series['ct-nc'].studyInstanceUID;
const HALF_SLICE_MM = 2.5;

type ShownImage = { seriesInstanceUID: string; instanceNumber: number; imagePositionPatient: [number, number, number] };

/**
 * With `between`, a harder copy: each slice is the mean of two neighbouring baseline slices, so
 * it shows the anatomy half way between them (59 slices, none on the baseline's planes), as a
 * new scan of the same body would.
 */
function makeFollowUp(between = false): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'priors-'));
  const script = `
import sys, pathlib, pydicom, numpy
src, dst, between = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3] == '1'
files = sorted(src.glob('*.dcm'), key=lambda f: int(pydicom.dcmread(f, stop_before_pixels=True).InstanceNumber))
for i, f in enumerate(files):
    ds = pydicom.dcmread(f)
    n = int(ds.InstanceNumber)
    x, y, z = [float(v) for v in ds.ImagePositionPatient]
    if between:
        if i + 1 == len(files):
            break
        nxt = pydicom.dcmread(files[i + 1])
        z = (z + float(nxt.ImagePositionPatient[2])) / 2
        mean = (ds.pixel_array.astype(numpy.int32) + nxt.pixel_array.astype(numpy.int32)) // 2
        ds.PixelData = mean.astype(ds.pixel_array.dtype).tobytes()
    ds.StudyInstanceUID = '${FOLLOW_UP.study}'
    ds.SeriesInstanceUID = '${FOLLOW_UP.series}'
    ds.FrameOfReferenceUID = '${FOLLOW_UP.frame}'
    ds.SOPInstanceUID = '2.25.3110000000000000000000000000000001%02d' % n
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    ds.StudyDate = ds.SeriesDate = ds.ContentDate = ds.AcquisitionDate = '20240910'
    ds.StudyID = 'FU1'
    ds.AccessionNumber = 'FU0001'
    ds.ImagePositionPatient = [x, y + ${SHIFT.y}, z + ${SHIFT.z}]
    ds.save_as(dst / f.name)
`;
  const result = spawnSync('/usr/bin/python3', ['-c', script, join(SAMPLE_DIR, 'ct-nc'), dir, between ? '1' : '0'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`pydicom: ${result.stderr}`);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.dcm'))
    .sort()
    .map((f) => join(dir, f));
}

let followUpFiles: string[] = [];
let betweenFiles: string[] = [];
test.beforeAll(() => {
  followUpFiles = makeFollowUp();
  betweenFiles = makeFollowUp(true);
});

const shown = (page: Page, viewport: number) => run(page, 'viewport.image', { viewport }) as Promise<ShownImage>;

/** The baseline sample, then the follow-up through the file picker, as a user opens both. */
async function openBoth(page: Page, files = followUpFiles): Promise<void> {
  await openViewer(page);
  await waitForSeriesLoaded(page);
  await page.getByTestId('file-input').setInputFiles(files);
  await expect.poll(async () => (await page.evaluate(() => window.emh.series())).length).toBe(5);
  await expect
    .poll(async () => (await page.evaluate(() => window.emh.series())).find((s) => s.studyInstanceUID === FOLLOW_UP.study)?.imageCount)
    .toBe(files.length);
}

/** Scrolls the left (baseline) viewport to an instance as a reader does, with the keyboard's arrow. */
async function scrollBaselineTo(page: Page, instanceNumber: number): Promise<void> {
  // The left viewport is made active as a reader does, with the next-viewport key.
  for (let i = 0; i < 2; i += 1) {
    if (((await run(page, 'viewport.image')) as ShownImage).seriesInstanceUID === BASELINE_CT) break;
    await run(page, 'viewport.next');
  }
  const now = (await shown(page, 0)).instanceNumber;
  await run(page, 'viewport.scroll', { delta: instanceNumber - now });
  await expectImage(page, instanceNumber, 60, 0);
}

/** The follow-up image the right viewport shows against the baseline slice: error in mm after removing the true shift. */
async function syncError(page: Page): Promise<number> {
  const left = await shown(page, 0);
  let right = await shown(page, 1);
  await expect
    .poll(async () => {
      right = await shown(page, 1);
      return Math.abs(right.imagePositionPatient[2] - SHIFT.z - left.imagePositionPatient[2]);
    })
    .toBeLessThanOrEqual(HALF_SLICE_MM + 0.01); // rounding of the positions only
  return Math.abs(right.imagePositionPatient[2] - SHIFT.z - left.imagePositionPatient[2]);
}

test('the priors list groups the two visits into T1 and T2; the viewer opens on the latest visit', async ({ page }, testInfo) => {
  const problems = watchConsole(page);
  await openBoth(page);
  // Nothing was chosen by the user yet: the later visit, once it arrives, is what is shown.
  await expect.poll(async () => (await shown(page, 0)).seriesInstanceUID).toBe(FOLLOW_UP.series);
  const studies = (await run(page, 'viewer.studies')) as {
    studyInstanceUID: string;
    date: string;
    timepoint: string;
    loaded: boolean;
    current: boolean;
  }[];
  expect(studies.map((s) => [s.date, s.timepoint, s.loaded])).toEqual([
    ['2024-03-12', 'T1', true],
    ['2024-03-14', 'T1', true],
    ['2024-09-10', 'T2', true],
  ]);
  expect(studies.find((s) => s.current)?.studyInstanceUID).toBe(FOLLOW_UP.study);
  const list = page.getByTestId('priors-list');
  await expect(list.locator('[data-timepoint="T1"] [data-testid="priors-study"]')).toHaveCount(2);
  await expect(list.locator('[data-timepoint="T2"] [data-testid="priors-study"]')).toHaveCount(1);
  await expect(list.locator('[data-timepoint="T1"]')).toContainText('2024-03-12');
  await expect(list.locator('[data-timepoint="T2"] .priors-current')).toHaveText('current');
  await expect(list.locator('[data-timepoint="T1"] [data-testid="open-beside"]')).toHaveCount(2);
  await screenshot(page, testInfo, 'priors-list');
  expect(problems).toEqual([]);
});

test('open beside: registration finds the table shift, and scrolling stays on the same anatomy', async ({ page }, testInfo) => {
  const problems = watchConsole(page);
  await openBoth(page);
  // The reader starts from the baseline CT and opens the follow-up beside it, from the list.
  await page.evaluate((uid) => window.emh.show(uid, { viewport: 0 }), BASELINE_CT);
  await page.locator(`[data-testid="priors-study"][data-study="${FOLLOW_UP.study}"] [data-testid="open-beside"]`).click();
  await expect.poll(async () => (await shown(page, 1))?.seriesInstanceUID, { timeout: 60_000 }).toBe(FOLLOW_UP.series);
  const offset = (await run(page, 'viewer.studyOffset', { from: BASELINE_STUDY, to: FOLLOW_UP.study })) as {
    translation: [number, number, number];
    method: string;
  };
  expect(offset.method).toBe('registration');
  console.log(`registration: ${offset.translation.map((v) => v.toFixed(2)).join(', ')} mm (truth 0, ${SHIFT.y}, ${SHIFT.z})`);
  expect(Math.abs(offset.translation[2] - SHIFT.z)).toBeLessThan(HALF_SLICE_MM);
  expect(Math.abs(offset.translation[1] - SHIFT.y)).toBeLessThan(3);

  await scrollBaselineTo(page, L1?.slice ?? 10);
  const error = await syncError(page);
  console.log(`sync error at slice ${L1?.slice}: ${error.toFixed(2)} mm`);
  await scrollBaselineTo(page, 40);
  console.log(`sync error at slice 40: ${(await syncError(page)).toFixed(2)} mm`);
  await scrollBaselineTo(page, L1?.slice ?? 10);
  await syncError(page);

  // Where L1's centre is on the follow-up: what the EMH panel's "to measure" jump asks.
  const baselineL1 = (await page.evaluate(() => window.emh.commands.run('viewport.image', { viewport: 0 }))) as { sopInstanceUID: string };
  const match = (await run(page, 'viewer.matchingImage', {
    sopInstanceUID: baselineL1.sopInstanceUID,
    point: L1?.center,
    toSeriesInstanceUID: FOLLOW_UP.series,
  })) as { instanceNumber: number; point: [number, number]; method: string };
  expect(match.method).toBe('registration');
  expect(match.instanceNumber).toBe(L1?.slice);
  expect(Math.hypot(match.point[0] - (L1?.center[0] ?? 0), match.point[1] - (L1?.center[1] ?? 0))).toBeLessThan(2);
  await screenshot(page, testInfo, 'priors-beside');

  // Sync off: the follow-up stays where it is.
  await run(page, 'viewport.syncScroll');
  const before = (await shown(page, 1)).instanceNumber;
  await scrollBaselineTo(page, 20);
  await page.waitForTimeout(300);
  expect((await shown(page, 1)).instanceNumber).toBe(before);
  expect(problems).toEqual([]);
});

test('a linked pair of points lines the studies up, by command and with the mouse', async ({ page }, testInfo) => {
  const problems = watchConsole(page);
  await openBoth(page);
  await page.evaluate((uid) => window.emh.show(uid, { viewport: 0 }), BASELINE_CT);
  // The pair: L1's centre on baseline slice 10 and on follow-up slice 10 (same pixels, table moved).
  await page.evaluate(([uid, n]) => window.emh.show(uid, { viewport: 0, instanceNumber: n }), [BASELINE_CT, L1?.slice ?? 10] as const);
  const from = ((await shown(page, 0)) as unknown as { sopInstanceUID: string }).sopInstanceUID;
  const to = `2.25.3110000000000000000000000000000001${String(L1?.slice ?? 10).padStart(2, '0')}`;
  const linked = (await run(page, 'viewer.linkStudies', {
    from: { sopInstanceUID: from, point: L1?.center },
    to: { sopInstanceUID: to, point: L1?.center },
  })) as { translation: [number, number, number]; method: string };
  expect(linked.method).toBe('linked');
  expect(linked.translation.map((v) => Math.round(v * 100) / 100)).toEqual([0, SHIFT.y, SHIFT.z]);

  const opened = (await run(page, 'viewer.openBeside', { studyInstanceUID: FOLLOW_UP.study })) as { method: string; right: string };
  expect(opened).toMatchObject({ method: 'linked', right: FOLLOW_UP.series });
  await expectImage(page, L1?.slice ?? 10, 60, 1);
  await scrollBaselineTo(page, 30);
  await syncError(page);

  // With the mouse: the link action, then a click on L1's centre in each viewport. The pair is
  // off by 2 slices on purpose (baseline 30, follow-up 32): the offset follows the click.
  await page.evaluate(([uid]) => window.emh.show(uid, { viewport: 1, instanceNumber: 32 }), [FOLLOW_UP.series] as const);
  await page.getByTestId('link-points').click();
  const [left] = await imageToClient(page, [[128, 128]], 0);
  const [right] = await imageToClient(page, [[128, 128]], 1);
  await page.mouse.click(left[0], left[1]);
  await page.mouse.click(right[0], right[1]);
  await expect(page.getByTestId('link-points')).toHaveText('Link a point pair');
  const byMouse = (await run(page, 'viewer.studyOffset', { from: BASELINE_STUDY, to: FOLLOW_UP.study })) as {
    translation: [number, number, number];
    method: string;
  };
  expect(byMouse.method).toBe('linked');
  // Follow-up 32 lies 10 mm below baseline 30 once the table shift is taken out.
  expect(Math.abs(byMouse.translation[2] - (SHIFT.z - 10))).toBeLessThan(0.01);
  expect(Math.abs(byMouse.translation[1] - SHIFT.y)).toBeLessThan(3);
  await scrollBaselineTo(page, 25);
  await expectImage(page, 27, 60, 1);
  await screenshot(page, testInfo, 'priors-linked');
  expect(problems).toEqual([]);
});

test('a follow-up whose slices fall between the baseline ones: registration within a quarter slice, sync within half a slice', async ({
  page,
}) => {
  const problems = watchConsole(page);
  await openBoth(page, betweenFiles);
  await page.evaluate((uid) => window.emh.show(uid, { viewport: 0 }), BASELINE_CT);
  await run(page, 'viewer.openBeside', { studyInstanceUID: FOLLOW_UP.study });
  const offset = (await run(page, 'viewer.studyOffset', { from: BASELINE_STUDY, to: FOLLOW_UP.study })) as {
    translation: [number, number, number];
  };
  console.log(
    `registration (slices between): ${offset.translation.map((v) => v.toFixed(2)).join(', ')} mm (truth 0, ${SHIFT.y}, ${SHIFT.z})`,
  );
  expect(Math.abs(offset.translation[2] - SHIFT.z)).toBeLessThan(1.25);
  let worst = 0;
  for (const slice of [L1?.slice ?? 10, 20, 30, 45]) {
    await scrollBaselineTo(page, slice);
    worst = Math.max(worst, await syncError(page));
  }
  // The follow-up has no slice on the baseline's planes: 2.5 mm is the best any slice can do.
  console.log(`sync error (slices between), worst of 4: ${worst.toFixed(2)} mm`);
  expect(problems).toEqual([]);
});

test.describe('with a PACS', () => {
  let pacs: Pacs | undefined;
  test.afterAll(async () => {
    await pacs?.dispose();
  });

  test('the PACS studies of the patient (QIDO-RS by PatientID) are listed by time point; Open beside retrieves one', async ({
    page,
  }, testInfo) => {
    test.setTimeout(180_000);
    // The viewer's server proxies /dicom-web to this port (playwright.config.ts).
    pacs = await startPacs({ port: Number(process.env.EMH_E2E_PACS_PORT || 8182) });
    const stored = await uploadDicomFolder(pacs.url, dirname(followUpFiles[0]));
    expect(stored.failed).toEqual([]);
    const problems = watchConsole(page);
    await page.goto(`/?dicomweb=/dicom-web&study=${BASELINE_STUDY}`);
    // A study opened alone gets a first look: the viewer's code, and all of window.emh, come after it.
    await page.evaluate(() => window.emh.ready);
    await expect.poll(async () => (await page.evaluate(() => window.emh.series())).length, { timeout: 60_000 }).toBe(2);
    type Listed = { studyInstanceUID: string; date: string; timepoint: string; loaded: boolean };
    await expect
      .poll(async () => ((await run(page, 'viewer.studies')) as Listed[]).map((s) => [s.date, s.timepoint, s.loaded]))
      .toEqual([
        ['2024-03-12', 'T1', true],
        ['2024-03-14', 'T1', false],
        ['2024-09-10', 'T2', false],
      ]);
    const row = page.locator(`[data-testid="priors-study"][data-study="${FOLLOW_UP.study}"]`);
    await expect(row).toContainText('on PACS');
    await row.getByTestId('open-beside').click();
    await expect.poll(async () => (await shown(page, 1))?.seriesInstanceUID, { timeout: 90_000 }).toBe(FOLLOW_UP.series);
    await expect(row).not.toContainText('on PACS');
    await scrollBaselineTo(page, L1?.slice ?? 10);
    console.log(`sync error (PACS) at slice ${L1?.slice}: ${(await syncError(page)).toFixed(2)} mm`);
    await screenshot(page, testInfo, 'priors-pacs');
    expect(problems).toEqual([]);
  });
});
