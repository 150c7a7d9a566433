import { expect, test, type Page } from '@playwright/test';
import { expectImage, imageToClient, openViewer, screenshot, seriesUID, truth, waitForSeriesLoaded, watchConsole } from './helpers';

type Point = [number, number];

async function show(page: Page, key: 'ct-nc' | 'ct-pv' | 'mr-t1' | 'mr-t2', instanceNumber: number | null): Promise<void> {
  if (instanceNumber === null) throw new Error('truth has no instance number here');
  await page.evaluate(([uid, n]) => window.emh.show(uid, { instanceNumber: n }), [seriesUID(key), instanceNumber] as const);
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
async function drawEllipse(page: Page, center: Point, radii: Point): Promise<void> {
  const [c, r] = center;
  const [rc, rr] = radii;
  await drag(page, center, [c + rc, r + rr]);
}

async function inventory(page: Page) {
  return page.evaluate(() => window.emh.commands.run('emh.inventory')) as Promise<{
    lesions: {
      id: string;
      site: string | null;
      notes: string;
      longAxisMm: number | null;
      shortAxisMm: number | null;
      t1: { ratio: number | null; call: string | null };
      t2: { ratio: number | null; call: string | null };
    }[];
    liver: { meanHU: number | null; call: string; rois: { meanHU: number; contrast: string; inSummary: boolean }[] };
  }>;
}

test('a radiologist measures L4, the liver and the portal venous liver with the mouse', async ({ page }, testInfo) => {
  const problems = watchConsole(page);
  await openViewer(page);
  await waitForSeriesLoaded(page);
  const l4 = truth.lesions.find((l) => l.id === 'L4');
  if (!l4) throw new Error('no L4 in truth');

  // L4: long axis by dragging, then each short-axis handle onto the lesion's edge.
  await show(page, 'ct-nc', l4.slice);
  await expectImage(page, l4.slice, 60);
  await page.keyboard.press('l');
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

  await expect(page.getByTestId('site-picker')).toBeVisible();
  await page
    .getByTestId('site-picker')
    .getByRole('button', { name: /presacral/i })
    .click();
  await page.getByTestId('site-picker').getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('site-picker')).toBeHidden();
  await expect(page.getByTestId('lesion-row-L1').getByTestId('cell-size')).toContainText('10.0 x 5.7');
  const measured = (await inventory(page)).lesions[0];
  expect(measured.site).toBe('presacral');
  expect(Math.abs((measured.longAxisMm ?? 0) - 100)).toBeLessThan(2);
  expect(Math.abs((measured.shortAxisMm ?? 0) - 57)).toBeLessThan(2);

  // Three liver ROIs on the unenhanced CT: 103 HU, above 54-60.
  const liver = truth.organs.liver;
  await show(page, 'ct-nc', liver.recommendedSlice);
  await page.keyboard.press('h');
  for (const roi of liver.rois) await drawEllipse(page, roi.center, [roi.radiusPx, roi.radiusPx]);
  await expect(page.getByTestId('liver-call')).toContainText(/above/i);
  let inv = await inventory(page);
  expect(Math.abs((inv.liver.meanHU ?? 0) - 103)).toBeLessThan(3);
  expect(inv.liver.call).toBe('above');

  // The portal venous liver: its value is shown, and no call is made on an enhanced scan.
  const pv = truth.pv.liverPoint;
  await show(page, 'ct-pv', pv.instanceNumber);
  await drawEllipse(page, pv.center, [pv.radiusPx, pv.radiusPx]);
  await expect.poll(async () => (await inventory(page)).liver.rois.length).toBe(4);
  inv = await inventory(page);
  const enhanced = inv.liver.rois.find((r) => r.contrast === 'enhanced');
  expect(enhanced && Math.abs(enhanced.meanHU - 115) < 3 && !enhanced.inSummary).toBe(true);
  expect(inv.liver.call).toBe('above'); // still the unenhanced ROIs' call
  await screenshot(page, testInfo, 'emh-mouse-ct');

  // The HU tool refuses on MR.
  await show(page, 'mr-t2', liver.recommendedSlice);
  await page.keyboard.press('h');
  await expect(page.locator('.notice')).toContainText(/CT/);
  expect(problems).toEqual([]);
});

test('muscle and lesion ROIs on T1 and T2, drawn by mouse, give the truth calls for all five lesions; edit, delete, undo', async ({
  page,
}, testInfo) => {
  test.setTimeout(240_000);
  const problems = watchConsole(page);
  await openViewer(page);
  await waitForSeriesLoaded(page);
  // The lesions are measured on CT first (through the API: the mouse measurement is tested above).
  for (const lesion of truth.lesions) {
    await page.evaluate(
      ([uid, l]) =>
        window.emh.commands.run('emh.addLesion', {
          seriesInstanceUID: uid,
          instanceNumber: l.slice,
          longAxis: l.longAxis,
          shortAxis: l.shortAxis,
        }),
      [seriesUID('ct-nc'), lesion] as const,
    );
  }
  for (const key of ['mr-t1', 'mr-t2'] as const) {
    for (const lesion of truth.lesions) {
      const muscle = lesion.muscleReference.right;
      await show(page, key, lesion.slice);
      await page.keyboard.press('m');
      await drawEllipse(page, muscle.center, [muscle.radiusPx, muscle.radiusPx]);
      // "Measure Lx here" in the selected lesion's card, so the ROI attaches to it (selecting does not).
      await page.getByTestId(`select-${lesion.id}`).click();
      await page.getByTestId(`measure-${lesion.id}`).click();
      await expect(page.getByTestId('armed-banner-0')).toContainText(lesion.id);
      await page.keyboard.press('t');
      await drawEllipse(page, lesion.roi.center, lesion.roi.radii as Point);
    }
  }
  await expect.poll(async () => (await inventory(page)).lesions.every((l) => l.t2.call !== null)).toBe(true);
  const inv = await inventory(page);
  for (const lesion of truth.lesions) {
    const row = inv.lesions.find((l) => l.id === lesion.id);
    expect(Math.abs((row?.t1.ratio ?? 0) - lesion.t1Ratio), `${lesion.id} T1 ratio`).toBeLessThan(0.03);
    expect(Math.abs((row?.t2.ratio ?? 0) - lesion.t2Ratio), `${lesion.id} T2 ratio`).toBeLessThan(0.03);
    expect(row?.t1.call, `${lesion.id} T1`).toBe(lesion.t1Call);
    expect(row?.t2.call, `${lesion.id} T2`).toBe(lesion.t2Call);
    // The panel shows the same ratio and call as the inventory.
    await expect(page.getByTestId(`lesion-row-${lesion.id}`).getByTestId('cell-t2')).toContainText((row?.t2.ratio ?? 0).toFixed(2));
    await expect(page.getByTestId(`lesion-row-${lesion.id}`).getByTestId('cell-t1')).toContainText((row?.t1.ratio ?? 0).toFixed(2));
  }
  await screenshot(page, testInfo, 'emh-mouse-mr');

  // Edit: site and notes in the selected lesion's card.
  await page.getByTestId('select-L3').click();
  await page.getByTestId('site-L3').selectOption('paraspinal-lumbar');
  await page.getByTestId('laterality-L3').selectOption('left');
  await page.getByTestId('notes-L3').fill('abuts the psoas, "check" later');
  await page.getByTestId('notes-L3').press('Enter');
  await expect.poll(async () => (await inventory(page)).lesions.find((l) => l.id === 'L3')?.notes).toBe('abuts the psoas, "check" later');

  // Delete with confirmation, then undo brings L3 back with its values; redo removes it again.
  await page.getByTestId('delete-L3').click();
  await page.getByTestId('confirm-delete-L3').click();
  await expect(page.getByTestId('lesion-row-L3')).toHaveCount(0);
  // Keys go to the viewer as long as no text field has focus (a click on the image would draw).
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('lesion-row-L3')).toHaveCount(1);
  const restored = (await inventory(page)).lesions.find((l) => l.id === 'L3');
  expect(restored?.site).toBe('paraspinal-lumbar');
  expect(Math.abs((restored?.t2.ratio ?? 0) - 1.5)).toBeLessThan(0.03);
  await page.keyboard.press('Control+Shift+z');
  await expect(page.getByTestId('lesion-row-L3')).toHaveCount(0);
  expect(problems).toEqual([]);
});
