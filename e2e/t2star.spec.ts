/**
 * The T2* sample (truth.json t2starSeries): a multi-echo gradient echo series is recognised as
 * echo trains and labelled with its echoes; a phase copy is refused for T2* with the reason
 * while the magnitudes stay a T2* series; an Enhanced MR copy whose frames carry their own echo
 * times is recognised as well.
 */
import { expect, test, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectImage, openViewer, run, screenshot, truth, watchConsole } from './helpers';

const T2STAR = truth.t2starSeries;
const TE = T2STAR.echoTimesMs;
const LABEL = `T2*: ${TE.length} echoes, TE ${TE[0]}-${TE[TE.length - 1]} ms`;
const IMAGES = T2STAR.instancesPerPosition * T2STAR.positionsMm.length;

interface Series {
  seriesInstanceUID: string;
  description: string;
  imageCount: number;
  seriesLabel?: string;
  echoTimesMs?: number[];
  positions?: number;
  t2starRefused?: string;
}

async function openSample(page: Page): Promise<void> {
  await openViewer(page, '?empty');
  const report = await page.evaluate((manifest) => window.emh.load({ manifest }), `sample-t2star/${T2STAR.manifest}`);
  expect(report).toEqual({ loaded: IMAGES, refused: [], documents: 0 });
}

const allSeries = (page: Page) => page.evaluate(() => window.emh.series()) as Promise<Series[]>;

/** Phase and Enhanced MR copies of the sample, made with pydicom (Debian python3-pydicom). */
function makeCopies(): { phase: string[]; enhanced: string } {
  const dir = mkdtempSync(join(tmpdir(), 't2star-'));
  const script = new URL('./support/t2starCopies.py', import.meta.url).pathname;
  const source = new URL(`../sample-dicom/output-t2star/${T2STAR.folder}`, import.meta.url).pathname;
  const result = spawnSync('/usr/bin/python3', [script, source, dir], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`pydicom: ${result.stderr}`);
  const phase = readdirSync(join(dir, 'phase'))
    .sort()
    .map((f) => join(dir, 'phase', f));
  return { phase, enhanced: join(dir, 'enhanced.dcm') };
}

test('the sample is a T2* series: its label and echo times are the truth, in the browser and emh.series()', async ({ page }) => {
  const problems = watchConsole(page);
  await openSample(page);
  const [series] = await allSeries(page);
  expect(series).toMatchObject({
    seriesInstanceUID: T2STAR.seriesInstanceUID,
    description: T2STAR.description,
    imageCount: IMAGES,
    seriesLabel: LABEL,
    echoTimesMs: TE,
    positions: T2STAR.positionsMm.length,
  });
  expect(series?.t2starRefused).toBeUndefined();
  await expect(page.getByTestId('series-card').getByTestId('series-label')).toHaveText(LABEL);

  // The stack runs through one position's echoes, shortest first, then the next position's.
  await page.evaluate((uid) => window.emh.show(uid), T2STAR.seriesInstanceUID);
  await expectImage(page, 1, IMAGES);
  const shown = async () => (await run(page, 'viewport.image')) as { instanceNumber: number };
  expect((await shown()).instanceNumber).toBe(1);
  await run(page, 'viewport.scroll', { delta: T2STAR.instancesPerPosition });
  await expectImage(page, T2STAR.instancesPerPosition + 1, IMAGES);
  expect(problems).toEqual([]);
});

test('a phase copy loaded beside is refused for T2* with the reason; the magnitudes and an Enhanced MR copy are T2*', async ({
  page,
}, testInfo) => {
  const problems = watchConsole(page);
  const copies = makeCopies();
  await openSample(page);
  await page.getByTestId('file-input').setInputFiles([...copies.phase, copies.enhanced]);
  await expect.poll(async () => (await allSeries(page)).length).toBe(3);
  await expect.poll(async () => (await allSeries(page)).map((s) => s.imageCount)).toEqual([IMAGES, IMAGES, T2STAR.instancesPerPosition]);
  const [magnitude, phase, enhanced] = await allSeries(page);

  expect(magnitude).toMatchObject({ seriesInstanceUID: T2STAR.seriesInstanceUID, seriesLabel: LABEL, echoTimesMs: TE });
  expect(phase?.description).toBe(`${T2STAR.description} PHASE`);
  expect(phase?.t2starRefused).toMatch(/phase/i);
  expect(phase?.t2starRefused).toMatch(/magnitude/i);
  expect(phase?.echoTimesMs).toBeUndefined();
  expect(phase?.seriesLabel).toBe(`Not for T2*: ${phase?.t2starRefused}`);

  // One position's twelve echoes as frames, each with its own EffectiveEchoTime.
  expect(enhanced).toMatchObject({ description: `${T2STAR.description} ENHANCED`, seriesLabel: LABEL, echoTimesMs: TE, positions: 1 });
  await expect(page.getByTestId('series-label')).toHaveText([LABEL, `Not for T2*: ${phase?.t2starRefused}`, LABEL]);
  expect(await page.evaluate(() => window.emh.refusals())).toEqual([]);

  // The liver measured on the Enhanced MR copy (its frames in reverse TE order) and on the
  // classic images of the same position: the same pixels, so the same fit; the phase copy is refused.
  const liver = T2STAR.tissues.find((t) => t.name === 'liver')!;
  const roi = (seriesInstanceUID: string, where: Record<string, number>) =>
    run(page, 'emh.addIronRoi', {
      seriesInstanceUID,
      ...where,
      center: liver.roi.center,
      radii: liver.roi.radii,
      organ: 'liver',
    }) as Promise<{
      r2starHz: number;
      echoTimesMs: number[];
      meanSignal: number[];
    }>;
  const classic = await roi(magnitude!.seriesInstanceUID, { instanceNumber: 1 });
  const fromFrames = await roi(enhanced!.seriesInstanceUID, { imageIndex: 5 });
  expect(fromFrames.echoTimesMs).toEqual(TE);
  expect(fromFrames.meanSignal).toEqual(classic.meanSignal);
  expect(fromFrames.r2starHz).toBeCloseTo(classic.r2starHz, 9);
  expect(Math.abs(fromFrames.r2starHz - liver.r2starHz) / liver.r2starHz).toBeLessThan(0.02);
  await expect(roi(phase!.seriesInstanceUID, { instanceNumber: 1 })).rejects.toThrow(/phase/i);
  await screenshot(page, testInfo, 't2star-series-browser');
  expect(problems).toEqual([]);
});
