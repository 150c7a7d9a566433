/**
 * One measured load in a fresh browser: the wire page (bench/wire/index.html), the viewer with
 * scrolling while it loads, or the viewer with two 1,000-slice studies side by side.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, launchFresh, WINDOW, type FreshBrowser } from '../../runner/browser';
import { CHROMIUM } from '../../runner/paths';
import { ContentionMeter } from '../../runner/contention';
import { evaluateInPage } from '../../runner/pageEval';
import { BENCH_DIR } from '../../runner/paths';
import type { BenchServer } from '../../runner/server';
import { THIN_CT } from '../../makeCtSeries';
import { IMAGE_RENDERED_EVENT, MARK_BOOT_START, MARK_FIRST_IMAGE, MARK_FIRST_LOOK, MARK_SERIES_LOADED } from '../../shared/emhContract';
import { firstPixelsInitScript, MARK_FIRST_PIXELS } from '../viewerLoad/firstPixels';
import { sampleMemory, type MemorySample } from '../viewerLoad/memory';
import { readDicomwebPhases, type DicomwebPhases } from '../pacsLoad/pageSide';
import { readTimings, type PageTimings } from '../viewerLoad/pageSide';
import { watchPixelRequests } from './network';
import {
  openPriorBeside,
  readWire,
  RESOURCE_BUFFER_INIT_SCRIPT,
  scrollWhileLoading,
  seriesImageCounts,
  type BesideOutcome,
  type ResourceSummary,
  type ScrollWhileLoadingResult,
  type WireOutcome,
} from './pageSide';

// Bounded so that a broken page costs minutes, not the time box: 1,000 slices on a loaded
// 2-core machine take tens of seconds.
const LOAD_TIMEOUT_MS = 240_000;
const FIRST_IMAGE_TIMEOUT_MS = 60_000;
const SCROLL_MS = 3_000;
const SWEEP_STEPS = 60;
/** A just-launched browser is still busy starting up on a 2-core machine; let it settle. */
const SETTLE_MS = 1_000;

/** What to load: the same files for the wire page and the viewer. */
export interface Source {
  key: 'local' | 'local-jls' | 'local-htj2k' | 'pacs' | 'pacs-jls';
  label: string;
  viewerUrl: string;
  wireUrl: string;
  /** RegExp source of the pixel requests' URLs. */
  resource: string;
}

/** Cores other processes kept busy during the load (runner/contention.ts): the noise to read figures by. */
interface Contended {
  otherCpuCores?: number;
  error?: string;
}

export interface WireRun extends WireOutcome, Contended {
  resources?: ResourceSummary;
}

export interface ViewerRun extends Contended {
  timings?: PageTimings;
  resources?: ResourceSummary;
  /** Images listed when `viewer:series-loaded` was set, when fewer than the series has (premature). */
  listedAtLoadedMark?: number;
  /** PACS sources: when the QIDO and metadata requests before the frames ran. */
  dicomweb?: DicomwebPhases;
  scroll?: ScrollWhileLoadingResult;
  memory?: MemorySample;
  serverBytes?: number;
  serverRequests?: number;
  pageErrors: string[];
}

function failureShot(name: string): string {
  return path.join(BENCH_DIR, 'dist', 'failures', `${name}.png`);
}

async function withFresh<T extends Contended>(failureName: string, use: (fresh: FreshBrowser) => Promise<T>, empty: T): Promise<T> {
  const fresh = await launchFresh();
  let result = empty;
  const contention = new ContentionMeter();
  try {
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    contention.begin();
    result = await use(fresh);
  } catch (e) {
    result = { ...result, error: e instanceof Error ? e.message.split('\n')[0] : String(e) };
  }
  result.otherCpuCores = contention.end();
  try {
    if (result.error) {
      await fresh.page.screenshot({ path: failureShot(failureName), timeout: 10_000 });
      result.error += ` (screenshot: bench/dist/failures/${failureName}.png)`;
    }
  } catch {
    // The page may have crashed; the error text is what matters.
  } finally {
    await fresh.close();
  }
  return result;
}

export function measureWire(source: Source, run: number, server: BenchServer): Promise<WireRun> {
  return withFresh<WireRun>(
    `thinSlice-wire-${source.key}-run${run}`,
    async ({ page }) => {
      server.resetTraffic();
      const network = watchPixelRequests(page, source.resource);
      await page.goto(source.wireUrl, { waitUntil: 'commit' });
      await page.waitForFunction('window.wireResult !== undefined', undefined, { timeout: 30_000 });
      // The timer is cleared so that it cannot hold the bench process open after the last run.
      let timer: NodeJS.Timeout | undefined;
      const wire = await Promise.race([
        evaluateInPage(page, readWire, null),
        new Promise<WireOutcome>((resolve) => {
          timer = setTimeout(() => resolve({ error: `wire:all not reached in ${LOAD_TIMEOUT_MS / 1000} s` }), LOAD_TIMEOUT_MS);
        }),
      ]).finally(() => clearTimeout(timer));
      return { ...wire, resources: await network.summary(page) };
    },
    {},
  );
}

export function measureViewer(source: Source, run: number, server: BenchServer): Promise<ViewerRun> {
  const pageErrors: string[] = [];
  return withFresh<ViewerRun>(
    `thinSlice-viewer-${source.key}-run${run}`,
    async (fresh) => {
      const { page } = fresh;
      const result: ViewerRun = { pageErrors };
      await page.addInitScript(firstPixelsInitScript(IMAGE_RENDERED_EVENT));
      await page.addInitScript(RESOURCE_BUFFER_INIT_SCRIPT);
      page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
      page.on('crash', () => pageErrors.push('page crashed'));
      page.on('response', (r) => {
        if (r.status() >= 400) pageErrors.push(`HTTP ${r.status()} ${new URL(r.url()).pathname}`);
      });
      server.resetTraffic();
      const network = watchPixelRequests(page, source.resource);
      await page.goto(source.viewerUrl, { waitUntil: 'commit' });
      result.scroll = await evaluateInPage(page, scrollWhileLoading, {
        firstImageMark: MARK_FIRST_IMAGE,
        seriesLoadedMark: MARK_SERIES_LOADED,
        renderedEvent: IMAGE_RENDERED_EVENT,
        sweep: SWEEP_STEPS,
        maxMs: SCROLL_MS,
        stepTimeoutMs: 5_000,
        firstImageTimeoutMs: FIRST_IMAGE_TIMEOUT_MS,
      });
      try {
        await page.waitForFunction(`performance.getEntriesByName(${JSON.stringify(MARK_SERIES_LOADED)}).length > 0`, undefined, {
          timeout: LOAD_TIMEOUT_MS,
          polling: 100,
        });
      } catch {
        result.error = `${MARK_SERIES_LOADED} not reached in ${LOAD_TIMEOUT_MS / 1000} s`;
      }
      // The mark is the viewer's word that everything opened is decoded; a mark set while the
      // series is still being listed (seen on the PACS path) must not pass for a load time.
      const listed = (await evaluateInPage(page, seriesImageCounts, null)).reduce((a, b) => a + b, 0);
      if (!result.error && listed < THIN_CT.slices) {
        result.listedAtLoadedMark = listed;
        // Memory is still taken once every image is listed and every pixel request answered.
        await page
          .waitForFunction(`window.emh.series().reduce((n, s) => n + s.imageCount, 0) >= ${THIN_CT.slices}`, undefined, {
            timeout: LOAD_TIMEOUT_MS,
            polling: 250,
          })
          .catch(() => undefined);
        await network.settled(THIN_CT.slices, LOAD_TIMEOUT_MS);
      }
      result.timings = await evaluateInPage(page, readTimings, {
        firstImageMark: MARK_FIRST_IMAGE,
        firstLookMark: MARK_FIRST_LOOK,
        firstPixelsMark: MARK_FIRST_PIXELS,
        seriesLoadedMark: MARK_SERIES_LOADED,
        dicomResource: source.resource,
      });
      result.resources = await network.summary(page);
      if (source.key.startsWith('pacs')) result.dicomweb = await evaluateInPage(page, readDicomwebPhases, null);
      const traffic = server.traffic();
      result.serverBytes = traffic.bytes;
      result.serverRequests = traffic.requests;
      if (!result.error) result.memory = await sampleMemory(fresh);
      return result;
    },
    { pageErrors },
  );
}

/**
 * Visits that warm the browser before the measured one. Chromium keeps a script's compiled code
 * (V8's code cache) once the script has run twice, so the third visit is the everyday one of a
 * reader who used the viewer before. The warming visits open another study (the prior), so the
 * measured study's files are not in the HTTP cache: warm code, cold images.
 */
const WARMING_VISITS = 2;
/** Chromium writes the code cache after the script has run; a page closed at once may not have it. */
const CODE_CACHE_SETTLE_MS = 2_000;

export interface ReturnVisitRun extends Contended {
  firstImageMs?: number;
  firstLookMs?: number;
  /** `boot:start`: the viewer's code downloaded, compiled and evaluated. */
  bootStartMs?: number;
}

export async function measureReturnVisit(source: Source, warmingUrl: string): Promise<ReturnVisitRun> {
  // A profile on disk: Playwright's default contexts are off the record, and there Chromium
  // keeps no compiled code between loads (measured: the third load was no faster than the first).
  const profile = mkdtempSync(path.join(tmpdir(), 'emh-return-visit-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: WINDOW,
    deviceScaleFactor: 1,
  });
  const result: ReturnVisitRun = {};
  const firstImage = async (url: string, polling: number): Promise<Page> => {
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction(`performance.getEntriesByName(${JSON.stringify(MARK_FIRST_IMAGE)}).length > 0`, undefined, {
      timeout: FIRST_IMAGE_TIMEOUT_MS,
      polling,
    });
    return page;
  };
  try {
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    for (let visit = 1; visit <= WARMING_VISITS; visit++) {
      const page = await firstImage(warmingUrl, 50);
      await new Promise((resolve) => setTimeout(resolve, CODE_CACHE_SETTLE_MS));
      await page.close();
    }
    const page = await firstImage(source.viewerUrl, 20);
    const [firstImageMs, bootStartMs, firstLookMs] = await page.evaluate(
      (names) => names.map((name) => performance.getEntriesByName(name)[0]?.startTime),
      [MARK_FIRST_IMAGE, MARK_BOOT_START, MARK_FIRST_LOOK],
    );
    Object.assign(result, { firstImageMs, bootStartMs, firstLookMs });
  } catch (e) {
    result.error = e instanceof Error ? e.message.split('\n')[0] : String(e);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
  return result;
}

export interface BesideRun extends Contended {
  beside?: BesideOutcome;
  seriesLoadedMs?: number;
  imageCounts: number[];
  /** page.evaluate still answered after the load, and no 'crash' event came. */
  alive: boolean;
  crashed: boolean;
  memory?: MemorySample;
  error?: string;
}

/** Both studies through `?manifest=A&manifest=B`, the prior opened beside the current one. */
export function measureBeside(url: string, priorStudy: string, run: number): Promise<BesideRun> {
  let crashed = false;
  return withFresh<BesideRun>(
    `thinSlice-beside-run${run}`,
    async (fresh) => {
      const { page } = fresh;
      page.on('crash', () => (crashed = true));
      const result: BesideRun = { imageCounts: [], alive: false, crashed: false };
      await page.goto(url, { waitUntil: 'commit' });
      await page.waitForFunction('window.emh && window.emh.ready', undefined, { timeout: FIRST_IMAGE_TIMEOUT_MS });
      result.beside = await evaluateInPage(page, openPriorBeside, { priorStudy, timeoutMs: LOAD_TIMEOUT_MS });
      try {
        await page.waitForFunction(`performance.getEntriesByName(${JSON.stringify(MARK_SERIES_LOADED)}).length > 0`, undefined, {
          timeout: LOAD_TIMEOUT_MS,
          polling: 250,
        });
        result.seriesLoadedMs = (await page.evaluate(
          `performance.getEntriesByName(${JSON.stringify(MARK_SERIES_LOADED)})[0].startTime`,
        )) as number;
      } catch (e) {
        result.error = crashed
          ? 'page crashed'
          : `${MARK_SERIES_LOADED} not reached: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
      }
      result.crashed = crashed;
      if (!crashed) {
        const answered = await Promise.race([
          page.evaluate('1 + 1').then((v) => v === 2),
          new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 10_000).unref()),
        ]).catch(() => false);
        result.alive = answered;
        if (answered) {
          result.imageCounts = await evaluateInPage(page, seriesImageCounts, null);
          result.memory = await sampleMemory(fresh);
        }
      }
      return result;
    },
    { imageCounts: [], alive: false, crashed: false },
  );
}
