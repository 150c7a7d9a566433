import { expect, type Browser, type Page, type TestInfo } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { pngPixels, run, SCREEN_DIR, watchConsole } from '../helpers';

/**
 * The first look (src/firstLook): the opening image, drawn by the reading worker before the
 * viewer's code has loaded, must be the image the viewer then opens on, in its window and its
 * place. Read from what reached the screen: Chromium's screencast frames, timed.
 */
export interface LookedOpening {
  name: string;
  url: string;
  rows: number;
  columns: number;
}

/** How long the filmed visit's viewer code waits once the look is drawn (see checkFirstLook). */
const VIEWER_HELD_MS = 500;

type Marks = { look?: number; lookSop?: string; firstImage?: number; origin: number };

const marks = (page: Page): Promise<Marks> =>
  page.evaluate(() => {
    const look = performance.getEntriesByName('viewer:first-look')[0] as PerformanceMark | undefined;
    const first = performance.getEntriesByName('viewer:first-image')[0];
    return {
      look: look?.startTime,
      lookSop: (look?.detail as { sopInstanceUID?: string } | undefined)?.sopInstanceUID,
      firstImage: first?.startTime,
      origin: performance.timeOrigin,
    };
  });

/**
 * Two screen images compared inside a page rectangle (red channel): the mean absolute
 * difference per pixel, and the spread (SD) of the second, the reference.
 */
async function compare(page: Page, [looked, drawn]: [Buffer, Buffer], rect: number[]): Promise<{ difference: number; spread: number }> {
  const a = await pngPixels(page, looked.toString('base64'), rect);
  const b = await pngPixels(page, drawn.toString('base64'), rect);
  let difference = 0;
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < b.length; i += 4) {
    difference += Math.abs(a[i] - b[i]);
    sum += b[i];
    squares += b[i] * b[i];
  }
  const count = b.length / 4;
  const mean = sum / count;
  return { difference: difference / count, spread: Math.sqrt(squares / count - mean * mean) };
}

/**
 * A first visit (which teaches the look the viewport's place), then a second one filmed: the look
 * is on screen before the viewer's first image, the viewer opens on its instance and takes its
 * place, and the look's pixels match what the viewer draws there.
 */
export async function checkFirstLook(browser: Browser, testInfo: TestInfo, { name, url, rows, columns }: LookedOpening): Promise<void> {
  const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL, viewport: { width: 1400, height: 900 } });
  // A first visit teaches the look the viewport's place for this window size.
  const first = await context.newPage();
  await first.goto(url);
  await first.waitForFunction(() => performance.getEntriesByName('viewer:first-image').length > 0, null, { timeout: 60_000 });
  const firstMarks = await marks(first);
  expect(firstMarks.look, 'the first visit has a first look too').toBeDefined();
  expect(firstMarks.look as number).toBeLessThan(firstMarks.firstImage as number);
  await first.close();

  const page = await context.newPage();
  const problems = watchConsole(page);
  // The viewer's code is held back until the look has been on screen half a second, so that the
  // screencast has a frame of it alone: in CI, with another spec running beside, a PACS look came
  // late, just before the viewer's image, and no frame showed it.
  await page.route(/\/viewer\.[0-9a-f]+\.js$/, async (route) => {
    await page
      .waitForFunction(() => performance.getEntriesByName('viewer:first-look').length > 0, null, { timeout: 15_000 })
      .catch(() => undefined); // no look: the checks below say so
    await new Promise((resolve) => setTimeout(resolve, VIEWER_HELD_MS));
    await route.continue();
  });
  const cdp = await context.newCDPSession(page);
  const frames: { at: number; png: Buffer }[] = [];
  cdp.on('Page.screencastFrame', (frame) => {
    frames.push({ at: frame.metadata.timestamp ? frame.metadata.timestamp * 1000 : Date.now(), png: Buffer.from(frame.data, 'base64') });
    void cdp.send('Page.screencastFrameAck', { sessionId: frame.sessionId }).catch(() => undefined);
  });
  await cdp.send('Page.startScreencast', { format: 'png', maxWidth: 1400, maxHeight: 900 });
  await page.goto(url);
  await page.waitForFunction(() => performance.getEntriesByName('viewer:first-image').length > 0, null, { timeout: 60_000 });
  await page.evaluate(() => window.emh.ready);
  const { look, lookSop, firstImage, origin } = await marks(page);
  await cdp.send('Page.stopScreencast');
  expect(look, 'a first look was drawn').toBeDefined();
  expect(look as number).toBeLessThan(firstImage as number);
  expect(await page.locator('canvas.first-look').count(), 'the look is gone once the viewer draws').toBe(0);

  // The viewer opens on the instance the look showed.
  const shown = (await run(page, 'viewport.image', { viewport: 0 })) as { sopInstanceUID: string; imageIndex: number };
  expect(shown.sopInstanceUID).toBe(lookSop);

  // The last frame on screen before the viewer's first image: the look alone.
  const lookFrames = frames.filter((f) => f.at >= origin + (look as number) && f.at < origin + (firstImage as number));
  expect(lookFrames.length, `frames while the look was up (of ${frames.length})`).toBeGreaterThan(0);
  const lookFrame = lookFrames[lookFrames.length - 1].png;
  const viewerFrame = await page.screenshot();
  mkdirSync(SCREEN_DIR, { recursive: true });
  writeFileSync(`${SCREEN_DIR}/first-look-${name}.png`, lookFrame);
  writeFileSync(`${SCREEN_DIR}/first-look-${name}-viewer.png`, viewerFrame);
  await testInfo.attach(`first-look-${name}`, { path: `${SCREEN_DIR}/first-look-${name}.png`, contentType: 'image/png' });

  // The image's middle half (the corners hold the viewer's overlay text), where the viewer drew it.
  const [[left, top], [right, bottom]] = (await run(page, 'viewport.imageToClient', {
    points: [
      [0, 0],
      [columns - 1, rows - 1],
    ],
    viewport: 0,
  })) as number[][];
  const rect = [left + (right - left) / 4, top + (bottom - top) / 4, (right - left) / 2, (bottom - top) / 2];
  const { difference, spread } = await compare(page, [lookFrame, viewerFrame], rect);
  testInfo.annotations.push({
    type: 'first look',
    description: `${name}: ${difference.toFixed(2)} grey levels apart, spread ${spread.toFixed(1)}`,
  });
  expect(spread, 'the region holds anatomy, not a flat field').toBeGreaterThan(20);
  expect(difference, 'grey levels per pixel between the look and the viewer').toBeLessThan(3);
  expect(problems).toEqual([]);
  await context.close();
}
