import { expect, test, type Page } from '@playwright/test';
import {
  expectImage,
  imageToClient,
  openViewer,
  run,
  screenGrey,
  screenshot,
  seriesUID,
  truth,
  waitForSeriesLoaded,
  watchConsole,
} from './helpers';

/**
 * A radiologist's habits with real mouse and keyboard input: what the viewer must not do on
 * its own (attach a drawing to a selected lesion, draw on a click, act behind a dialog, move
 * the other viewport) and what it must do (take a quick drag, ask which lesion an ROI is for).
 */

type Point = [number, number];
type SeriesKey = 'ct-nc' | 'ct-pv' | 'mr-t1' | 'mr-t2';

interface Inventory {
  lesions: {
    id: string;
    longAxisMm: number | null;
    shortAxisMm: number | null;
    t2: { ratio: number | null };
    refs: { seriesInstanceUID: string }[];
  }[];
  muscleReferences: { seriesInstanceUID: string }[];
}

const inventory = (page: Page): Promise<Inventory> => run(page, 'emh.inventory') as Promise<Inventory>;
const annotationCount = async (page: Page): Promise<number> => ((await run(page, 'emh.annotations')) as unknown[]).length;

function lesion(id: string) {
  const found = truth.lesions.find((l) => l.id === id);
  if (!found) throw new Error(`no ${id} in truth`);
  return found;
}

async function show(page: Page, key: SeriesKey, instanceNumber: number, viewport = 0): Promise<void> {
  await page.evaluate(([uid, n, v]) => window.emh.show(uid, { instanceNumber: n, viewport: v }), [
    seriesUID(key),
    instanceNumber,
    viewport,
  ] as const);
}

/** A press, a drag in small steps and a release, as a hand does it. */
async function drag(page: Page, from: Point, to: Point, viewport = 0, steps = 8): Promise<void> {
  const [[x0, y0], [x1, y1]] = await imageToClient(page, [from, to], viewport);
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  await page.mouse.move(x1, y1, { steps });
  await page.mouse.up();
}

async function activeViewport(page: Page): Promise<number> {
  return page.evaluate(() => {
    const cells = [...document.querySelectorAll('[data-testid^="viewport-"]')];
    return cells.findIndex((c) => c.classList.contains('active'));
  });
}

/** Whether a viewport's canvas has the size of its cell, i.e. the last layout change is drawn. */
async function canvasFitsCell(page: Page, viewport: number): Promise<boolean> {
  return page.evaluate((v) => {
    const cell = document.querySelector(`[data-testid="viewport-${v}"] .viewport-element`);
    const canvas = cell?.querySelector('canvas');
    if (!cell || !canvas) return false;
    return Math.abs(canvas.width - Math.round(cell.clientWidth * devicePixelRatio)) <= 1;
  }, viewport);
}

/** The zoom the overlay shows (screen pixels per image pixel). */
async function zoomFactor(page: Page, viewport = 0): Promise<number> {
  const text = (await page.getByTestId(`overlay-${viewport}`).getByTestId('ov-zoom').textContent()) ?? '';
  return Number(/([\d.]+)/.exec(text)?.[1]);
}

async function windowText(page: Page, viewport = 0): Promise<string> {
  return (await page.getByTestId(`overlay-${viewport}`).getByTestId('ov-window').textContent()) ?? '';
}

test.describe('reading habits', () => {
  test.setTimeout(120_000);

  test.beforeEach(async ({ page }) => {
    await openViewer(page);
    await waitForSeriesLoaded(page);
  });

  test('a selected row neither absorbs a new drawing nor moves the viewport; "Measure L1 here" attaches one drawing; Esc ends it', async ({
    page,
  }, testInfo) => {
    const problems = watchConsole(page);
    const l4 = lesion('L4');
    const l1 = lesion('L1');
    await run(page, 'emh.addLesion', {
      seriesInstanceUID: seriesUID('ct-nc'),
      instanceNumber: l4.slice,
      longAxis: l4.longAxis,
      shortAxis: l4.shortAxis,
      site: 'presacral',
    });
    await show(page, 'ct-nc', l1.slice);
    await expectImage(page, l1.slice, 60);

    // Selecting the row leaves the image alone.
    await page.getByTestId('select-L1').click();
    await expect(page.getByTestId('lesion-row-L1')).toHaveAttribute('aria-selected', 'true');
    await page.waitForTimeout(300);
    await expectImage(page, l1.slice, 60);

    // A new drawing, with L1 selected, is a new lesion.
    await page.keyboard.press('l');
    await drag(page, l1.longAxis[0], l1.longAxis[1]);
    await expect.poll(async () => (await inventory(page)).lesions.map((l) => l.id)).toEqual(['L1', 'L2']);
    const first = (await inventory(page)).lesions[0];
    expect(Math.abs((first.longAxisMm ?? 0) - 100)).toBeLessThan(1);
    await page.keyboard.press('Escape'); // the site picker of L2
    await expect(page.getByTestId('site-picker')).toBeHidden();

    // Esc on the image clears the selection.
    await page.getByTestId('select-L1').click();
    await expect(page.getByTestId('lesion-row-L1')).toHaveAttribute('aria-selected', 'true');
    await page.getByTestId('viewport-0').hover();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('lesion-row-L1')).toHaveAttribute('aria-selected', 'false');

    // Armed: shown on the image and in the panel, moving nothing; Esc disarms without drawing.
    await page.getByTestId('select-L1').click();
    const before = await page.getByTestId('lesion-table').boundingBox();
    await page.getByTestId('measure-L1').click();
    expect((await page.getByTestId('lesion-table').boundingBox())?.y).toBe(before?.y);
    await expect(page.getByTestId('armed-banner-0')).toContainText('L1');
    await expect(page.getByTestId('armed-panel')).toContainText('L1');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('armed-banner-0')).toBeHidden();
    await expect(page.getByTestId('armed-panel')).toBeHidden();

    // Armed again: one drawing joins L1, the next is a lesion of its own.
    await page.getByTestId('select-L1').click();
    await page.getByTestId('measure-L1').click();
    await screenshot(page, testInfo, 'habits-armed');
    await drag(page, [60, 200], [80, 200]);
    await expect.poll(async () => (await inventory(page)).lesions[0].refs.length).toBe(2);
    expect((await inventory(page)).lesions).toHaveLength(2);
    await expect(page.getByTestId('armed-banner-0')).toBeHidden();
    await page.waitForTimeout(600);
    await drag(page, [60, 60], [80, 60]);
    await expect.poll(async () => (await inventory(page)).lesions.map((l) => l.id)).toEqual(['L1', 'L2', 'L3']);
    expect(problems).toEqual([]);
  });

  test('a Lesion MR ROI asks which lesion it belongs to, nearest first; "new lesion" is a choice', async ({ page }, testInfo) => {
    const problems = watchConsole(page);
    const l1 = lesion('L1');
    const l2 = lesion('L2');
    // Measured on T1 (the MR frame of reference): L2's lesion far away, L1's lesion here.
    await run(page, 'emh.addLesion', {
      seriesInstanceUID: seriesUID('mr-t1'),
      instanceNumber: l2.slice,
      longAxis: l2.longAxis,
      shortAxis: l2.shortAxis,
    });
    await run(page, 'emh.addLesion', {
      seriesInstanceUID: seriesUID('mr-t1'),
      instanceNumber: l1.slice,
      longAxis: l1.longAxis,
      shortAxis: l1.shortAxis,
    });
    await show(page, 'mr-t2', l1.slice);
    await page.keyboard.press('m');
    await drag(page, l1.muscleReference.right.center, [l1.muscleReference.right.center[0] + 6, l1.muscleReference.right.center[1] + 6]);
    await expect.poll(async () => (await inventory(page)).muscleReferences.length).toBe(1);
    await page.waitForTimeout(600);
    await page.keyboard.press('t');
    const [c, r] = l1.roi.center;
    await drag(page, [c, r], [c + 6, r + 9]);
    const chooser = page.getByTestId('lesion-chooser');
    await expect(chooser).toBeVisible();
    // The lesion drawn on this spot (L2 here) comes first; then the other; then "new lesion".
    const choices = chooser.locator('[data-testid^="choose-"]');
    await expect(choices).toHaveCount(3);
    await expect(choices.nth(0)).toContainText('L2');
    await expect(choices.nth(1)).toContainText('L1');
    await expect(choices.nth(2)).toContainText(/new lesion/i);
    await expect(page.getByTestId('pending-banner-0')).toBeVisible();
    await screenshot(page, testInfo, 'habits-chooser');
    await choices.nth(0).click();
    await expect(chooser).toBeHidden();
    await expect.poll(async () => (await inventory(page)).lesions.find((l) => l.id === 'L2')?.t2.ratio ?? null).not.toBeNull();
    expect((await inventory(page)).lesions.map((l) => l.id)).toEqual(['L1', 'L2']);

    // Esc on a second ROI discards it: nothing joins a lesion, no orphan appears.
    await page.waitForTimeout(600);
    await drag(page, [c - 2, r - 2], [c + 4, r + 6]);
    await expect(chooser).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(chooser).toBeHidden();
    expect((await inventory(page)).lesions.map((l) => l.id)).toEqual(['L1', 'L2']);
    await expect.poll(() => annotationCount(page)).toBe(4);
    expect(problems).toEqual([]);
  });

  test('a click without a drag draws nothing; the first click on an inactive viewport only activates it', async ({ page }) => {
    const problems = watchConsole(page);
    await run(page, 'viewport.layout', { layout: '1x2' });
    await show(page, 'ct-nc', 30, 0);
    await show(page, 'ct-pv', 10, 1);
    await run(page, 'viewer.show', { seriesInstanceUID: seriesUID('ct-nc'), viewport: 0 });
    await page.keyboard.press('l');
    const clickThenClickFarAway = async (viewport: number): Promise<void> => {
      const [[ax, ay], [bx, by]] = await imageToClient(
        page,
        [
          [40, 40],
          [215, 215],
        ],
        viewport,
      );
      await page.mouse.click(ax, ay);
      await page.waitForTimeout(700);
      await page.mouse.move(bx, by, { steps: 10 });
      await page.mouse.click(bx, by);
      await page.waitForTimeout(700);
    };
    await clickThenClickFarAway(1);
    expect(await activeViewport(page)).toBe(1);
    // And on the active viewport, in 1x1.
    await run(page, 'viewport.layout', { layout: '1x1' });
    await show(page, 'ct-nc', 30, 0);
    await clickThenClickFarAway(0);
    await page.mouse.move(10, 10);
    // A click with a tool of another modality says nothing; a drag is refused in words.
    await page.keyboard.press('m');
    const [[mx, my], [nx, ny]] = await imageToClient(
      page,
      [
        [100, 190],
        [106, 196],
      ],
      0,
    );
    await page.mouse.click(mx, my);
    await page.waitForTimeout(700);
    await expect(page.locator('.notice')).toHaveCount(0);
    await page.mouse.move(mx, my);
    await page.mouse.down();
    await page.mouse.move(nx, ny, { steps: 6 });
    await page.mouse.up();
    await expect(page.locator('.notice').filter({ hasText: /MR signal/ })).toBeVisible();
    expect((await inventory(page)).lesions).toEqual([]);
    expect(await annotationCount(page)).toBe(0);
    expect(problems).toEqual([]);
  });

  test('a quick drag on the inactive viewport measures as a slow one does; off-image and sub-2-pixel drawings are refused with a message', async ({
    page,
  }, testInfo) => {
    const problems = watchConsole(page);
    const l1 = lesion('L1');
    await run(page, 'viewport.layout', { layout: '1x2' });
    await show(page, 'ct-nc', l1.slice, 0);
    await show(page, 'mr-t2', l1.slice, 1);
    await run(page, 'viewer.show', { seriesInstanceUID: seriesUID('ct-nc'), viewport: 0, instanceNumber: l1.slice });
    await page.keyboard.press('m');
    // A quick drag (about 15 px, in well under 0.2 s) on viewport 2 while viewport 1 is active,
    // then on to the next image at once: the ROI keeps the statistics of the ellipse drawn, not of an early frame.
    const muscle = l1.muscleReference.right;
    const [c, r] = muscle.center;
    const [[x0, y0], [x1, y1]] = await imageToClient(
      page,
      [
        [c, r],
        [c + muscle.radiusPx, r + muscle.radiusPx],
      ],
      1,
    );
    await page.mouse.move(x0, y0);
    await page.mouse.down();
    await page.mouse.move(x1, y1, { steps: 8 });
    await page.mouse.up();
    await page.keyboard.press('ArrowDown');
    await expect.poll(async () => (await inventory(page)).muscleReferences.length).toBe(1);
    await page.waitForTimeout(500);
    const [reference] = (await inventory(page)).muscleReferences as unknown as { pixelCount: number }[];
    expect(Math.abs(reference.pixelCount - muscle.pixelCount), `${reference.pixelCount} pixels`).toBeLessThan(20);
    expect(await activeViewport(page)).toBe(1);

    // One pixel and a half long: refused, in words.
    await run(page, 'viewport.layout', { layout: '1x1' });
    await show(page, 'ct-nc', l1.slice, 0);
    await page.keyboard.press('l');
    // Zoomed in, so the hand clearly drags (Cornerstone takes under 3 screen pixels for a click).
    // The zoom waits for the canvas to take the single cell's size: a resize keeps the screen
    // scale, so presses that beat it would zoom from the half-width cell's fit (CI once saw it).
    await expect.poll(() => canvasFitsCell(page, 0)).toBe(true);
    const zoomBefore = await zoomFactor(page);
    for (let i = 0; i < 5; i += 1) await page.keyboard.press('+');
    await expect.poll(async () => (await zoomFactor(page)) / zoomBefore).toBeCloseTo(1.25 ** 5, 1);
    const [[sx, sy], [ex, ey]] = await imageToClient(
      page,
      [
        [120, 120],
        [121.2, 120.9],
      ],
      0,
    );
    expect(Math.abs(ex - sx) + Math.abs(ey - sy)).toBeGreaterThan(12);
    await page.mouse.move(sx, sy);
    await page.mouse.down();
    await page.mouse.move(ex, ey, { steps: 4 });
    await page.mouse.up();
    await expect(page.locator('.notice').filter({ hasText: /too small|2 pixels/i })).toBeVisible();
    expect((await inventory(page)).lesions).toEqual([]);
    expect(await annotationCount(page)).toBe(1); // the muscle reference only

    // From the image into the black beyond it: refused, in words.
    await page.keyboard.press('r');
    await page.waitForTimeout(600);
    await drag(page, [200, 128], [300, 128]);
    await expect(page.locator('.notice').filter({ hasText: /outside the image/i })).toBeVisible();
    await screenshot(page, testInfo, 'habits-refused');
    expect((await inventory(page)).lesions).toEqual([]);
    expect(await annotationCount(page)).toBe(1);
    expect(problems).toEqual([]);
  });

  test('the site picker keeps its keys while a short-axis handle is adjusted', async ({ page }) => {
    const problems = watchConsole(page);
    const l4 = lesion('L4');
    await show(page, 'ct-nc', l4.slice);
    const windowBefore = await windowText(page);
    await page.keyboard.press('l');
    await drag(page, l4.longAxis[0], l4.longAxis[1]);
    await expect(page.getByTestId('site-picker')).toBeVisible();
    // Cornerstone starts the short axis at a third of the long axis each side of the middle.
    const [a, b] = l4.longAxis;
    const third = Math.hypot(b[0] - a[0], b[1] - a[1]) / 3;
    const start: Point = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2 - third];
    await drag(page, start, l4.shortAxis[0]);
    await page.keyboard.press('3');
    await expect(page.getByTestId('site-choice-presacral')).toHaveAttribute('aria-pressed', 'true');
    expect(await windowText(page)).toBe(windowBefore);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('site-picker')).toBeHidden();
    expect((await inventory(page)).lesions).toHaveLength(1);
    expect(problems).toEqual([]);
  });

  test('help closes with Esc and no key acts behind it; it lists the mouse and says ids are never reused', async ({ page }, testInfo) => {
    const problems = watchConsole(page);
    await show(page, 'ct-nc', 30);
    const zoomBefore = await page.getByTestId('overlay-0').getByTestId('ov-zoom').textContent();
    const [centre] = await imageToClient(page, [[128, 128]]);
    const greyBefore = await screenGrey(page, centre);
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: /shortcuts/i });
    await expect(help).toBeVisible();
    await expect(help).toContainText(/left drag/i);
    await expect(help).toContainText(/never reused/i);
    await expect(help).toContainText(/next viewport/i);
    await screenshot(page, testInfo, 'habits-help');
    await page.keyboard.press('+');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('i');
    await page.keyboard.press('Escape');
    await expect(help).toBeHidden();
    expect(await page.getByTestId('overlay-0').getByTestId('ov-zoom').textContent()).toBe(zoomBefore);
    await expectImage(page, 30, 60);
    expect(Math.abs((await screenGrey(page, centre)) - greyBefore)).toBeLessThan(3); // not inverted
    expect(problems).toEqual([]);
  });

  test('Delete on a focused row asks first; Tab moves focus through the page; series cards open with Enter', async ({ page }) => {
    const problems = watchConsole(page);
    const l4 = lesion('L4');
    await run(page, 'emh.addLesion', {
      seriesInstanceUID: seriesUID('ct-nc'),
      instanceNumber: l4.slice,
      longAxis: l4.longAxis,
      shortAxis: l4.shortAxis,
      site: 'presacral',
    });
    await page.getByTestId('select-L1').click();
    await page.keyboard.press('Delete');
    await expect(page.getByTestId('confirm-delete-L1')).toBeVisible();
    expect((await inventory(page)).lesions).toHaveLength(1);
    expect(await annotationCount(page)).toBe(1);
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('confirm-delete-L1')).toBeHidden();
    expect((await inventory(page)).lesions).toHaveLength(1);

    // Tab is the browser's: the active viewport stays, the focus moves.
    await run(page, 'viewport.layout', { layout: '1x2' });
    await page.locator('body').click({ position: { x: 5, y: 880 } });
    const before = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 80));
    const active = await activeViewport(page);
    await page.keyboard.press('Tab');
    expect(await activeViewport(page)).toBe(active);
    expect(await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 80))).not.toBe(before);

    // A series card takes the focus and opens with Enter in the active viewport.
    const card = page.getByTestId('series-card').filter({ hasText: 'AX T2 TSE' });
    await card.focus();
    await expect(card).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId(`overlay-${active}`)).toContainText('AX T2 TSE');
    expect(problems).toEqual([]);
  });

  test('with Sync on, loading a series into one viewport keeps the other where it is', async ({ page }) => {
    const problems = watchConsole(page);
    await run(page, 'viewport.layout', { layout: '1x2' });
    await show(page, 'mr-t1', 30, 0);
    await show(page, 'mr-t2', 30, 1);
    await page.keyboard.press('s');
    await expect(page.getByTestId('tb-sync')).toHaveAttribute('aria-pressed', 'true');
    // Scrolling stays synchronised.
    await page.keyboard.press('ArrowDown');
    await expectImage(page, 31, 60, 0);
    await expectImage(page, 31, 60, 1);
    // Loading T2 again into viewport 2 (the active one) leaves viewport 1 on image 31.
    await page.getByTestId('series-card').filter({ hasText: 'AX T2 TSE' }).click();
    await page.waitForTimeout(800);
    await expectImage(page, 31, 60, 0);
    expect(problems).toEqual([]);
  });
});
