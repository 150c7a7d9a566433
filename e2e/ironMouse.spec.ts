/**
 * Iron ROIs as a radiologist draws them on the T2* sample (truth.json t2starSeries): the toolbar
 * button, an ellipse dragged on an echo, the organ picker; the ellipse stays drawn on the other
 * echoes of its position, a move refits, a delete removes it, Show returns to its echo.
 */
import { expect, test, type Page } from '@playwright/test';
import { expectImage, imageToClient, openViewer, run, screenshot, truth, waitForSeriesLoaded, watchConsole } from './helpers';

type Point = [number, number];
const T2STAR = truth.t2starSeries;
const tissue = (name: string) => T2STAR.tissues.find((t) => t.name === name)!;
const IMAGES = T2STAR.positionsMm.length * T2STAR.instancesPerPosition;

interface IronRoi {
  id: string;
  organ: string;
  r2starHz: number;
  t2starMs: number;
  pixels: number;
  noiseSigma?: number | null;
  noiseSource?: string;
  ref: { instanceNumber: number; center: Point; radii: Point };
}
interface Iron {
  liver: { r2starHz: number | null; licMgFeG: number | null; grade: string | null; rois: IronRoi[] };
  heart: { t2starMs: number | null; grade: string | null; rois: IronRoi[] };
  other: IronRoi[];
}

async function iron(page: Page): Promise<Iron> {
  return page.evaluate(() => (window.emh.inventory as () => { iron: Iron }).call(window.emh).iron);
}

/** A press, a drag in small steps and a release, as a hand does it. */
async function drag(page: Page, from: Point, to: Point): Promise<void> {
  const [[x0, y0], [x1, y1]] = await imageToClient(page, [from, to]);
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  await page.mouse.move(x1, y1, { steps: 8 });
  await page.mouse.up();
}

/** Cornerstone's ellipse is drawn from its centre out to a corner of its bounding box. */
async function drawEllipse(page: Page, center: Point, radius: number): Promise<void> {
  await drag(page, center, [center[0] + radius, center[1] + radius]);
}

/** Ellipses the annotation layer of the first viewport draws now. */
function ellipsesOnScreen(page: Page) {
  return page.getByTestId('viewport-0').locator('svg ellipse');
}

async function pick(page: Page, organ: string): Promise<void> {
  const picker = page.getByTestId('iron-organ-picker');
  await expect(picker).toBeVisible();
  await picker.getByTestId(`iron-organ-${organ}`).click();
  await picker.getByTestId('iron-organ-save').click();
  await expect(picker).toHaveCount(0);
}

const within = (value: number | null, expected: number, fraction: number): boolean =>
  value !== null && Math.abs(value - expected) <= fraction * expected;

test('liver and heart iron ROIs drawn with the mouse on the echoes: fit, echoes, move, delete, show', async ({ page }, testInfo) => {
  const problems = watchConsole(page);
  await openViewer(page, `?manifest=sample-t2star/${T2STAR.manifest}`);
  await waitForSeriesLoaded(page);
  await page.evaluate((uid) => window.emh.show(uid, { instanceNumber: 1 }), T2STAR.seriesInstanceUID);
  await expectImage(page, 1, IMAGES);

  await page.getByRole('button', { name: 'Iron ROI' }).click();
  const liverTruth = tissue('liver');
  await drawEllipse(page, liverTruth.roi.center as Point, liverTruth.roi.radii[0]!);
  await expect(page.getByTestId('iron-organ-picker')).toBeVisible();
  await screenshot(page, testInfo, 'iron-mouse-picker');
  await pick(page, 'liver');
  const section = page.getByTestId('iron-section');
  await expect(section.getByTestId('iron-liver')).toContainText('moderate');
  let summary = await iron(page);
  const liver = summary.liver.rois[0]!;
  expect(within(liver.r2starHz, liverTruth.r2starHz, 0.02), `liver R2* ${liver.r2starHz}`).toBe(true);
  expect(Math.abs(summary.liver.licMgFeG! - 10)).toBeLessThanOrEqual(0.2);
  expect(summary.liver.grade).toBe('moderate');
  // The noise came from the air of the first echo: the sample's sigma is 12.
  expect(liver.noiseSource).toBe('air');
  expect(Math.abs(liver.noiseSigma! - T2STAR.noiseSigma)).toBeLessThan(0.6);
  expect(liver.ref.instanceNumber).toBe(1);
  expect(Math.hypot(liver.ref.center[0] - liverTruth.roi.center[0]!, liver.ref.center[1] - liverTruth.roi.center[1]!)).toBeLessThan(0.5);
  await expect(ellipsesOnScreen(page)).toHaveCount(1);

  // The wheel scrolls to the second echo of the same position: the ellipse is drawn there too.
  const [[cx, cy]] = await imageToClient(page, [[64, 100]]);
  await page.mouse.move(cx, cy);
  await page.mouse.wheel(0, 100);
  await expectImage(page, 2, IMAGES);
  await expect(ellipsesOnScreen(page)).toHaveCount(1);

  // The heart, drawn on that second echo.
  const heartTruth = tissue('heart');
  await drawEllipse(page, heartTruth.roi.center as Point, heartTruth.roi.radii[0]!);
  await pick(page, 'heart');
  await expect(section.getByTestId('iron-heart')).toContainText('mild-moderate');
  summary = await iron(page);
  expect(Math.abs(summary.heart.t2starMs! - 15)).toBeLessThanOrEqual(0.3);
  expect(summary.heart.grade).toBe('mild-moderate');
  expect(summary.heart.rois[0]!.ref.instanceNumber).toBe(2);
  await expect(ellipsesOnScreen(page)).toHaveCount(2);

  // The last echo of the position shows both; the first echo of the next position neither.
  await page.evaluate((uid) => window.emh.show(uid, { instanceNumber: 12 }), T2STAR.seriesInstanceUID);
  await expectImage(page, 12, IMAGES);
  await expect(ellipsesOnScreen(page)).toHaveCount(2);
  await screenshot(page, testInfo, 'iron-mouse-echo12');
  await page.evaluate((uid) => window.emh.show(uid, { instanceNumber: 13 }), T2STAR.seriesInstanceUID);
  await expectImage(page, 13, IMAGES);
  await expect(ellipsesOnScreen(page)).toHaveCount(0);

  // Back on the fourth echo, the liver ellipse is dragged by its outline off the liver, into fat.
  await page.evaluate((uid) => window.emh.show(uid, { instanceNumber: 4 }), T2STAR.seriesInstanceUID);
  await expectImage(page, 4, IMAGES);
  const [lc, lr] = liverTruth.roi.center as Point;
  const onOutline: Point = [lc + liverTruth.roi.radii[0]! * Math.SQRT1_2, lr + liverTruth.roi.radii[0]! * Math.SQRT1_2];
  await drag(page, onOutline, [onOutline[0], onOutline[1] + 24]);
  await expect.poll(async () => (await iron(page)).liver.rois[0]?.ref.center[1] ?? 0).toBeGreaterThan(lr + 20);
  summary = await iron(page);
  const moved = summary.liver.rois[0]!;
  expect(moved.id).toBe(liver.id);
  expect(moved.ref.instanceNumber).toBe(1);
  // Fat (R2* 45 Hz) instead of liver (386 Hz).
  expect(moved.r2starHz, `moved R2* ${moved.r2starHz}`).toBeLessThan(0.5 * liverTruth.r2starHz);
  await expect(section.getByTestId('iron-liver')).not.toContainText('moderate');
  await screenshot(page, testInfo, 'iron-mouse-moved');

  // Show returns to the echo the ROI was drawn on.
  await section.locator(`[data-roi="${summary.heart.rois[0]!.id}"]`).getByTestId('iron-roi-show').click();
  await expectImage(page, 2, IMAGES);

  // Deleting the liver ROI in the panel takes its ellipse away; the heart's stays.
  await section.locator(`[data-roi="${liver.id}"]`).getByTestId('iron-roi-delete').click();
  await expect(section.getByTestId('iron-liver')).toHaveCount(0);
  await expect(section.getByTestId('iron-roi')).toHaveCount(1);
  await expect(ellipsesOnScreen(page)).toHaveCount(1);
  // A click on the heart's outline selects it; Delete deletes the ROI.
  const [hc, hr] = heartTruth.roi.center as Point;
  const heartEdge: Point = [hc + heartTruth.roi.radii[0]! * Math.SQRT1_2, hr - heartTruth.roi.radii[0]! * Math.SQRT1_2];
  await drag(page, heartEdge, heartEdge);
  await page.keyboard.press('Delete');
  await expect(ellipsesOnScreen(page)).toHaveCount(0);
  await expect(page.getByTestId('iron-section')).toHaveCount(0);
  expect(problems).toEqual([]);
});

test('an ROI placed by the API is drawn on its echoes, and Esc on the picker discards a drawing', async ({ page }, testInfo) => {
  await openViewer(page, `?manifest=sample-t2star/${T2STAR.manifest}`);
  const spleen = tissue('spleen');
  const roi = (await run(page, 'emh.addIronRoi', {
    seriesInstanceUID: T2STAR.seriesInstanceUID,
    instanceNumber: 15,
    center: spleen.roi.center,
    radii: spleen.roi.radii,
    organ: 'spleen',
    noiseSigma: 12,
  })) as IronRoi;
  expect(roi.noiseSource).toBe('given');
  expect(roi.noiseSigma).toBe(12);
  await expectImage(page, 15, IMAGES);
  await expect(ellipsesOnScreen(page)).toHaveCount(1);
  await page.evaluate((uid) => window.emh.show(uid, { instanceNumber: 24 }), T2STAR.seriesInstanceUID);
  await expectImage(page, 24, IMAGES);
  await expect(ellipsesOnScreen(page)).toHaveCount(1);

  await page.getByRole('button', { name: 'Iron ROI' }).click();
  await drawEllipse(page, [40, 40], 5);
  await expect(page.getByTestId('iron-organ-picker')).toBeVisible();
  await expect(ellipsesOnScreen(page)).toHaveCount(2);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('iron-organ-picker')).toHaveCount(0);
  await expect(ellipsesOnScreen(page)).toHaveCount(1);
  expect((await iron(page)).other).toHaveLength(1);
  await screenshot(page, testInfo, 'iron-mouse-api');

  // "Clear all" clears the iron ROIs with the rest, and "Undo clear" brings them back, ellipse and numbers.
  const kept = await iron(page);
  expect(await run(page, 'emh.clearAnnotations', { confirm: true })).toMatchObject({ cleared: true, ironRois: 1 });
  await expect(page.locator('.notice', { hasText: 'Cleared 0 annotations, 0 lesions and 1 iron ROI.' })).toHaveCount(1);
  await expect(ellipsesOnScreen(page)).toHaveCount(0);
  await expect(page.getByTestId('iron-section')).toHaveCount(0);
  await run(page, 'emh.undoClear');
  await expect(page.locator('.notice', { hasText: 'Brought back 0 annotations, 0 lesions and 1 iron ROI.' })).toHaveCount(1);
  expect(await iron(page)).toEqual(kept);
  await expect(ellipsesOnScreen(page)).toHaveCount(1);
  // The API's removal takes its ellipse away.
  await run(page, 'emh.removeIronRoi', { id: roi.id });
  await expect(ellipsesOnScreen(page)).toHaveCount(0);
  await expect(page.getByTestId('iron-section')).toHaveCount(0);
});

test('an iron ROI drawn on a series that is not T2* is refused with the reason and taken away', async ({ page }) => {
  await openViewer(page);
  await waitForSeriesLoaded(page);
  await page.evaluate((uid) => window.emh.show(uid, { instanceNumber: 10 }), truth.series['mr-t2'].seriesInstanceUID);
  await page.getByRole('button', { name: 'Iron ROI' }).click();
  await drawEllipse(page, [120, 120], 10);
  await expect(page.locator('.notice')).toContainText(/not a multi-echo/);
  await expect(ellipsesOnScreen(page)).toHaveCount(0);
  await expect(page.getByTestId('iron-organ-picker')).toHaveCount(0);
  await expect(page.getByTestId('iron-section')).toHaveCount(0);
});
