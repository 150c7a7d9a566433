/**
 * Functions that run inside the measured pages (via evaluateInPage): self-contained, type
 * imports only.
 */
import type { EmhHooks } from '../../shared/emhContract';

/**
 * Init script for the viewer and OHIF: 1,000 frame requests would overflow the default 250-entry
 * resource timing buffer, and the DICOMweb phases (QIDO, metadata) and OHIF's frame count read it.
 */
export const RESOURCE_BUFFER_INIT_SCRIPT = 'performance.setResourceTimingBufferSize(100000);';

/** When a page's pixel requests ran, ms from navigation start (network.ts). */
export interface ResourceSummary {
  requests: number;
  firstStartMs?: number;
  /** First response headers in (responseStart) and first body complete (responseEnd). */
  firstResponseMs?: number;
  firstResponseEndMs?: number;
  lastResponseEndMs?: number;
  /** Body bytes as sent (Content-Length). */
  bodyBytes: number;
}

export interface WireOutcome {
  files?: number;
  bytes?: number;
  error?: string;
  firstMs?: number;
  allMs?: number;
}

/** Waits for the wire page's own promise (bench/wire/index.html) and reads its marks. */
export async function readWire(): Promise<WireOutcome> {
  const result = await (window as unknown as { wireResult: Promise<WireOutcome> }).wireResult;
  const markAt = (name: string): number | undefined => performance.getEntriesByName(name, 'mark')[0]?.startTime;
  return { ...result, firstMs: markAt('wire:first'), allMs: markAt('wire:all') };
}

export interface ScrollWhileLoadingArgs {
  firstImageMark: string;
  seriesLoadedMark: string;
  renderedEvent: string;
  /** Steps one way before turning back: a reader going over the same region. */
  sweep: number;
  maxMs: number;
  stepTimeoutMs: number;
  /** How long to wait for the first image before giving up (ms from the call). */
  firstImageTimeoutMs: number;
}

export interface ScrollWhileLoadingResult {
  /** Scrolling began at this time (ms from navigation start): right after the first image. */
  startedMs?: number;
  elapsedMs: number;
  steps: number;
  /** Steps completed before the series-loaded mark (all of them when it came later). */
  stepsBeforeLoaded: number;
  framesByViewport: [string, number][];
  /** Slowest step, and steps over 100 ms (a stall a reader notices). */
  maxStepMs: number;
  slowSteps: number;
  /**
   * Steps that drew nothing: the command resolves at once when the stack has nowhere to go
   * (e.g. it holds only the images received so far). Each is followed by one animation frame,
   * so they cannot spin the loop, and is counted apart so the rate is not mistaken for a stall.
   */
  idleSteps: number;
  /** Time spent in those steps (each with its animation frame): scrolling with nothing to show. */
  idleMs: number;
  /** What the scrolled viewport showed when scrolling began, and how many images were listed. */
  startInstanceNumber?: number;
  startImageCount?: number;
  error?: string;
}

/**
 * From the first image on, steps `viewport.scroll` back and forth (`sweep` steps forward, as
 * many back) for `maxMs` or until the whole series is loaded, counting IMAGE_RENDERED per
 * viewport as viewerLoad does. Each step waits for the command, as a wheel event would wait for
 * the frame.
 */
export async function scrollWhileLoading(args: ScrollWhileLoadingArgs): Promise<ScrollWhileLoadingResult> {
  const has = (mark: string): boolean => performance.getEntriesByName(mark, 'mark').length > 0;
  const frames = new Map<string, number>();
  const result: ScrollWhileLoadingResult = {
    elapsedMs: 0,
    steps: 0,
    stepsBeforeLoaded: 0,
    framesByViewport: [],
    maxStepMs: 0,
    slowSteps: 0,
    idleSteps: 0,
    idleMs: 0,
  };
  let rendered = 0;
  const waitStarted = performance.now();
  while (!has(args.firstImageMark)) {
    if (performance.now() - waitStarted > args.firstImageTimeoutMs) return { ...result, error: 'no first image' };
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const emh = (window as unknown as { emh?: EmhHooks }).emh;
  if (!emh) return { ...result, error: 'window.emh missing' };
  await emh.ready;
  const lister = emh as unknown as SeriesLister;
  const shown = (await lister.commands.run('viewport.image', {})) as { instanceNumber?: number } | null;
  result.startInstanceNumber = shown?.instanceNumber;
  result.startImageCount = lister.series().reduce((sum, s) => sum + s.imageCount, 0);
  const onRendered = (e: Event): void => {
    const id = (e as CustomEvent<{ viewportId?: string } | null>).detail?.viewportId ?? 'unknown';
    frames.set(id, (frames.get(id) ?? 0) + 1);
    rendered += 1;
  };
  document.addEventListener(args.renderedEvent, onRendered, true);
  const started = performance.now();
  result.startedMs = started;
  let position = 0;
  let delta = 1;
  try {
    while (performance.now() - started < args.maxMs && !has(args.seriesLoadedMark)) {
      const t0 = performance.now();
      const renderedBefore = rendered;
      let timer = 0;
      const timeout = new Promise<never>((_, reject) => {
        timer = window.setTimeout(
          () => reject(new Error(`scroll step ${result.steps + 1} unresolved after ${args.stepTimeoutMs} ms`)),
          args.stepTimeoutMs,
        );
      });
      try {
        await Promise.race([emh.commands.run('viewport.scroll', { delta }), timeout]);
      } finally {
        window.clearTimeout(timer);
      }
      const ms = performance.now() - t0;
      result.steps += 1;
      if (!has(args.seriesLoadedMark)) result.stepsBeforeLoaded = result.steps;
      result.maxStepMs = Math.max(result.maxStepMs, ms);
      if (ms > 100) result.slowSteps += 1;
      position += delta;
      if (position >= args.sweep || position <= 0) delta = -delta;
      if (rendered === renderedBefore) {
        result.idleSteps += 1;
        await new Promise((resolve) => requestAnimationFrame(resolve));
        result.idleMs += performance.now() - t0;
      }
    }
  } catch (e) {
    result.error = e instanceof Error ? e.message : String(e);
  }
  result.elapsedMs = performance.now() - started;
  document.removeEventListener(args.renderedEvent, onRendered, true);
  result.framesByViewport = [...frames.entries()];
  return result;
}

export interface BesideArgs {
  priorStudy: string;
  timeoutMs: number;
}

export interface BesideOutcome {
  /** viewer.openBeside issued (ms from navigation start), once both studies are listed... */
  openedMs?: number;
  /** ...and the prior on screen in the second viewport. */
  priorShownMs?: number;
  /** Image counts of the series listed when the wait ended. */
  imageCounts: number[];
  error?: string;
}

interface SeriesLister {
  ready: Promise<unknown>;
  series(): { studyInstanceUID: string; imageCount: number }[];
  commands: { run(name: string, args?: Record<string, unknown>): Promise<unknown> };
}

/** Opens the prior beside the current study as soon as both are listed and an image is shown. */
export async function openPriorBeside(args: BesideArgs): Promise<BesideOutcome> {
  const emh = (window as unknown as { emh: SeriesLister }).emh;
  const started = performance.now();
  const wait = async (ok: () => Promise<boolean> | boolean, what: string): Promise<void> => {
    while (!(await ok())) {
      if (performance.now() - started > args.timeoutMs) throw new Error(`${what} not reached in ${args.timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  try {
    await emh.ready;
    await wait(() => emh.series().length >= 2 && emh.series().some((s) => s.studyInstanceUID === args.priorStudy), 'both studies');
    await wait(async () => (await emh.commands.run('viewport.image', { viewport: 0 })) !== null, 'first image');
    const openedMs = performance.now();
    // Not awaited: the command resolves once it has registered the two studies, which needs
    // every file of both; the load goes on meanwhile and the suite waits for it separately.
    let refused: string | undefined;
    emh.commands.run('viewer.openBeside', { studyInstanceUID: args.priorStudy }).catch((e: unknown) => {
      refused = e instanceof Error ? e.message : String(e);
    });
    await wait(async () => {
      if (refused !== undefined) throw new Error(`viewer.openBeside refused: ${refused}`);
      const right = (await emh.commands.run('viewport.image', { viewport: 1 })) as { studyInstanceUID?: string } | null;
      return right?.studyInstanceUID === args.priorStudy;
    }, 'prior beside');
    return { openedMs, priorShownMs: performance.now(), imageCounts: emh.series().map((s) => s.imageCount) };
  } catch (e) {
    return { imageCounts: [], error: e instanceof Error ? e.message : String(e) };
  }
}

export function seriesImageCounts(): number[] {
  const emh = (window as unknown as { emh?: SeriesLister }).emh;
  return emh ? emh.series().map((s) => s.imageCount) : [];
}
