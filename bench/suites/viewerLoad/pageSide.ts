/**
 * Functions that run inside the benchmarked page (via evaluateInPage). They must be
 * self-contained: only type imports, everything else passed in as arguments.
 */
import type { EmhHooks } from '../../shared/emhContract';

export interface TimingArgs {
  firstImageMark: string;
  firstPixelsMark: string;
  seriesLoadedMark: string;
  /** The viewer's first look, where it has one (MARK_FIRST_LOOK). */
  firstLookMark?: string;
  /** RegExp source of the resource URLs that count as DICOM; default `.dcm` files. */
  dicomResource?: string;
}

export interface PageTimings {
  firstImageMs?: number;
  firstLookMs?: number;
  firstPixelsMs?: number;
  seriesLoadedMs?: number;
  dicomFetchedBeforeFirstImage: number;
  /** When the first .dcm request started: what the page spent booting before asking for pixels. */
  firstDicomRequestMs?: number;
  canvas: string;
}

/** Mark times are relative to the document's time origin, i.e. navigation start. */
export function readTimings(args: TimingArgs): PageTimings {
  const markAt = (name: string): number | undefined => performance.getEntriesByName(name, 'mark')[0]?.startTime;
  const firstImageMs = markAt(args.firstImageMark);
  const firstPixelsMs = markAt(args.firstPixelsMark);
  const shownAt = firstPixelsMs ?? firstImageMs;
  // Early resource entries are kept even when the 250-entry buffer later fills up.
  const isDicom = args.dicomResource === undefined ? /\.dcm($|\?)/ : new RegExp(args.dicomResource);
  const dicom = performance
    .getEntriesByType('resource')
    .filter((e): e is PerformanceResourceTiming => e instanceof PerformanceResourceTiming && isDicom.test(e.name));
  const before = shownAt === undefined ? 0 : dicom.filter((e) => e.responseEnd <= shownAt).length;
  let canvas = 'none';
  let largest = 0;
  document.querySelectorAll('canvas').forEach((c) => {
    if (c.width * c.height > largest) {
      largest = c.width * c.height;
      canvas = `${c.width}x${c.height}`;
    }
  });
  const firstDicomRequestMs = dicom.length > 0 ? Math.min(...dicom.map((e) => e.startTime)) : undefined;
  return {
    firstImageMs,
    firstLookMs: args.firstLookMark === undefined ? undefined : markAt(args.firstLookMark),
    firstPixelsMs,
    seriesLoadedMs: markAt(args.seriesLoadedMark),
    dicomFetchedBeforeFirstImage: before,
    firstDicomRequestMs,
    canvas,
  };
}

export interface ScrollArgs {
  steps: number;
  renderedEvent: string;
  stepTimeoutMs: number;
  /** Keeps a pathologically slow page from stretching the bench past its time budget. */
  totalTimeoutMs: number;
}

export interface ScrollResult {
  elapsedMs: number;
  /** IMAGE_RENDERED counts per viewportId seen while scrolling. */
  framesByViewport: [string, number][];
  stepMs: number[];
  error?: string;
}

/**
 * Steps through the stack with the page's own command and counts IMAGE_RENDERED events.
 * The listener captures at document level: Cornerstone dispatches the (non-bubbling)
 * event on the viewport element, and capture sees it without touching page code.
 */
export async function scrollThrough(args: ScrollArgs): Promise<ScrollResult> {
  const emh = (window as unknown as { emh?: EmhHooks }).emh;
  if (!emh?.commands) return { elapsedMs: 0, framesByViewport: [], stepMs: [], error: 'window.emh.commands missing' };
  const frames = new Map<string, number>();
  const onRendered = (e: Event): void => {
    const detail = (e as CustomEvent<{ viewportId?: string } | null>).detail;
    const id = detail?.viewportId ?? 'unknown';
    frames.set(id, (frames.get(id) ?? 0) + 1);
  };
  document.addEventListener(args.renderedEvent, onRendered, true);
  const stepMs: number[] = [];
  let error: string | undefined;
  const started = performance.now();
  for (let i = 0; i < args.steps && error === undefined; i++) {
    const t0 = performance.now();
    let timer = 0;
    const timeout = new Promise<never>((_, reject) => {
      timer = window.setTimeout(
        () => reject(new Error(`scroll step ${i + 1} unresolved after ${args.stepTimeoutMs} ms`)),
        args.stepTimeoutMs,
      );
    });
    try {
      await Promise.race([emh.commands.run('viewport.scroll', { delta: 1 }), timeout]);
      stepMs.push(performance.now() - t0);
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    } finally {
      window.clearTimeout(timer);
    }
    if (error === undefined && performance.now() - started > args.totalTimeoutMs) {
      error = `scroll gave up after ${i + 1} steps: over ${args.totalTimeoutMs} ms`;
    }
  }
  const elapsedMs = performance.now() - started;
  document.removeEventListener(args.renderedEvent, onRendered, true);
  return { elapsedMs, framesByViewport: [...frames.entries()], stepMs, error };
}
