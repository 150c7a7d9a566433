/**
 * One host of the EMH extension in a fresh browser: our viewer (`?dicomweb=/dicom-web&study=`
 * on the bench server) or OHIF 3.13.2 with the plugin (its EMH work-up mode), both on the same
 * Orthanc holding the sample case. The same three measures, by the same in-page code:
 *  - first image: the first viewport canvas with non-black pixels, ms from navigation;
 *  - ROI statistics while dragging: a liver HU ROI added by command, its right handle dragged
 *    between 6.5 and 45 image pixels from the centre (liver only, ~103 HU; then liver and
 *    what lies beside it, ~84 HU), one move at a time: ms from the move's mouse event to the
 *    frame that paints the new mean in our liver summary;
 *  - the panel with 100 lesions: 100 `emh.addLesion` commands (the sample lesions, on the
 *    unenhanced CT's slices in turn) run through the host's own command runner, until the
 *    panel lists 100 rows.
 */
import type { Page } from '@playwright/test';
import { launchFresh } from '../../runner/browser';
import { ContentionMeter } from '../../runner/contention';
import { evaluateInPage } from '../../runner/pageEval';
import { sampleLesions } from '../emhTools/sampleCase';
import { ohifImageToClient, ohifSeriesInstances } from '../../../e2e/support/ohifPage';
import { truth } from '../../../e2e/helpers';
import { addAndList, armTextProbe, firstPixelsOnAnyViewport, msUntilTextChanges } from './pageSide';

export type Host = 'ours' | 'ohif';
type Point = [number, number];

export const LESIONS = 100;
export const DRAG_STEPS = 16;
const LIVER_MEAN = '[data-testid="liver-mean"]';
const TIMEOUT_MS = 60_000;
const STEP_TIMEOUT_MS = 2_000;

export interface HostRun {
  host: Host;
  firstImageMs?: number;
  /** Per drag step: ms from the mouse move to the new mean painted; undefined: no change seen. */
  dragMs: (number | undefined)[];
  addsMs?: number;
  listedMs?: number;
  otherCpuCores?: number;
  error?: string;
}

async function run(page: Page, host: Host, name: string, args: Record<string, unknown>): Promise<unknown> {
  return page.evaluate(
    ([h, n, a]) => {
      const w = window as unknown as {
        emh?: { commands: { run(n: string, a: unknown): unknown } };
        commandsManager?: { runCommand(n: string, a: unknown): unknown };
      };
      return h === 'ours' ? w.emh?.commands.run(n, a) : w.commandsManager?.runCommand(n, a);
    },
    [host, name, args] as const,
  );
}

async function imageToPage(page: Page, host: Host, points: Point[]): Promise<Point[]> {
  if (host === 'ohif') return ohifImageToClient(page, points);
  return (await run(page, host, 'viewport.imageToClient', { points })) as Point[];
}

/** Both hosts list a PACS study's instances after its first image: a command naming one waits for them. */
async function seriesHeld(page: Page, host: Host, seriesKey: 'ct-nc'): Promise<void> {
  const { seriesInstanceUID, instances } = truth.series[seriesKey];
  const held = async (): Promise<number> =>
    host === 'ohif'
      ? ohifSeriesInstances(page, seriesInstanceUID)
      : page.evaluate(
          (uid) =>
            (window as unknown as { emh: { series(): { seriesInstanceUID: string; imageCount: number }[] } }).emh
              .series()
              .find((s) => s.seriesInstanceUID === uid)?.imageCount ?? 0,
          seriesInstanceUID,
        );
  const started = Date.now();
  while ((await held()) < instances) {
    if (Date.now() - started > TIMEOUT_MS) throw new Error(`the ${host} page did not list the ${instances} images of ${seriesKey}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function dragLiverRoi(page: Page, host: Host): Promise<(number | undefined)[]> {
  const ct = truth.series['ct-nc'].seriesInstanceUID;
  const { recommendedSlice, rois } = truth.organs.liver;
  const [cx, cy] = rois[0].center as Point;
  await run(page, host, 'emh.addHuRoi', {
    seriesInstanceUID: ct,
    instanceNumber: recommendedSlice,
    center: [cx, cy],
    radii: [6, 6],
    organ: 'liver',
  });
  await page.waitForSelector(LIVER_MEAN, { timeout: TIMEOUT_MS });
  const [handle, near, far] = await imageToPage(page, host, [
    [cx + 6, cy],
    [cx + 6.5, cy],
    [cx + 45, cy],
  ]);
  await page.mouse.move(handle[0], handle[1]);
  await page.mouse.down();
  const steps: (number | undefined)[] = [];
  for (let i = 0; i < DRAG_STEPS; i++) {
    const [x, y] = i % 2 === 0 ? far : near;
    await evaluateInPage(page, armTextProbe, { selector: LIVER_MEAN });
    await page.mouse.move(x, y);
    steps.push((await evaluateInPage(page, msUntilTextChanges, { selector: LIVER_MEAN, timeoutMs: STEP_TIMEOUT_MS })).ms);
  }
  await page.mouse.up();
  return steps;
}

export async function measureHost(host: Host, url: string): Promise<HostRun> {
  const result: HostRun = { host, dragMs: [] };
  const fresh = await launchFresh();
  const contention = new ContentionMeter();
  try {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    contention.begin();
    const { page } = fresh;
    await page.goto(url, { waitUntil: 'commit' });
    const first = await evaluateInPage(page, firstPixelsOnAnyViewport, { timeoutMs: TIMEOUT_MS });
    if (first.error) throw new Error(first.error);
    result.firstImageMs = first.ms;
    // Our panel in either host, with its command runner ready.
    await page.waitForSelector('[data-testid="save-pacs"]', { timeout: TIMEOUT_MS });
    await seriesHeld(page, host, 'ct-nc');
    result.dragMs = await dragLiverRoi(page, host);
    const items = sampleLesions(LESIONS) as unknown as Record<string, unknown>[];
    const listed = await evaluateInPage(page, addAndList, {
      host,
      command: 'emh.addLesion',
      items,
      rows: LESIONS,
      timeoutMs: TIMEOUT_MS * 2,
    });
    if (listed.error) throw new Error(listed.error);
    Object.assign(result, { addsMs: listed.addsMs, listedMs: listed.listedMs });
  } catch (error) {
    result.error = error instanceof Error ? error.message.split('\n')[0] : String(error);
  } finally {
    result.otherCpuCores = contention.end();
    await fresh.close();
  }
  return result;
}
