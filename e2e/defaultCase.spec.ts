import { expect, test, type Page } from '@playwright/test';
import { expectImage, run, screenshot, truth, waitForSeriesLoaded, watchConsole } from './helpers';

/**
 * The page without parameters: the sample patient's follow-up (T2) on screen, the baseline
 * (T1) listed as its prior, and "Open beside" putting the baseline CT beside it on the slice
 * showing the same anatomy (the table moved 37.5 mm between the visits).
 */
const FOLLOW_UP_CT = truth.followUp.series['ct-nc'];
const BASELINE_CT = truth.series['ct-nc'];
const [, , SHIFT_Z] = truth.followUp.tableShiftMm;
const HALF_SLICE_MM = 2.5;

type ShownImage = {
  seriesInstanceUID: string;
  studyInstanceUID: string;
  instanceNumber: number;
  imagePositionPatient: [number, number, number];
} | null;

const shown = (page: Page, viewport: number) => run(page, 'viewport.image', { viewport }) as Promise<ShownImage>;

/** The baseline slice on the right against the follow-up slice on the left: mm from the true match. */
async function matchError(page: Page): Promise<number> {
  const left = await shown(page, 0);
  const right = await shown(page, 1);
  if (!left || !right) return Infinity;
  // Follow-up z = baseline z + shift for the same anatomy.
  return Math.abs(right.imagePositionPatient[2] - (left.imagePositionPatient[2] - SHIFT_Z));
}

test('the page without parameters opens the follow-up CT with the baseline as its prior; Open beside lines them up', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  const problems = watchConsole(page);
  const dicomRequests: string[] = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.endsWith('.dcm')) dicomRequests.push(path);
  });
  // Every study that reaches the screen, in order, from the first image drawn on.
  await page.addInitScript(() => {
    const drawn: string[] = [];
    (window as unknown as { drawnStudies: string[] }).drawnStudies = drawn;
    document.addEventListener(
      'CORNERSTONE_IMAGE_RENDERED',
      (event) => {
        // Where the first image was drawn: the extensions arrive after it and must move nothing.
        const w = window as unknown as { firstImageRect?: string };
        w.firstImageRect ??= JSON.stringify((event.target as HTMLElement).getBoundingClientRect());
        const id = (event as CustomEvent<{ viewportId?: string }>).detail?.viewportId ?? '';
        const viewport = Number(id.replace('viewport-', ''));
        const emh = (window as unknown as { emh?: { commands: { run(n: string, a: object): Promise<unknown> } } }).emh;
        void emh?.commands.run('viewport.image', { viewport }).then((image) => {
          const study = (image as { studyInstanceUID?: string } | null)?.studyInstanceUID;
          if (study && drawn[drawn.length - 1] !== `${viewport}:${study}`) drawn.push(`${viewport}:${study}`);
        });
      },
      true,
    );
  });
  await page.goto('/');
  await page.evaluate(() => window.emh.ready);
  // The extensions registered after the first image (their toolbar row and panels on screen
  // now); the viewport kept the place and size it had when that image was drawn.
  await expect(page.getByTestId('tb-emh-lesion')).toBeVisible();
  await expect(page.getByTestId('toolbar-reserved')).toHaveCount(0);
  const firstImageRect = await page.evaluate(() => (window as unknown as { firstImageRect?: string }).firstImageRect);
  const nowRect = await page
    .locator('.viewport-element')
    .first()
    .evaluate((e) => JSON.stringify(e.getBoundingClientRect()));
  expect(nowRect).toBe(firstImageRect);

  await expect.poll(async () => (await shown(page, 0))?.seriesInstanceUID).toBe(FOLLOW_UP_CT.seriesInstanceUID);
  await expect(page.getByTestId('overlay-0')).toContainText('2024-09-10');
  // The follow-up was the first image on screen, not the baseline then a switch.
  const drawn = (await page.evaluate(() => (window as unknown as { drawnStudies: string[] }).drawnStudies)) as string[];
  expect(drawn[0]).toBe(`0:${FOLLOW_UP_CT.studyInstanceUID}`);
  // Both visits' first files were asked for first (the early fetch and the loader's order).
  const firstTwo = dicomRequests.slice(0, 2);
  expect(firstTwo.some((path) => path.startsWith('/sample-followup/'))).toBe(true);
  expect(firstTwo.some((path) => path.startsWith('/sample/'))).toBe(true);

  const list = page.getByTestId('priors-list');
  await expect(list.locator('[data-timepoint="T1"]')).toContainText('2024-03-12');
  await expect(list.locator('[data-timepoint="T2"]')).toContainText('2024-09-10');
  const baselineRow = list.locator(`[data-testid="priors-study"][data-study="${BASELINE_CT.studyInstanceUID}"]`);
  await expect(baselineRow.getByTestId('open-beside')).toBeVisible();
  await expect(list.locator(`[data-study="${FOLLOW_UP_CT.studyInstanceUID}"] .priors-current`)).toHaveText('current');
  await waitForSeriesLoaded(page);
  expect((await page.evaluate(() => window.emh.series())).length).toBe(7);
  expect(drawn.every((entry) => entry.endsWith(FOLLOW_UP_CT.studyInstanceUID))).toBe(true);

  // L4 at follow-up instance 46; the baseline shows that anatomy at slice 46 + 7.5.
  const now = (await shown(page, 0))?.instanceNumber ?? 1;
  await run(page, 'viewport.scroll', { delta: 46 - now });
  await expectImage(page, 46, 60, 0);
  await baselineRow.getByTestId('open-beside').click();
  await expect.poll(async () => (await shown(page, 1))?.seriesInstanceUID, { timeout: 60_000 }).toBe(BASELINE_CT.seriesInstanceUID);
  await expect.poll(() => matchError(page), { timeout: 60_000 }).toBeLessThanOrEqual(HALF_SLICE_MM + 0.01);
  expect([53, 54]).toContain((await shown(page, 1))?.instanceNumber);
  expect((await shown(page, 0))?.instanceNumber).toBe(46);
  console.log(`open beside at follow-up 46: baseline ${(await shown(page, 1))?.instanceNumber}, ${(await matchError(page)).toFixed(2)} mm`);
  await screenshot(page, testInfo, 'default-case-beside');

  // Ten slices on in the follow-up: the baseline follows to the same anatomy.
  await run(page, 'viewport.scroll', { delta: -10 });
  await expectImage(page, 36, 60, 0);
  await expect.poll(() => matchError(page)).toBeLessThanOrEqual(HALF_SLICE_MM + 0.01);
  console.log(`after 10 slices: baseline ${(await shown(page, 1))?.instanceNumber}, ${(await matchError(page)).toFixed(2)} mm`);
  expect(problems).toEqual([]);
});
