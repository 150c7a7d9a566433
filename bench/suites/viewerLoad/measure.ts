/**
 * One measured load of one page in a fresh browser: navigate, wait for the series, read
 * the marks, sample memory, then scroll through every slice. Both pages go through
 * exactly this code; only the URL differs. measureLoad is also what suite pacsLoad uses
 * for the viewer on local files and on a PACS.
 */
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { PageKind } from '../../runner/args';
import { launchFresh } from '../../runner/browser';
import { buildId } from '../../runner/build';
import { ContentionMeter } from '../../runner/contention';
import { evaluateInPage } from '../../runner/pageEval';
import { BENCH_DIR } from '../../runner/paths';
import type { BenchServer } from '../../runner/server';
import { percentile } from '../../runner/stats';
import { IMAGE_RENDERED_EVENT, MARK_FIRST_IMAGE, MARK_SERIES_LOADED } from '../../shared/emhContract';
import { firstPixelsInitScript, MARK_FIRST_PIXELS } from './firstPixels';
import { sampleMemory } from './memory';
import type { RunMetrics } from './metrics';
import { readTimings, scrollThrough } from './pageSide';

export const SLICES = 300;
// Generous next to the targets (1 s, 3 s, 5 s for the scroll) yet bounded so that a broken
// page costs at most ~2.5 min per run and a bench run stays well under 10 minutes.
const FIRST_IMAGE_TIMEOUT_MS = 30_000;
const SERIES_TIMEOUT_MS = 60_000;
const STEP_TIMEOUT_MS = 5_000;
const SCROLL_TIMEOUT_MS = 60_000;
/** A just-launched browser is still busy starting up on a 2-core machine; let it settle. */
const SETTLE_MS = 1_000;
export const MANIFEST_PATH = '/data/ct512/manifest.json';

export function pageUrl(kind: PageKind, baseUrl: string): string {
  const manifest = encodeURIComponent(`${baseUrl}${MANIFEST_PATH}`);
  return kind === 'baseline' ? `${baseUrl}/baseline/?manifest=${manifest}` : `${baseUrl}/?manifest=${manifest}`;
}

/** Where a failed run's last frame goes (bench/dist is gitignored). */
function failureScreenshot(name: string): string {
  return path.join(BENCH_DIR, 'dist', 'failures', `${name}.png`);
}

function markPresent(name: string): string {
  return `performance.getEntriesByName(${JSON.stringify(name)}, 'mark').length > 0`;
}

/** What measureLoad opens, and what it adds to the common measurements. */
export interface LoadTarget<E = never> {
  /** The build that serves the page (runner/build.ts buildId). */
  page: PageKind;
  url: string;
  /** Name of the screenshot a failed run leaves in bench/dist/failures/ (without .png). */
  failureName: string;
  /**
   * Resource URLs (a RegExp source) counted as DICOM requests in the page's timings:
   * "DICOM fetched before first image", "first DICOM request". Default: `.dcm` files.
   */
  dicomResource?: string;
  /** Read from the page once the series is loaded and its timings taken, before memory and scroll. */
  extra?: (page: Page) => Promise<E>;
}

export interface LoadResult<E = never> {
  metrics: RunMetrics;
  pageErrors: string[];
  /** What target.extra returned; undefined when the run stopped before it (a throw fails the run). */
  extra?: E;
}

export function measureRun(kind: PageKind, run: number, server: BenchServer): Promise<LoadResult> {
  return measureLoad({ page: kind, url: pageUrl(kind, server.baseUrl), failureName: `viewerLoad-${kind}-run${run}` }, run, server);
}

export async function measureLoad<E = never>(target: LoadTarget<E>, run: number, server: BenchServer): Promise<LoadResult<E>> {
  const result: LoadResult<E> = { metrics: { page: target.page, run, build: buildId(target.page) }, pageErrors: [] };
  const { metrics, pageErrors } = result;
  const contention = new ContentionMeter();
  const fresh = await launchFresh();
  const { page } = fresh;
  await page.addInitScript(firstPixelsInitScript(IMAGE_RENDERED_EVENT));
  page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(`console.error: ${m.text()}${m.location().url ? ` (${m.location().url})` : ''}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) pageErrors.push(`HTTP ${r.status()} ${new URL(r.url()).pathname}`);
  });
  try {
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    contention.begin();
    server.resetTraffic();
    await page.goto(target.url, { waitUntil: 'commit' });
    const stage = async (what: string, timeout: number, expression: string): Promise<void> => {
      try {
        await page.waitForFunction(expression, undefined, { timeout, polling: 250 });
      } catch {
        throw new Error(`${what} not reached within ${timeout / 1000} s`);
      }
    };
    await stage(`mark ${MARK_FIRST_IMAGE}`, FIRST_IMAGE_TIMEOUT_MS, markPresent(MARK_FIRST_IMAGE));
    await stage(`mark ${MARK_SERIES_LOADED}`, SERIES_TIMEOUT_MS, markPresent(MARK_SERIES_LOADED));
    const timings = await evaluateInPage(page, readTimings, {
      firstImageMark: MARK_FIRST_IMAGE,
      firstPixelsMark: MARK_FIRST_PIXELS,
      seriesLoadedMark: MARK_SERIES_LOADED,
      ...(target.dicomResource === undefined ? {} : { dicomResource: target.dicomResource }),
    });
    Object.assign(metrics, {
      firstImageMs: timings.firstImageMs,
      firstPixelsMs: timings.firstPixelsMs,
      seriesLoadedMs: timings.seriesLoadedMs,
      dicomFetchedBeforeFirstImage: timings.dicomFetchedBeforeFirstImage,
      firstDicomRequestMs: timings.firstDicomRequestMs,
      canvas: timings.canvas,
    });
    const traffic = server.traffic();
    metrics.dataRequests = traffic.requests;
    metrics.dataBytes = traffic.bytes;
    if (target.extra) result.extra = await target.extra(page);

    const ready = await page.evaluate('window.emh && window.emh.ready ? Promise.resolve(window.emh.ready).then(() => true) : false');
    if (ready !== true) throw new Error('window.emh.ready missing');

    const memory = await sampleMemory(fresh);
    metrics.jsHeapBytes = memory.jsHeapBytes;
    metrics.arrayBufferBytes = memory.arrayBufferBytes;
    metrics.heapTotalBytes = memory.jsHeapBytes + memory.arrayBufferBytes;
    metrics.rendererPssBytes = memory.rendererPssBytes;

    // Starting on slice 1, SLICES - 1 steps show every slice once.
    const scroll = await evaluateInPage(page, scrollThrough, {
      steps: SLICES - 1,
      renderedEvent: IMAGE_RENDERED_EVENT,
      stepTimeoutMs: STEP_TIMEOUT_MS,
      totalTimeoutMs: SCROLL_TIMEOUT_MS,
    });
    // The scrolled viewport is the one that rendered most; others (thumbnails, overlays) are ignored.
    const frames = Math.max(0, ...scroll.framesByViewport.map(([, n]) => n));
    metrics.scrollFrames = frames;
    metrics.scrollSteps = scroll.stepMs.length;
    metrics.stepP95Ms = percentile(scroll.stepMs, 95);
    // A rate over a scroll that stopped part-way would not be comparable: leave it out.
    metrics.dataRequestsAfterLoaded = server.traffic().requests - traffic.requests;
    if (scroll.error) metrics.error = scroll.error;
    else if (scroll.elapsedMs > 0) metrics.scrollFps = frames / (scroll.elapsedMs / 1000);
  } catch (e) {
    metrics.error = e instanceof Error ? e.message.split('\n')[0] : String(e);
  }
  try {
    if (metrics.error) {
      const shot = failureScreenshot(target.failureName);
      await page.screenshot({ path: shot });
      metrics.error += ` (screenshot: ${path.relative(path.dirname(BENCH_DIR), shot)})`;
    }
  } catch {
    // The page may have crashed; the error text is what matters.
  } finally {
    metrics.otherCpuCores = contention.end();
    await fresh.close();
  }
  return result;
}
