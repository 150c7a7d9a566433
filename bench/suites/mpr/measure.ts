/**
 * One fresh browser per measurement: the viewer opened on the bench CT, MPR opened once the
 * series is read (decoded, or with ?prefetch=off not), then memory and a crosshair drag; or
 * the lesion series opened and its lesion grown several times.
 */
import path from 'node:path';
import { launchFresh, type FreshBrowser } from '../../runner/browser';
import { ContentionMeter } from '../../runner/contention';
import { evaluateInPage } from '../../runner/pageEval';
import { BENCH_DIR } from '../../runner/paths';
import { IMAGE_RENDERED_EVENT, MARK_FIRST_IMAGE, MARK_SERIES_LOADED } from '../../shared/emhContract';
import { MANIFEST_PATH } from '../viewerLoad/measure';
import { LESION_SERIES } from './lesionSeries';
import {
  growLesion,
  openMpr,
  readDragCount,
  startDragCount,
  whenVolumeLoaded,
  type DragCount,
  type GrowTimes,
  type MprOpened,
  type MprStateRead,
} from './pageSide';
import { heapSample, processMemory, type HeapSample, type ProcessMemory } from './processes';

const LOAD_TIMEOUT_MS = 90_000;
const MPR_TIMEOUT_MS = 60_000;
/** Drag: 100 steps of 1.41 px right and down, 200 px in all, one pointer event per step. */
export const DRAG = { steps: 100, stepPx: Math.SQRT2 };
export const GROW_REPEATS = 5;

export interface MprRun {
  prefetch: boolean;
  firstImageMs?: number;
  seriesLoadedMs?: number;
  opened?: MprOpened;
  state?: MprStateRead | null;
  heapBefore?: HeapSample;
  heapAfter?: HeapSample;
  processesBefore?: ProcessMemory;
  processesAfter?: ProcessMemory;
  drag?: DragCount & { centreMovedMm?: number };
  otherCpuCores?: number;
  error?: string;
}

async function openSeries(fresh: FreshBrowser, url: string): Promise<{ firstImageMs?: number; seriesLoadedMs?: number }> {
  await fresh.page.goto(url, { waitUntil: 'commit' });
  await fresh.page.waitForFunction(
    `performance.getEntriesByName(${JSON.stringify(MARK_SERIES_LOADED)}).length > 0 && window.emh && window.emh.ready`,
    undefined,
    { timeout: LOAD_TIMEOUT_MS, polling: 100 },
  );
  await fresh.page.evaluate('window.emh.ready');
  const at = (mark: string): Promise<number | undefined> =>
    fresh.page.evaluate(`performance.getEntriesByName(${JSON.stringify(mark)})[0]?.startTime`) as Promise<number | undefined>;
  return { firstImageMs: await at(MARK_FIRST_IMAGE), seriesLoadedMs: await at(MARK_SERIES_LOADED) };
}

async function dragCrosshairs(fresh: FreshBrowser, state: MprStateRead): Promise<MprRun['drag']> {
  const { page } = fresh;
  const centre = state.views[0]?.centre;
  if (!centre) throw new Error('mprState has no crosshair centre');
  const [[x0, y0]] = (await page.evaluate(
    (c) =>
      (window as unknown as { emh: { commands: { run(n: string, a: unknown): Promise<unknown> } } }).emh.commands.run(
        'viewport.mprWorldToClient',
        { plane: 'axial', points: [c] },
      ),
    centre,
  )) as [number, number][];
  await evaluateInPage(page, startDragCount, { renderedEvent: IMAGE_RENDERED_EVENT });
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  for (let i = 1; i <= DRAG.steps; i++) await page.mouse.move(x0 + i * DRAG.stepPx, y0 + i * DRAG.stepPx);
  await page.mouse.up();
  const count = await evaluateInPage(page, readDragCount, undefined);
  const after = (await page.evaluate('window.emh.commands.run("viewport.mprState", {})')) as MprStateRead | null;
  const moved = after?.views[0]?.centre;
  const centreMovedMm = moved ? Math.hypot(moved[0] - centre[0], moved[1] - centre[1], moved[2] - centre[2]) : undefined;
  return { ...count, centreMovedMm };
}

function failureShot(name: string): string {
  return path.join(BENCH_DIR, 'dist', 'failures', `${name}.png`);
}

/** `url`: another way in to the same CT (e.g. from a PACS); default the local files. */
export async function measureMpr(baseUrl: string, prefetch: boolean, run: number, url?: string): Promise<MprRun> {
  const result: MprRun = { prefetch };
  const contention = new ContentionMeter();
  const fresh = await launchFresh();
  try {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    contention.begin();
    const local = `${baseUrl}/?manifest=${encodeURIComponent(`${baseUrl}${MANIFEST_PATH}`)}`;
    Object.assign(result, await openSeries(fresh, `${url ?? local}${prefetch ? '' : '&prefetch=off'}`));
    if (prefetch) {
      result.heapBefore = await heapSample(fresh);
      result.processesBefore = await processMemory(fresh);
    }
    result.opened = await evaluateInPage(fresh.page, openMpr, { timeoutMs: MPR_TIMEOUT_MS });
    if (result.opened.error) throw new Error(result.opened.error);
    result.state = await evaluateInPage(fresh.page, whenVolumeLoaded, { timeoutMs: MPR_TIMEOUT_MS });
    if (!result.state) throw new Error('viewport.mprState is null after MPR opened');
    if (prefetch) {
      result.heapAfter = await heapSample(fresh);
      result.processesAfter = await processMemory(fresh);
      result.drag = await dragCrosshairs(fresh, result.state);
    }
  } catch (e) {
    result.error = e instanceof Error ? e.message.split('\n')[0] : String(e);
    await fresh.page.screenshot({ path: failureShot(`mpr-${prefetch ? 'prefetch' : 'stream'}-run${run}`) }).catch(() => undefined);
  } finally {
    result.otherCpuCores = contention.end();
    await fresh.close();
  }
  return result;
}

export interface GrowRun extends GrowTimes {
  seriesLoadedMs?: number;
  otherCpuCores?: number;
}

export async function measureGrow(baseUrl: string, seriesInstanceUID: string): Promise<GrowRun> {
  const contention = new ContentionMeter();
  const fresh = await launchFresh();
  let result: GrowRun = { ms: [], voxels: [], volumeMl: [] };
  try {
    contention.begin();
    const url = `${baseUrl}/?manifest=${encodeURIComponent(`${baseUrl}${LESION_SERIES.manifestPath}`)}`;
    const { seriesLoadedMs } = await openSeries(fresh, url);
    const s = LESION_SERIES;
    const grown = await evaluateInPage(fresh.page, growLesion, {
      seriesInstanceUID,
      instanceNumber: s.seed[2],
      longAxis: s.longAxis,
      shortAxis: s.shortAxis,
      seed: s.seed,
      range: s.range,
      repeats: GROW_REPEATS,
    });
    result = { ...grown, seriesLoadedMs };
  } catch (e) {
    result.error = e instanceof Error ? e.message.split('\n')[0] : String(e);
    await fresh.page.screenshot({ path: failureShot('mpr-grow') }).catch(() => undefined);
  } finally {
    result.otherCpuCores = contention.end();
    await fresh.close();
  }
  return result;
}
