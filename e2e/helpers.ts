import { expect, type Page, type TestInfo } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import type { SampleTruth } from '../sample-dicom/truthTypes';

export const truth = JSON.parse(readFileSync(new URL('../sample-dicom/truth.json', import.meta.url), 'utf8')) as SampleTruth;

export const SCREEN_DIR = 'e2e/artifacts/screens';

/** Every uncaught page error and console error, so a test can assert there were none. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console.error: ${message.text()}`);
  });
  return problems;
}

/**
 * Opens the viewer; by default on the baseline sample alone (the page without parameters opens
 * the follow-up with it: e2e/defaultCase.spec.ts).
 */
export async function openViewer(page: Page, query = '?manifest=sample/manifest.json'): Promise<void> {
  await page.goto(`/${query}`);
  await page.evaluate(() => window.emh.ready);
}

export async function waitForSeriesLoaded(page: Page): Promise<void> {
  await page.waitForFunction(() => performance.getEntriesByName('viewer:series-loaded').length > 0, null, { timeout: 60_000 });
}

export async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  mkdirSync(SCREEN_DIR, { recursive: true });
  const path = `${SCREEN_DIR}/${name}.png`;
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

/** The site and side the truth gives a lesion, as `emh.addLesion` takes them. */
export function truthSite(lesion: { site: string; laterality: string | null }): { site: string; laterality?: string } {
  return lesion.laterality ? { site: lesion.site, laterality: lesion.laterality } : { site: lesion.site };
}

export function seriesUID(key: 'ct-nc' | 'ct-pv' | 'mr-t1' | 'mr-t2'): string {
  return truth.series[key].seriesInstanceUID;
}

/** Client (page) coordinates of image pixel indices in a viewport, once its image is drawn. */
export async function imageToClient(page: Page, points: [number, number][], viewport = 0): Promise<[number, number][]> {
  const ask = () =>
    page.evaluate(([p, v]) => window.emh.commands.run('viewport.imageToClient', { points: p, viewport: v }), [points, viewport] as const);
  // A busy machine may name the image before it has drawn it: the command says so, and we wait.
  for (let tries = 0; ; tries++) {
    try {
      return (await ask()) as [number, number][];
    } catch (error) {
      if (tries >= 50 || !String(error).includes('not drawn yet')) throw error;
      await page.waitForTimeout(100);
    }
  }
}

/**
 * Mean grey (0-255, red channel) of what is on screen in a square around a page point: the
 * pixels a radiologist sees, read from a real screenshot.
 */
export async function screenGrey(page: Page, [x, y]: [number, number], half = 4): Promise<number> {
  const png = await page.screenshot({ clip: { x: x - half, y: y - half, width: 2 * half, height: 2 * half } });
  return (await pngStats(page, png.toString('base64'))).meanRed;
}

/**
 * A PNG's RGBA pixels (inside `rect`, page pixels [x, y, width, height], if given), decoded by
 * Chromium in the page.
 */
export async function pngPixels(page: Page, base64: string, rect?: number[]): Promise<Uint8Array> {
  const encoded = await page.evaluate(
    async ({ data64, clip }) => {
      const image = new Image();
      image.src = `data:image/png;base64,${data64}`;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.width;
      canvas.height = image.height;
      const context = canvas.getContext('2d') as CanvasRenderingContext2D;
      context.drawImage(image, 0, 0);
      const [x, y, width, height] = clip ?? [0, 0, image.width, image.height];
      const { data } = context.getImageData(x, y, width, height);
      let binary = '';
      for (let i = 0; i < data.length; i += 0x8000) binary += String.fromCharCode(...data.subarray(i, i + 0x8000));
      return btoa(binary);
    },
    { data64: base64, clip: rect?.map(Math.round) },
  );
  return new Uint8Array(Buffer.from(encoded, 'base64'));
}

/**
 * A PNG's mean red, its yellow pixels (our viewer's annotation colour) and all its coloured
 * pixels (any hue: OHIF draws annotations green); a CT image itself is grey.
 */
export async function pngStats(page: Page, base64: string): Promise<{ meanRed: number; yellow: number; coloured: number }> {
  const data = await pngPixels(page, base64);
  let sum = 0;
  let yellow = 0;
  let coloured = 0;
  for (let i = 0; i < data.length; i += 4) {
    sum += data[i];
    if (data[i] > 200 && data[i + 1] > 200 && data[i + 2] < 80) yellow += 1;
    if (Math.max(data[i], data[i + 1], data[i + 2]) - Math.min(data[i], data[i + 1], data[i + 2]) > 100) coloured += 1;
  }
  return { meanRed: sum / (data.length / 4), yellow, coloured };
}

/** Runs a command as the toolbar would, through window.emh. */
export function run(page: Page, name: string, args: Record<string, unknown> = {}): Promise<unknown> {
  return page.evaluate(([n, a]) => window.emh.commands.run(n, a), [name, args] as const);
}

/** L4 on the unenhanced CT at its truth axes (presacral), and the liver's three truth ROIs. */
export async function measureL4AndLiver(page: Page, options: { liver?: boolean } = {}): Promise<void> {
  const l4 = truth.lesions.find((l) => l.id === 'L4');
  if (!l4) throw new Error('no L4 in truth');
  const ct = seriesUID('ct-nc');
  await run(page, 'emh.addLesion', {
    seriesInstanceUID: ct,
    instanceNumber: l4.slice,
    longAxis: l4.longAxis,
    shortAxis: l4.shortAxis,
    site: 'presacral',
  });
  if (options.liver === false) return;
  const liver = truth.organs.liver;
  for (const roi of liver.rois) {
    await run(page, 'emh.addHuRoi', {
      seriesInstanceUID: ct,
      instanceNumber: liver.recommendedSlice,
      center: roi.center,
      radii: [roi.radiusPx, roi.radiusPx],
      organ: 'liver',
    });
  }
}

/** Expected screen grey of a value under a window, per the DICOM linear VOI function. */
export function expectedGrey(value: number, width: number, center: number): number {
  const lower = center - 0.5 - (width - 1) / 2;
  return Math.max(0, Math.min(255, ((value - lower) / (width - 1)) * 255));
}

export async function overlayImageText(page: Page, viewport = 0): Promise<string> {
  return (await page.getByTestId(`overlay-${viewport}`).getByTestId('ov-image').textContent()) ?? '';
}

export async function expectImage(page: Page, n: number, of: number, viewport = 0): Promise<void> {
  await expect(page.getByTestId(`overlay-${viewport}`).getByTestId('ov-image')).toHaveText(`Im ${n} / ${of}`);
}
