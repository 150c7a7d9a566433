import { expect, test } from '@playwright/test';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  expectImage,
  expectedGrey,
  imageToClient,
  openViewer,
  screenGrey,
  screenshot,
  seriesUID,
  truth,
  waitForSeriesLoaded,
  watchConsole,
} from './helpers';
import {
  SAMPLE_DIR,
  corruptFile,
  missingRowsFile,
  multiFrameFile,
  noPixelSpacingFile,
  notDicomFile,
  structuredReport,
  truncatedFile,
  unsupportedTransferSyntaxFile,
} from './fixtures/dicomFixtures';

const LIVER = truth.organs.liver;
const LIVER_POINT = LIVER.rois[0].center; // left lobe, [column, row]
const LIVER_SLICE = LIVER.recommendedSlice;

test('the sample case opens on image 1 of the CT, and the liver shows its 103 HU', async ({ page }, testInfo) => {
  const problems = watchConsole(page);
  await openViewer(page);
  await waitForSeriesLoaded(page);
  const series = await page.evaluate(() => window.emh.series());
  expect(series.map((s) => [s.description, s.imageCount])).toEqual([
    ['CT CHEST ABDOMEN PELVIS WITHOUT CONTRAST', 60],
    ['CT ABDOMEN PORTAL VENOUS', 20],
    ['AX T1 TSE', 60],
    ['AX T2 TSE', 60],
  ]);
  await expectImage(page, 1, 60);
  await expect(page.getByTestId('overlay-0').getByTestId('ov-patient')).toHaveText('EMH Phantom');
  await expect(page.getByTestId('overlay-0').getByTestId('ov-marker-left')).toHaveText('R');

  await page.evaluate(([uid, n]) => window.emh.show(uid, { instanceNumber: n }), [seriesUID('ct-nc'), LIVER_SLICE] as const);
  await expectImage(page, LIVER_SLICE, 60);
  // Air in the bottom-left corner, where no overlay text is drawn.
  const [liverOnScreen, airOnScreen] = await imageToClient(page, [LIVER_POINT, [5, 250]]);

  // The file's own window (soft tissue 400/40) first, then the liver and bone presets on keys.
  await expect(page.getByTestId('overlay-0').getByTestId('ov-window')).toHaveText('W 400 L 40');
  expect(await screenGrey(page, liverOnScreen, 8)).toBeCloseTo(expectedGrey(103, 400, 40), -1);
  await page.keyboard.press('2');
  await expect(page.getByTestId('overlay-0').getByTestId('ov-window')).toHaveText('W 150 L 90');
  const liverGrey = await screenGrey(page, liverOnScreen, 8);
  expect(Math.abs(liverGrey - expectedGrey(103, 150, 90))).toBeLessThan(8);
  expect(await screenGrey(page, airOnScreen, 4)).toBeLessThan(3);
  await screenshot(page, testInfo, 'ct-liver-window');
  await page.keyboard.press('3');
  await expect(page.getByTestId('overlay-0').getByTestId('ov-window')).toHaveText('W 2000 L 500');
  const boneWindowGrey = await screenGrey(page, liverOnScreen, 8);
  expect(Math.abs(boneWindowGrey - expectedGrey(103, 2000, 500))).toBeLessThan(5);
  expect(liverGrey - boneWindowGrey).toBeGreaterThan(50);
  expect(problems).toEqual([]);
});

test('scrolling with keys, wheel and slider steps through the stack', async ({ page }, testInfo) => {
  const problems = watchConsole(page);
  await openViewer(page);
  await waitForSeriesLoaded(page);
  await expectImage(page, 1, 60);
  const viewport = page.getByTestId('viewport-0');
  await viewport.click({ position: { x: 50, y: 50 } });
  const [liverOnScreen] = await imageToClient(page, [LIVER_POINT]);
  await page.keyboard.press('2');
  const greyAtTop = await screenGrey(page, liverOnScreen, 8);

  await page.keyboard.press('ArrowDown');
  await expectImage(page, 2, 60);
  await page.keyboard.press('PageDown');
  await expectImage(page, 12, 60);
  await page.keyboard.press('End');
  await expectImage(page, 60, 60);
  await page.keyboard.press('Home');
  await expectImage(page, 1, 60);

  const box = await viewport.boundingBox();
  if (!box) throw new Error('no viewport');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < LIVER_SLICE - 1; i++) await page.mouse.wheel(0, 100);
  await expectImage(page, LIVER_SLICE, 60);
  // Slice 1 is above the liver; on slice 24 the same screen point shows liver at 103 HU.
  const greyAtLiverSlice = await screenGrey(page, liverOnScreen, 8);
  expect(Math.abs(greyAtLiverSlice - expectedGrey(103, 150, 90))).toBeLessThan(8);
  expect(Math.abs(greyAtLiverSlice - greyAtTop)).toBeGreaterThan(20);

  await page.getByTestId('overlay-0').getByLabel('Image').fill('40');
  await expectImage(page, 40, 60);
  await screenshot(page, testInfo, 'ct-scrolled');
  expect(problems).toEqual([]);
});

test('files from the picker load, and bad files among them are listed with reasons', async ({ page }, testInfo) => {
  const problems = watchConsole(page);
  const dir = mkdtempSync(join(tmpdir(), 'emh-files-'));
  const bad: Record<string, Uint8Array> = {
    'truncated.dcm': truncatedFile(),
    'corrupt.dcm': corruptFile(),
    'notes.txt': notDicomFile(),
    'no-rows.dcm': missingRowsFile(),
    'mpeg2.dcm': unsupportedTransferSyntaxFile(),
    'report-sr.dcm': structuredReport(),
    'no-spacing.dcm': noPixelSpacingFile(),
  };
  const paths = Object.entries(bad).map(([name, bytes]) => {
    writeFileSync(join(dir, name), bytes);
    return join(dir, name);
  });
  const good = [20, 21, 22, 23, 24].map((n) => `${SAMPLE_DIR}mr-t2/IM-${String(n).padStart(4, '0')}.dcm`);
  await openViewer(page, '?empty');
  await page.getByTestId('file-input').setInputFiles([...good.slice(0, 2), ...paths, ...good.slice(2)]);

  const refusals = page.getByTestId('refusals');
  await expect(refusals).toContainText('5 files could not be shown');
  await expect(refusals).toContainText('truncated.dcm: truncated');
  await expect(refusals).toContainText(/corrupt\.dcm: corrupt DICOM/);
  await expect(refusals).toContainText('notes.txt: not a DICOM file');
  await expect(refusals).toContainText('no-rows.dcm: missing attributes: Rows');
  await expect(refusals).toContainText('mpeg2.dcm: unsupported transfer syntax: MPEG2 video');
  await expect(page.locator('.document')).toContainText('Structured report');

  // Files picked together are read side by side: the series are listed in the order they arrive.
  await expect
    .poll(() => page.evaluate(() => window.emh.series().map((s) => [s.description, s.imageCount] as const)).then((series) => series.sort()))
    .toEqual([
      ['AX T2 TSE', 5],
      ['NO PIXEL SPACING', 1],
    ]);
  const uidOf = (description: string) =>
    page.evaluate((wanted) => window.emh.series().find((s) => s.description === wanted)?.seriesInstanceUID ?? '', description);
  await page.evaluate((uid) => window.emh.show(uid), await uidOf('AX T2 TSE'));
  await expectImage(page, 1, 5);
  await page.evaluate((uid) => window.emh.show(uid), await uidOf('NO PIXEL SPACING'));
  await expect(page.getByTestId('overlay-0')).toContainText('Uncalibrated: no pixel spacing');
  await screenshot(page, testInfo, 'picker-with-refusals');
  expect(problems).toEqual([]);
});

test('a folder from the folder picker loads recursively, multi-frame instances as stacks', async ({ page }, testInfo) => {
  const problems = watchConsole(page);
  const dir = mkdtempSync(join(tmpdir(), 'emh-folder-'));
  mkdirSync(join(dir, 'study', 'deeper'), { recursive: true });
  writeFileSync(join(dir, 'study', 'multiframe.dcm'), multiFrameFile());
  for (const n of [1, 2, 3]) {
    const name = `IM-${String(n).padStart(4, '0')}.dcm`;
    copyFileSync(`${SAMPLE_DIR}ct-pv/${name}`, join(dir, 'study', 'deeper', name));
  }
  await openViewer(page, '?empty');
  await page.getByTestId('folder-input').setInputFiles(join(dir, 'study'));
  // Two studies; which one the browser reads first is not fixed, so compare sorted.
  await expect
    .poll(() =>
      page.evaluate(() =>
        window.emh
          .series()
          .map((s) => [s.description, s.imageCount])
          .sort(),
      ),
    )
    .toEqual([
      ['CT ABDOMEN PORTAL VENOUS', 3],
      ['MULTI-FRAME T1', 3],
    ]);
  const multi = await page.evaluate(() => window.emh.series().find((s) => s.description === 'MULTI-FRAME T1')?.seriesInstanceUID);
  if (!multi) throw new Error('no multi-frame series');
  await page.evaluate((uid) => window.emh.show(uid), multi);
  await expectImage(page, 1, 3);
  await page.getByTestId('viewport-0').click({ position: { x: 40, y: 40 } });
  await page.keyboard.press('ArrowDown');
  await expectImage(page, 2, 3);
  // Frame 2 is T1 slice 24: the liver (120) sits where truth says, under the file's window.
  const [liver] = await imageToClient(page, [LIVER_POINT]);
  const t1 = truth.series['mr-t1'].window;
  expect(Math.abs((await screenGrey(page, liver, 6)) - expectedGrey(120, t1.width, t1.center))).toBeLessThan(8);
  await screenshot(page, testInfo, 'folder-multiframe');
  expect(problems).toEqual([]);
});

test('emh.load reports what it loaded and what it refused, and a missing URL is a refusal', async ({ page }) => {
  const problems = watchConsole(page);
  await openViewer(page, '?empty');
  const report = await page.evaluate(() =>
    window.emh.load({ urls: ['sample/mr-t1/IM-0001.dcm', 'sample/mr-t1/IM-0002.dcm', 'sample/missing/IM-9999.dcm'] }),
  );
  expect(report.loaded).toBe(2);
  expect(report.documents).toBe(0);
  expect(report.refused).toEqual([{ file: 'IM-9999.dcm', reason: 'could not be read: HTTP 404 Not Found' }]);
  expect(problems.filter((p) => !p.includes('404'))).toEqual([]);
});

test('1x2 shows T1 beside T2, each in its own window', async ({ page }, testInfo) => {
  const problems = watchConsole(page);
  await openViewer(page);
  await waitForSeriesLoaded(page);
  await page.getByTestId('tb-layout-1x2').click();
  const cards = page.getByTestId('series-card');
  await cards.filter({ hasText: 'AX T1 TSE' }).dragTo(page.getByTestId('viewport-0'));
  await cards.filter({ hasText: 'AX T2 TSE' }).dragTo(page.getByTestId('viewport-1'));
  await expect(page.getByTestId('overlay-0')).toContainText('AX T1 TSE');
  await expect(page.getByTestId('overlay-1')).toContainText('AX T2 TSE');
  for (const viewport of [0, 1]) {
    const uid = seriesUID(viewport === 0 ? 'mr-t1' : 'mr-t2');
    await page.evaluate(([u, n, v]) => window.emh.show(u, { instanceNumber: n, viewport: v }), [uid, LIVER_SLICE, viewport] as const);
    await expectImage(page, LIVER_SLICE, 60, viewport);
  }
  const left = await page.getByTestId('viewport-0').boundingBox();
  const right = await page.getByTestId('viewport-1').boundingBox();
  expect(right && left && right.x > left.x + left.width - 5 && Math.abs(right.y - left.y) < 2).toBe(true);

  // Liver is dark on both (iron): 120 on T1 and 60 on T2 against muscle 400 / 300.
  const t1 = truth.series['mr-t1'].window;
  const t2 = truth.series['mr-t2'].window;
  const muscle = truth.organs.muscle.references[0].right.center;
  const [liver0, muscle0] = await imageToClient(page, [LIVER_POINT, muscle], 0);
  const [liver1, muscle1] = await imageToClient(page, [LIVER_POINT, muscle], 1);
  expect(Math.abs((await screenGrey(page, liver0, 6)) - expectedGrey(120, t1.width, t1.center))).toBeLessThan(8);
  expect(Math.abs((await screenGrey(page, muscle0, 6)) - expectedGrey(400, t1.width, t1.center))).toBeLessThan(8);
  expect(Math.abs((await screenGrey(page, liver1, 6)) - expectedGrey(60, t2.width, t2.center))).toBeLessThan(8);
  expect(Math.abs((await screenGrey(page, muscle1, 6)) - expectedGrey(300, t2.width, t2.center))).toBeLessThan(8);
  await screenshot(page, testInfo, 'mr-t1-beside-t2');

  // Same frame of reference: with sync on, scrolling the T1 moves the T2 to the same slice.
  await page.getByTestId('viewport-0').click({ position: { x: 40, y: 40 } });
  await page.keyboard.press('s');
  await expect(page.getByTestId('tb-sync')).toHaveAttribute('aria-pressed', 'true');
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowDown');
  await expectImage(page, LIVER_SLICE + 5, 60, 0);
  await expectImage(page, LIVER_SLICE + 5, 60, 1);
  expect(problems).toEqual([]);
});

test('invert, zoom and reset change what is on screen and come back', async ({ page }) => {
  const problems = watchConsole(page);
  await openViewer(page);
  await waitForSeriesLoaded(page);
  await page.evaluate(([uid, n]) => window.emh.show(uid, { instanceNumber: n }), [seriesUID('ct-nc'), LIVER_SLICE] as const);
  await page.getByTestId('viewport-0').click({ position: { x: 30, y: 30 } });
  const [liver] = await imageToClient(page, [LIVER_POINT]);
  const normal = await screenGrey(page, liver, 8);
  await page.keyboard.press('i');
  await expect.poll(() => screenGrey(page, liver, 8)).toBeGreaterThan(255 - normal - 6);
  expect(Math.abs((await screenGrey(page, liver, 8)) - (255 - normal))).toBeLessThan(6);
  const zoom = page.getByTestId('overlay-0').getByTestId('ov-zoom');
  const fitted = await zoom.textContent();
  await page.keyboard.press('+');
  await expect(zoom).not.toHaveText(fitted ?? '');
  await page.keyboard.press('r');
  await expect(zoom).toHaveText(fitted ?? '');
  const [liverAfterReset] = await imageToClient(page, [LIVER_POINT]);
  expect(Math.abs((await screenGrey(page, liverAfterReset, 8)) - normal)).toBeLessThan(6);
  expect(problems).toEqual([]);
});

test('? shows the keyboard shortcuts', async ({ page }) => {
  await openViewer(page, '?empty');
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toContainText('Liver window (150/90)');
  await page.keyboard.press('?');
  await expect(dialog).toBeHidden();
});
