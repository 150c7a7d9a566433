/**
 * The EMH plugin inside a prebuilt OHIF 3.13.2 (npm pack @ohif/app@3.13.2, see README "Use
 * inside OHIF"): OHIF's dist and our dist-ohif/ from one origin, /dicom-web proxied to an
 * Orthanc holding the sample case. Run with `npm run test:ohif` (builds the plugin first);
 * skipped when no prebuilt OHIF is on this machine.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import {
  ohifAnnotations,
  ohifCommand,
  ohifHostProbe,
  ohifMeasurementTools,
  ohifShowSeries,
  ohifImageToClient,
  ohifToolState,
  seriesOpen,
  showInstance,
  openWorkup,
  addL4,
  addLiverRois,
} from './support/ohifPage';
import { serveOhifForSpec } from './support/ohifServing';
import { truth } from './helpers';

const EMH_TOOLS = ['EmhLesionAxes', 'EmhMuscleRoi', 'EmhLesionSignalRoi', 'EmhLiverRoi', 'EmhSpleenRoi', 'EmhLesionHuRoi'];
const CT_STUDY = truth.series['ct-nc'].studyInstanceUID;

type Point = [number, number];

const served = serveOhifForSpec();
test.describe.configure({ mode: 'serial' });

/** A press, a drag in small steps and a release on image pixels [column, row] of the active viewport. */
async function drag(page: Page, from: Point, to: Point): Promise<void> {
  const [[x0, y0], [x1, y1]] = await ohifImageToClient(page, [from, to]);
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  await page.mouse.move(x1, y1, { steps: 8 });
  await page.mouse.up();
}

/** Cornerstone's ellipse is drawn from its centre out to a corner of its bounding box. */
async function drawEllipse(page: Page, center: Point, radius: number): Promise<void> {
  await drag(page, center, [center[0] + radius, center[1] + radius]);
}

/** "10.0 x 5.7 cm" as [10.0, 5.7]. */
function axesCm(text: string): [number, number] {
  const match = /(\d+(?:\.\d+)?)\s*x\s*(\d+(?:\.\d+)?)/.exec(text);
  return match ? [Number(match[1]), Number(match[2])] : [Number.NaN, Number.NaN];
}

interface AutosaveStatus {
  ready: boolean;
  storage: string;
  pending: number;
  savedAt: number | null;
}

interface Inventory {
  lesions: {
    id: string;
    site: string | null;
    longAxisMm: number | null;
    shortAxisMm: number | null;
    t1: { ratio: number | null; call: string | null };
    t2: { ratio: number | null; call: string | null };
  }[];
  liver: { meanHU: number | null; call: string; rois: unknown[] };
}

test('OHIF starts with the EMH extension registered and offers the EMH work-up mode for the CT', async ({ page }) => {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.stack ?? error.message));
  await page.goto(`${served.url()}/`);
  await expect(page.getByText('ACC-EMH-0001')).toBeVisible({ timeout: 30_000 });
  const state = await ohifToolState(page, EMH_TOOLS);
  expect(state.registered).toContain('emh');
  // A study's row opens its list of modes (OHIF keeps the loaded modes to itself); ours is one of them.
  await page.getByText('ACC-EMH-0001').click();
  await expect(page.getByRole('button', { name: /EMH work-up/ })).toBeVisible();
  expect(problems).toEqual([]);
});

test('the EMH work-up mode opens the CT with our panel and tools; L4 drawn with the mouse reads 10.0 x 5.7 cm in our panel, three liver ROIs 103 HU, above', async ({
  page,
}, testInfo) => {
  await openWorkup(page, served.url(), [CT_STUDY], ['ct-nc']);
  const panel = page.getByTestId('emh-ohif-panel');
  await expect(panel.locator('li', { hasText: 'WITHOUT CONTRAST' })).toContainText('unenhanced');
  await expect(panel.locator('li', { hasText: 'PORTAL VENOUS' })).toContainText('enhanced');

  // Our tools are in the tool group the mode made, and Shift+L gives the left button to the lesion tool.
  await expect.poll(async () => (await ohifToolState(page, EMH_TOOLS)).toolsInDefaultGroup).toEqual(EMH_TOOLS);
  const l4 = truth.lesions.find((l) => l.id === 'L4');
  if (!l4) throw new Error('no L4 in truth');
  await showInstance(page, l4.slice);
  await page.locator('.cornerstone-viewport-element').first().hover();
  await page.keyboard.press('Shift+L');
  await expect.poll(async () => (await ohifToolState(page, EMH_TOOLS)).activePrimaryTool).toBe('EmhLesionAxes');

  // The long axis by dragging, then each short-axis handle onto the lesion's edge, as a hand does it.
  await drag(page, l4.longAxis[0], l4.longAxis[1]);
  // Cornerstone starts the short axis at a third of the long axis each side of the middle.
  const [a, b] = l4.longAxis;
  const mid: Point = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
  const third = Math.hypot(b[0] - a[0], b[1] - a[1]) / 3;
  const ux = (a[0] - b[0]) / (3 * third);
  const uy = (a[1] - b[1]) / (3 * third);
  const start: Point = [mid[0] + third * uy, mid[1] - third * ux];
  const end: Point = [mid[0] - third * uy, mid[1] + third * ux];
  const [s0, s1] = l4.shortAxis;
  const nearStart = Math.hypot(start[0] - s0[0], start[1] - s0[1]) < Math.hypot(start[0] - s1[0], start[1] - s1[1]);
  await drag(page, start, nearStart ? s0 : s1);
  await drag(page, end, nearStart ? s1 : s0);
  await expect.poll(async () => (await ohifAnnotations(page, 'EmhLesionAxes')).length).toBe(1);
  // The tool's own measurement in OHIF's Cornerstone (our panel's inventory is the next step).
  // Cornerstone recomputes the statistics on the render after the last handle moved.
  const axes = async (): Promise<[number, number]> => {
    const [drawn] = await ohifAnnotations(page, 'EmhLesionAxes');
    const stats = Object.values(drawn.stats)[0] as { length?: number; width?: number } | undefined;
    return [stats?.length ?? 0, stats?.width ?? 0];
  };
  // Within 2 mm of the truth (10.0 x 5.7 cm), as a reader's drag allows.
  const withinTruth = async (): Promise<boolean> => {
    const [long, short] = await axes();
    return Math.abs(long - l4.longAxisCm * 10) < 2 && Math.abs(short - l4.shortAxisCm * 10) < 2;
  };
  await expect.poll(withinTruth, { message: `axes ${JSON.stringify(await axes())} mm` }).toBe(true);
  // The drawing is an OHIF measurement too (our tool mapped as the Bidirectional it extends).
  await expect.poll(async () => ohifMeasurementTools(page)).toEqual(['EmhLesionAxes']);
  // Our host services over OHIF's: the active cell shows the unenhanced CT as our series model,
  // and a page point maps back to the image pixel it was computed from (our geometry, OHIF's viewport).
  const host = await ohifHostProbe(page, l4.longAxis[0] as Point);
  expect(host.seriesShown).toBe(truth.series['ct-nc'].seriesInstanceUID);
  expect(host.instances).toBe(truth.series['ct-nc'].instances);
  expect(Math.hypot(host.backToImage[0] - l4.longAxis[0][0], host.backToImage[1] - l4.longAxis[0][1])).toBeLessThan(0.01);

  // The real EMH extension runs in OHIF: the drawing is lesion L1 in OUR panel, with the site
  // picker ours too, and the row reads the size a radiologist reports.
  const picker = page.getByTestId('site-picker');
  await expect(picker).toBeVisible();
  await picker.getByRole('button', { name: /presacral/i }).click();
  await picker.getByRole('button', { name: 'Save' }).click();
  await expect(picker).toBeHidden();
  const size = page.getByTestId('lesion-row-L1').getByTestId('cell-size');
  await expect(size).toContainText(' cm');
  await expect
    .poll(async () => {
      const [long, short] = axesCm(await size.innerText());
      return Math.abs(long - l4.longAxisCm) <= 0.2 && Math.abs(short - l4.shortAxisCm) <= 0.2;
    })
    .toBe(true);
  console.log(
    `OHIF: our panel's L1 row reads "${(await size.innerText()).replace(/\s+/g, ' ')}" (truth ${l4.longAxisCm} x ${l4.shortAxisCm} cm)`,
  );

  // Three liver ROIs on the unenhanced CT with the liver HU tool (Shift+H in OHIF): 103 HU, above.
  const liver = truth.organs.liver;
  await showInstance(page, liver.recommendedSlice);
  await page.locator('.cornerstone-viewport-element').first().hover();
  await page.keyboard.press('Shift+H');
  await expect.poll(async () => (await ohifToolState(page, EMH_TOOLS)).activePrimaryTool).toBe('EmhLiverRoi');
  for (const roi of liver.rois) await drawEllipse(page, roi.center as Point, roi.radiusPx);
  await expect(page.getByTestId('liver-call')).toContainText(/above/i);
  const meanText = await page.getByTestId('liver-mean').innerText();
  expect(Math.abs(Number.parseFloat(meanText) - 103)).toBeLessThanOrEqual(3);
  const inventory = (await ohifCommand(page, 'emh.inventory')) as Inventory;
  expect(inventory.liver.rois).toHaveLength(3);
  expect(inventory.liver.call).toBe('above');
  console.log(`OHIF: our liver summary reads "${meanText}", ${inventory.liver.call} (inventory ${inventory.liver.meanHU?.toFixed(1)} HU)`);
  await page.screenshot({ path: testInfo.outputPath('ohif-emh-mode.png') });
  await page.screenshot({ path: 'e2e/artifacts/ohif-emh-mode.png' });
});

test('Save to PACS stores an SR that QIDO-RS finds in the CT study; a reload restores the inventory from the autosave, a fresh profile loads the SR', async ({
  page,
  browser,
}, testInfo) => {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.stack ?? error.message));
  await openWorkup(page, served.url(), [CT_STUDY], ['ct-nc']);
  await expect.poll(async () => ((await ohifCommand(page, 'emh.autosaveStatus')) as AutosaveStatus).ready).toBe(true);

  // Measured through OHIF's commandsManager this time (the mouse is the test above).
  const l4 = await addL4(page);
  await addLiverRois(page);
  await expect(page.getByTestId('lesion-row-L1').getByTestId('cell-size')).toContainText('10.0 x 5.7');
  await expect(page.getByTestId('liver-call')).toContainText(/above/i);

  // Save to PACS from our panel: STOW-RS through OHIF's data source (store.dicom, given our
  // Part 10 bytes), counted as saved once QIDO-RS lists the report.
  await page.evaluate(() => {
    const w = window as unknown as {
      extensionManager: { getActiveDataSource(): { store: { dicom(d: unknown, ...rest: unknown[]): Promise<unknown> } }[] };
      emhStoreCalls?: string[];
    };
    const store = w.extensionManager.getActiveDataSource()[0].store;
    const original = store.dicom.bind(store);
    w.emhStoreCalls = [];
    store.dicom = (dataset: unknown, ...rest: unknown[]) => {
      w.emhStoreCalls?.push(dataset instanceof ArrayBuffer ? `ArrayBuffer ${dataset.byteLength}` : typeof dataset);
      return original(dataset, ...rest);
    };
  });
  await page.getByTestId('save-pacs').click();
  await expect(page.getByTestId('save-pacs-status')).toContainText('Saved at');
  const storeCalls = await page.evaluate(() => (window as unknown as { emhStoreCalls: string[] }).emhStoreCalls);
  expect(storeCalls).toHaveLength(1);
  expect(storeCalls[0]).toMatch(/^ArrayBuffer \d+$/);
  const srSeries = (await (await served.pacs().dicomWeb(`/studies/${CT_STUDY}/series?Modality=SR`)).json()) as Record<
    string,
    { Value?: string[] }
  >[];
  expect(srSeries).toHaveLength(1);
  const srSeriesUID = srSeries[0]['0020000E'].Value?.[0] as string;
  const srInstances = (await (await served.pacs().dicomWeb(`/studies/${CT_STUDY}/series/${srSeriesUID}/instances`)).json()) as unknown[];
  expect(srInstances).toHaveLength(1);
  console.log(`OHIF: QIDO-RS finds SR series ${srSeriesUID} (${srInstances.length} instance) in the CT study`);

  // Everything saved in this browser, then a reload: the inventory comes back as it was.
  await expect
    .poll(async () => {
      const s = (await ohifCommand(page, 'emh.autosaveStatus')) as AutosaveStatus;
      return s.storage === 'ok' && s.pending === 0 && s.savedAt !== null;
    })
    .toBe(true);
  const before = (await ohifCommand(page, 'emh.inventory')) as Inventory;
  await page.reload();
  await expect(page.getByTestId('emh-ohif-panel')).toBeVisible({ timeout: 45_000 });
  await expect(page.getByTestId('lesion-row-L1').getByTestId('cell-size')).toContainText('10.0 x 5.7', { timeout: 30_000 });
  await expect(page.getByTestId('liver-call')).toContainText(/above/i);
  const after = (await ohifCommand(page, 'emh.inventory')) as Inventory;
  expect(after.lesions.map((l) => [l.id, l.site, l.longAxisMm?.toFixed(1), l.shortAxisMm?.toFixed(1)])).toEqual(
    before.lesions.map((l) => [l.id, l.site, l.longAxisMm?.toFixed(1), l.shortAxisMm?.toFixed(1)]),
  );
  expect(after.liver.rois).toHaveLength(3);
  expect(after.liver.meanHU?.toFixed(1)).toBe(before.liver.meanHU?.toFixed(1));
  // Back in OHIF's Cornerstone annotation state (which holds every slice's): L4 and the three liver ROIs.
  await showInstance(page, l4.slice);
  await expect.poll(async () => (await ohifAnnotations(page, 'EmhLesionAxes')).length).toBe(1);
  await expect.poll(async () => (await ohifAnnotations(page, 'EmhLiverRoi')).length).toBe(3);
  console.log(
    `OHIF: after the reload, ${after.lesions.length} lesion and ${after.liver.rois.length} liver ROIs (${after.liver.meanHU?.toFixed(1)} HU)`,
  );
  // OHIF lists the stored SR in the study; our saved-reports list has it too (read by WADO-RS).
  await expect(page.getByTestId('saved-report')).toHaveCount(1);
  await page.screenshot({ path: testInfo.outputPath('ohif-emh-restored.png') });
  await page.screenshot({ path: 'e2e/artifacts/ohif-emh-restored.png' });

  // A fresh browser profile (no autosave) opens the study in OHIF and loads the report from the PACS.
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  other.on('pageerror', (error) => problems.push(error.stack ?? error.message));
  await other.goto(`${served.url()}/emh?StudyInstanceUIDs=${CT_STUDY}`);
  await expect(other.getByTestId('saved-report')).toHaveCount(1, { timeout: 45_000 });
  await seriesOpen(other, ['ct-nc']);
  expect(((await ohifCommand(other, 'emh.inventory')) as Inventory).lesions).toHaveLength(0);
  await other.getByTestId('load-latest-report').click();
  await expect(other.getByTestId('lesion-row-L1').getByTestId('cell-size')).toContainText('10.0 x 5.7');
  const loaded = (await ohifCommand(other, 'emh.inventory')) as Inventory;
  expect(loaded.lesions.map((l) => [l.id, l.site, l.longAxisMm?.toFixed(1), l.shortAxisMm?.toFixed(1)])).toEqual(
    before.lesions.map((l) => [l.id, l.site, l.longAxisMm?.toFixed(1), l.shortAxisMm?.toFixed(1)]),
  );
  expect(loaded.liver.rois).toHaveLength(3);
  expect(loaded.liver.meanHU?.toFixed(1)).toBe(before.liver.meanHU?.toFixed(1));
  console.log(`OHIF: a fresh profile loads the SR from the PACS: ${loaded.lesions.length} lesion, ${loaded.liver.rois.length} liver ROIs`);
  await fresh.close();
  expect(problems).toEqual([]);
});

test('on the MR study in OHIF, muscle and lesion ROIs drawn with the mouse give L4 its T1 and T2 calls in our panel; the panel exports JSON, CSV and a DICOM SR that imports in a fresh profile', async ({
  page,
  browser,
}, testInfo) => {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.stack ?? error.message));
  const mrStudy = truth.series['mr-t1'].studyInstanceUID;
  await openWorkup(page, served.url(), [CT_STUDY, mrStudy], ['ct-nc', 'mr-t1', 'mr-t2']);
  // L4 on the CT through the command (the mouse measurement is the test above).
  const l4 = await addL4(page);
  await expect(page.getByTestId('lesion-row-L1')).toBeVisible();

  for (const key of ['mr-t1', 'mr-t2'] as const) {
    await ohifShowSeries(page, truth.series[key].seriesInstanceUID, l4.slice);
    const muscle = l4.muscleReference.right;
    await page.locator('.cornerstone-viewport-element').first().hover();
    await page.keyboard.press('m');
    await expect.poll(async () => (await ohifToolState(page, EMH_TOOLS)).activePrimaryTool).toBe('EmhMuscleRoi');
    await drawEllipse(page, muscle.center as Point, muscle.radiusPx);
    // "Measure L1 here" in the lesion's card, so the ROI attaches to it.
    await page.getByTestId('select-L1').click();
    await page.getByTestId('measure-L1').click();
    await page.locator('.cornerstone-viewport-element').first().hover();
    await page.keyboard.press('t');
    await expect.poll(async () => (await ohifToolState(page, EMH_TOOLS)).activePrimaryTool).toBe('EmhLesionSignalRoi');
    const [ex, ey] = l4.roi.center;
    const [rx, ry] = l4.roi.radii;
    await drag(page, [ex, ey], [ex + rx, ey + ry]);
  }
  await expect.poll(async () => ((await ohifCommand(page, 'emh.inventory')) as Inventory).lesions[0]?.t2.call ?? null).not.toBeNull();
  const [row] = ((await ohifCommand(page, 'emh.inventory')) as Inventory).lesions;
  expect(Math.abs((row.t1.ratio ?? 0) - l4.t1Ratio)).toBeLessThan(0.03);
  expect(Math.abs((row.t2.ratio ?? 0) - l4.t2Ratio)).toBeLessThan(0.03);
  expect(row.t1.call).toBe(l4.t1Call);
  expect(row.t2.call).toBe(l4.t2Call);
  await expect(page.getByTestId('lesion-row-L1').getByTestId('cell-t1')).toContainText((row.t1.ratio ?? 0).toFixed(2));
  await expect(page.getByTestId('lesion-row-L1').getByTestId('cell-t2')).toContainText((row.t2.ratio ?? 0).toFixed(2));
  console.log(
    `OHIF: L1 T1 ${row.t1.ratio?.toFixed(2)} ${row.t1.call}, T2 ${row.t2.ratio?.toFixed(2)} ${row.t2.call} (truth T1 ${l4.t1Ratio} ${l4.t1Call}, T2 ${l4.t2Ratio} ${l4.t2Call})`,
  );
  await page.screenshot({ path: testInfo.outputPath('ohif-emh-mr.png') });
  await page.screenshot({ path: 'e2e/artifacts/ohif-emh-mr.png' });

  // The exports download from our panel in OHIF as in our viewer.
  const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
  const json = JSON.parse(readFileSync(await jsonDownload.path(), 'utf8')) as { format: string; lesions: { longAxisMm: number }[] };
  expect(json.format).toBe('emh-inventory');
  expect(json.lesions[0].longAxisMm).toBeCloseTo(100, 0);
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  expect(csvDownload.suggestedFilename()).toMatch(/^emh-inventory-EMH-0001-\d{4}-\d{2}-\d{2}\.csv$/);
  expect(readFileSync(await csvDownload.path(), 'utf8')).toContain('L1');
  console.log(`OHIF: exports ${jsonDownload.suggestedFilename()}, ${csvDownload.suggestedFilename()}`);

  // The DICOM SR download, imported as a file in a fresh profile: L1 with its T1 and T2 calls.
  const [srDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-sr').click()]);
  const srPath = await srDownload.path();
  expect(readFileSync(srPath).subarray(128, 132).toString('latin1')).toBe('DICM');
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  other.on('pageerror', (error) => problems.push(error.stack ?? error.message));
  await other.goto(`${served.url()}/emh?StudyInstanceUIDs=${CT_STUDY},${mrStudy}`);
  await expect(other.getByTestId('emh-ohif-panel')).toBeVisible({ timeout: 45_000 });
  await expect.poll(async () => ((await ohifCommand(other, 'emh.autosaveStatus')) as AutosaveStatus).ready).toBe(true);
  await seriesOpen(other, ['ct-nc', 'mr-t1', 'mr-t2']);
  await other.getByTestId('import-sr-input').setInputFiles(srPath);
  await expect(other.getByTestId('lesion-row-L1').getByTestId('cell-t2')).toContainText((row.t2.ratio ?? 0).toFixed(2));
  const [imported] = ((await ohifCommand(other, 'emh.inventory')) as Inventory).lesions;
  expect([imported.t1.call, imported.t2.call, imported.longAxisMm?.toFixed(1)]).toEqual([
    row.t1.call,
    row.t2.call,
    row.longAxisMm?.toFixed(1),
  ]);
  console.log(
    `OHIF: our SR file (${readFileSync(srPath).length} bytes) imported in a fresh profile: L1 T1 ${imported.t1.call}, T2 ${imported.t2.call}`,
  );
  await fresh.close();
  expect(problems).toEqual([]);
});
