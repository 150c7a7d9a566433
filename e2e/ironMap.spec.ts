/**
 * The R2* map on the T2* sample (truth.json t2starSeries): toggled from the toolbar, computed
 * in the worker for the slice position on screen, read back at the truth centres (liver within
 * 3 %, heart within 5 %), drawn in the colour scale's colour where the image shows the liver
 * (also after zooming and at the other position), with its legend; toggled off, it is gone.
 */
import { expect, test, type Page } from '@playwright/test';
import { imageToClient, openViewer, run, screenshot, seriesUID, truth, waitForSeriesLoaded, watchConsole } from './helpers';
import { r2starColour } from '../extensions/emh/iron/rules/r2starColours';

const T2STAR = truth.t2starSeries;
const tissue = (name: string) => T2STAR.tissues.find((t) => t.name === name)!;
const within = (value: number, expected: number, fraction: number): boolean => Math.abs(value - expected) <= fraction * expected;

interface MapAnswer {
  on: boolean;
  slicePositionMm: number;
  echoes: number;
  fitted: number;
  masked: number;
  noiseSigma: number | null;
  scaleHz: [number, number];
}

function r2starAt(page: Page, [column, row]: readonly number[]): Promise<{ r2starHz: number | null; t2starMs: number | null }> {
  return run(page, 'emh.r2starAt', { column, row }) as Promise<{ r2starHz: number | null; t2starMs: number | null }>;
}

/** The overlay canvas' RGBA under an image pixel (its centre), read from the canvas itself. */
async function overlayColour(page: Page, point: readonly [number, number]): Promise<number[]> {
  const [[x, y]] = await imageToClient(page, [[point[0], point[1]]]);
  return page.evaluate(
    ([cx, cy]) => {
      const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="r2star-map"]');
      if (!canvas) throw new Error('no R2* map canvas');
      const box = canvas.getBoundingClientRect();
      const px = Math.floor(((cx - box.left) * canvas.width) / box.width);
      const py = Math.floor(((cy - box.top) * canvas.height) / box.height);
      return [...canvas.getContext('2d')!.getImageData(px, py, 1, 1).data];
    },
    [x, y] as const,
  );
}

async function expectColourOf(page: Page, point: readonly [number, number]): Promise<number> {
  const { r2starHz } = await r2starAt(page, point);
  expect(r2starHz).not.toBeNull();
  const [r, g, b, a] = await overlayColour(page, point);
  expect([r, g, b, a]).toEqual([...r2starColour(r2starHz!), 255]);
  return r2starHz!;
}

test('R2* map on the T2* sample: values at the truth centres, colours over the liver, legend, pan/zoom and position, off', async ({
  page,
}, testInfo) => {
  const problems = watchConsole(page);
  await openViewer(page, `?manifest=sample-t2star/${T2STAR.manifest}`);
  await waitForSeriesLoaded(page);

  await expect(page.getByTestId('tb-emh-r2star-map')).toHaveAttribute('aria-pressed', 'false');
  await page.getByTestId('tb-emh-r2star-map').click();
  await expect(page.getByTestId('tb-emh-r2star-map')).toHaveAttribute('aria-pressed', 'true');
  // Already on: the command answers once the map of the position on screen is drawn.
  const answer = (await run(page, 'emh.r2starMap', { on: true })) as MapAnswer;
  expect(answer.on).toBe(true);
  expect(answer.echoes).toBe(12);
  expect(answer.slicePositionMm).toBeCloseTo(T2STAR.positionsMm[0]!, 3);
  expect(answer.scaleHz).toEqual([0, 500]);
  expect(Math.abs(answer.noiseSigma! - T2STAR.noiseSigma)).toBeLessThan(0.1 * T2STAR.noiseSigma);
  expect(answer.fitted + answer.masked).toBe(128 * 128);

  const liver = tissue('liver');
  const heart = tissue('heart');
  const liverValue = await r2starAt(page, liver.roi.center);
  expect(within(liverValue.r2starHz!, liver.r2starHz, 0.03), `liver ${liverValue.r2starHz}`).toBe(true);
  expect(liverValue.t2starMs!).toBeCloseTo(1000 / liverValue.r2starHz!, 6);
  const heartValue = await r2starAt(page, heart.roi.center);
  expect(within(heartValue.r2starHz!, heart.r2starHz, 0.05), `heart ${heartValue.r2starHz}`).toBe(true);
  // Air has no value and no colour.
  expect((await r2starAt(page, [2, 2])).r2starHz).toBeNull();
  expect((await overlayColour(page, [2, 2]))[3]).toBe(0);

  // The liver centre is drawn in the colour the scale gives its R2*.
  await expectColourOf(page, liver.roi.center as [number, number]);
  await expectColourOf(page, heart.roi.center as [number, number]);

  // The legend: its range in Hz and in T2* ms, and the value under the cursor.
  const legend = page.getByTestId('r2star-legend');
  await expect(legend).toBeVisible();
  await expect(legend).toContainText('R2* Hz');
  await expect(legend).toContainText('T2* ms');
  await expect(legend).toContainText('≥500');
  await expect(legend).toContainText('∞');
  const [[x, y]] = await imageToClient(page, [[liver.roi.center[0], liver.roi.center[1]]]);
  await page.mouse.move(x, y);
  await expect(page.getByTestId('r2star-value')).toHaveText(
    `R2* ${liverValue.r2starHz!.toFixed(0)} Hz · T2* ${(1000 / liverValue.r2starHz!).toFixed(1)} ms`,
  );
  await screenshot(page, testInfo, 'iron-r2star-map');

  // Zoomed, the overlay follows: the liver's screen point moved, its colour is still the liver's.
  await run(page, 'viewport.zoom', { factor: 1.6 });
  const [[zx, zy]] = await imageToClient(page, [[liver.roi.center[0], liver.roi.center[1]]]);
  expect(Math.hypot(zx - x, zy - y)).toBeGreaterThan(20);
  await expectColourOf(page, liver.roi.center as [number, number]);

  // The second position: its own map (the echoes there), the liver still within 3 %.
  await run(page, 'viewport.scroll', { delta: T2STAR.instancesPerPosition });
  const second = (await run(page, 'emh.r2starMap', { on: true })) as MapAnswer;
  expect(second.slicePositionMm).toBeCloseTo(T2STAR.positionsMm[1]!, 3);
  const liverSecond = await expectColourOf(page, liver.roi.center as [number, number]);
  expect(within(liverSecond, liver.r2starHz, 0.03), `liver at the second position ${liverSecond}`).toBe(true);
  expect(liverSecond).not.toBe(liverValue.r2starHz);

  // Off from the toolbar: canvas and legend gone, and the map can no longer be read.
  await page.getByTestId('tb-emh-r2star-map').click();
  await expect(page.getByTestId('tb-emh-r2star-map')).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByTestId('r2star-map')).toHaveCount(0);
  await expect(legend).toHaveCount(0);
  await expect(r2starAt(page, liver.roi.center)).rejects.toThrow(/map is off/);
  expect(problems).toEqual([]);
});

test('the R2* map turns off when the viewport shows a series that is not T2*, and is refused there', async ({ page }) => {
  const problems = watchConsole(page);
  // The T2* study and the baseline sample belong to one patient: both open side by side in the list.
  await openViewer(page, `?manifest=sample-t2star/${T2STAR.manifest}&manifest=sample/manifest.json`);
  await waitForSeriesLoaded(page);
  await run(page, 'viewer.show', { seriesInstanceUID: T2STAR.seriesInstanceUID, viewport: 0 });
  expect(((await run(page, 'emh.r2starMap', { on: true })) as MapAnswer).on).toBe(true);
  await expect(page.getByTestId('r2star-legend')).toBeVisible();

  await run(page, 'viewer.show', { seriesInstanceUID: seriesUID('mr-t2'), viewport: 0 });
  await expect(page.getByTestId('r2star-legend')).toHaveCount(0);
  await expect(page.getByTestId('r2star-map')).toHaveCount(0);
  await expect(r2starAt(page, [64, 64])).rejects.toThrow(/map is off/);
  await expect(run(page, 'emh.r2starMap', { on: true })).rejects.toThrow(/needs a T2\* series/);
  await expect(page.getByTestId('r2star-legend')).toHaveCount(0);
  expect(problems).toEqual([]);
});
