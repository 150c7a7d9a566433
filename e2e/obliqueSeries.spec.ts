/**
 * The oblique, non-square CT series of the sample (truth.json obliqueSeries: PixelSpacing
 * 0.8 mm between rows and 1.2 mm along a row, plane tilted 20.6 degrees): a lesion of known mm
 * and a block of known HU, measured through the API and with the mouse. A viewer that swaps
 * the two spacings, uses one for both, or puts pixel centres half a pixel off fails here.
 */
import { expect, test, type Page } from '@playwright/test';
import { imageToClient, openViewer, run, screenshot, truth, watchConsole } from './helpers';

type Point = [number, number];

const OBLIQUE = truth.obliqueSeries;
const { lesion, block } = OBLIQUE;
const [ROW_MM, COLUMN_MM] = OBLIQUE.pixelSpacingMm;
/**
 * Cornerstone keeps world points in float32 (gl-matrix): a length that goes index -> world ->
 * index comes back within some 1e-4 mm (40.00008 measured). 1e-3 mm is a thousandth of a pixel
 * here, while a wrong spacing or a swapped axis is off by millimetres.
 */
const API_MM_TOLERANCE = 1e-3;
/** The generator rounds the ROI statistics it writes to 4 decimals. */
const TRUTH_ROUNDING = 1e-4;

interface Inventory {
  lesions: { id: string; longAxisMm: number | null; shortAxisMm: number | null; ct: { meanHU: number | null } }[];
  liver: { rois: { annotationUID: string; meanHU: number; sdHU: number; pixelCount: number }[] };
}

async function inventory(page: Page): Promise<Inventory> {
  return (await run(page, 'emh.inventory')) as Inventory;
}

async function openOblique(page: Page): Promise<void> {
  await openViewer(page, '?empty');
  const report = await page.evaluate((manifest) => window.emh.load({ manifest }), `sample-oblique/${OBLIQUE.manifest}`);
  expect(report).toEqual({ loaded: OBLIQUE.instances, refused: [], documents: 0 });
  const series = await page.evaluate(() => window.emh.series());
  expect(series.map((s) => [s.seriesInstanceUID, s.description, s.imageCount])).toEqual([
    [OBLIQUE.seriesInstanceUID, OBLIQUE.description, OBLIQUE.instances],
  ]);
}

async function show(page: Page, instanceNumber: number): Promise<void> {
  await page.evaluate(([uid, n]) => window.emh.show(uid, { instanceNumber: n }), [OBLIQUE.seriesInstanceUID, instanceNumber] as const);
  await expect(page.getByTestId('overlay-0').getByTestId('ov-image')).toHaveText(`Im ${instanceNumber} / ${OBLIQUE.instances}`);
}

/** Axes of the lesion's cross-section on an instance: long along a row, short down a column. */
function axesOn(instance: (typeof OBLIQUE.perInstance)[number]): { longAxis: [Point, Point]; shortAxis: [Point, Point] } | null {
  if (!instance.lesionCenter || instance.lesionLongAxisMm === null || instance.lesionShortAxisMm === null) return null;
  const [c, r] = instance.lesionCenter;
  const halfLong = instance.lesionLongAxisMm / 2 / COLUMN_MM;
  const halfShort = instance.lesionShortAxisMm / 2 / ROW_MM;
  return {
    longAxis: [
      [c - halfLong, r],
      [c + halfLong, r],
    ],
    shortAxis: [
      [c, r - halfShort],
      [c, r + halfShort],
    ],
  };
}

test('through the API: the lesion is 40 x 24 mm (and its size on every slice), the block and the lesion have their HU', async ({
  page,
}) => {
  const problems = watchConsole(page);
  await openOblique(page);

  // Index axes: long 33.3 columns x 1.2 mm, short 30 rows x 0.8 mm. Swapped spacings would give
  // 26.7 x 36 mm; one spacing for both, 40 x 36 or 26.7 x 24.
  const ids: string[] = [];
  for (const instance of OBLIQUE.perInstance) {
    const axes = axesOn(instance);
    if (!axes) continue;
    ids.push(
      (await run(page, 'emh.addLesion', {
        seriesInstanceUID: OBLIQUE.seriesInstanceUID,
        instanceNumber: instance.instanceNumber,
        ...axes,
      })) as string,
    );
  }
  const measured = await inventory(page);
  for (const [index, instance] of OBLIQUE.perInstance.filter((i) => axesOn(i)).entries()) {
    const row = measured.lesions.find((l) => l.id === ids[index]);
    expect
      .soft(Math.abs((row?.longAxisMm ?? NaN) - (instance.lesionLongAxisMm ?? NaN)), `long axis on ${instance.instanceNumber}`)
      .toBeLessThan(API_MM_TOLERANCE + TRUTH_ROUNDING);
    expect
      .soft(Math.abs((row?.shortAxisMm ?? NaN) - (instance.lesionShortAxisMm ?? NaN)), `short axis on ${instance.instanceNumber}`)
      .toBeLessThan(API_MM_TOLERANCE + TRUTH_ROUNDING);
  }
  const middle = measured.lesions.find(
    (l) => l.id === ids[OBLIQUE.perInstance.findIndex((i) => i.instanceNumber === lesion.instanceNumber)],
  );
  expect(Math.abs((middle?.longAxisMm ?? NaN) - lesion.longAxisMm)).toBeLessThan(API_MM_TOLERANCE);
  expect(Math.abs((middle?.shortAxisMm ?? NaN) - lesion.shortAxisMm)).toBeLessThan(API_MM_TOLERANCE);

  // HU: the same pixels as the generator's own count (exact), and the nominal HU within noise.
  const { annotationUID } = (await run(page, 'emh.addHuRoi', {
    seriesInstanceUID: OBLIQUE.seriesInstanceUID,
    instanceNumber: block.roi.instanceNumber,
    center: block.roi.center,
    radii: block.roi.radii,
    organ: 'liver',
  })) as { annotationUID: string };
  const blockRoi = (await inventory(page)).liver.rois.find((r) => r.annotationUID === annotationUID);
  expect(blockRoi?.pixelCount).toBe(block.roi.pixelCount);
  expect(Math.abs((blockRoi?.meanHU ?? NaN) - block.roi.meanHU)).toBeLessThan(TRUTH_ROUNDING);
  expect(Math.abs((blockRoi?.sdHU ?? NaN) - block.roi.sdHU)).toBeLessThan(TRUTH_ROUNDING);
  expect(Math.abs((blockRoi?.meanHU ?? NaN) - block.hu)).toBeLessThan((4 * OBLIQUE.noiseSdHU) / Math.sqrt(block.roi.pixelCount));

  const lesionId = middle?.id;
  await run(page, 'emh.addHuRoi', {
    seriesInstanceUID: OBLIQUE.seriesInstanceUID,
    instanceNumber: lesion.roi.instanceNumber,
    center: lesion.roi.center,
    radii: lesion.roi.radii,
    organ: 'lesion',
    lesionId,
  });
  const lesionHu = (await inventory(page)).lesions.find((l) => l.id === lesionId)?.ct.meanHU ?? NaN;
  expect(Math.abs(lesionHu - lesion.roi.meanHU)).toBeLessThan(TRUTH_ROUNDING);
  expect(Math.abs(lesionHu - lesion.hu)).toBeLessThan((4 * OBLIQUE.noiseSdHU) / Math.sqrt(lesion.roi.pixelCount));
  expect(problems).toEqual([]);
});

/** A press, a drag in small steps and a release, between page points. */
async function dragClient(page: Page, [x0, y0]: Point, [x1, y1]: Point): Promise<void> {
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  await page.mouse.move(x1, y1, { steps: 8 });
  await page.mouse.up();
}

test('with the mouse: the lesion measures 40 x 24 mm and the block 100 HU, to screen precision', async ({ page }, testInfo) => {
  const problems = watchConsole(page);
  await openOblique(page);
  await show(page, lesion.instanceNumber);
  const [longStart, longEnd, shortStart, shortEnd] = await imageToClient(page, [...lesion.longAxis, ...lesion.shortAxis]);
  // One screen pixel, in mm along each axis: the precision of a hand (or a mouse event) here.
  const longPx = Math.hypot(longEnd[0] - longStart[0], longEnd[1] - longStart[1]);
  const shortPx = Math.hypot(shortEnd[0] - shortStart[0], shortEnd[1] - shortStart[1]);
  const mmPerScreenPx = lesion.longAxisMm / longPx;
  // On screen, pixels keep their shape: 40 mm and 24 mm are in the ratio of their mm.
  expect.soft(shortPx * mmPerScreenPx, 'imageToClient: the short axis on screen in the long axis scale').toBeCloseTo(lesion.shortAxisMm, 0);
  const tolerance = 2 * mmPerScreenPx; // each end of an axis within a pixel

  await page.keyboard.press('l');
  await dragClient(page, longStart, longEnd);
  // Cornerstone starts the short axis perpendicular on screen, a third of the long axis each
  // side of its middle; each handle is dragged onto the lesion's edge.
  const mid: Point = [(longStart[0] + longEnd[0]) / 2, (longStart[1] + longEnd[1]) / 2];
  const ux = (longEnd[0] - longStart[0]) / longPx;
  const uy = (longEnd[1] - longStart[1]) / longPx;
  const third = longPx / 3;
  const handleA: Point = [mid[0] + third * uy, mid[1] - third * ux];
  const handleB: Point = [mid[0] - third * uy, mid[1] + third * ux];
  const aNearStart =
    Math.hypot(handleA[0] - shortStart[0], handleA[1] - shortStart[1]) < Math.hypot(handleA[0] - shortEnd[0], handleA[1] - shortEnd[1]);
  await dragClient(page, handleA, aNearStart ? shortStart : shortEnd);
  await dragClient(page, handleB, aNearStart ? shortEnd : shortStart);
  await expect(page.getByTestId('site-picker')).toBeVisible();
  await page
    .getByTestId('site-picker')
    .getByRole('button', { name: /presacral/i })
    .click();
  await page.getByTestId('site-picker').getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('site-picker')).toBeHidden();
  const [measured] = (await inventory(page)).lesions;
  test.info().annotations.push({
    type: 'mouse lesion',
    description: `${measured?.longAxisMm} x ${measured?.shortAxisMm} mm (truth ${lesion.longAxisMm} x ${lesion.shortAxisMm}, ±${tolerance.toFixed(3)})`,
  });
  expect(
    Math.abs((measured?.longAxisMm ?? NaN) - lesion.longAxisMm),
    `long axis ${measured?.longAxisMm} mm, tolerance ${tolerance.toFixed(2)}`,
  ).toBeLessThan(tolerance);
  expect(
    Math.abs((measured?.shortAxisMm ?? NaN) - lesion.shortAxisMm),
    `short axis ${measured?.shortAxisMm} mm, tolerance ${tolerance.toFixed(2)}`,
  ).toBeLessThan(tolerance);

  // The block's HU ROI, drawn from its centre to a corner of its bounding box.
  await page.keyboard.press('h');
  const [c, r] = block.roi.center;
  const [rc, rr] = block.roi.radii;
  const [center, corner] = await imageToClient(page, [block.roi.center, [c + rc, r + rr]]);
  await dragClient(page, center, corner);
  // Statistics follow the drag (throttled): wait for those of the ellipse as released, whose
  // count is the API ROI's within the share of its edge a screen pixel moves (under 5 %).
  const settled = async (): Promise<number> => {
    const [drawn] = (await inventory(page)).liver.rois;
    return drawn ? Math.abs(drawn.pixelCount - block.roi.pixelCount) / block.roi.pixelCount : Infinity;
  };
  await expect.poll(settled, { timeout: 5_000 }).toBeLessThan(0.05);
  const [roi] = (await inventory(page)).liver.rois;
  test.info().annotations.push({
    type: 'mouse block ROI',
    description: `${roi.meanHU.toFixed(2)} HU over ${roi.pixelCount} px (truth ${block.hu} HU; API ROI ${block.roi.pixelCount} px)`,
  });
  expect(Math.abs(roi.meanHU - block.hu)).toBeLessThan((4 * OBLIQUE.noiseSdHU) / Math.sqrt(roi.pixelCount));
  await screenshot(page, testInfo, 'oblique-nonsquare-mouse');
  expect(problems).toEqual([]);
});
