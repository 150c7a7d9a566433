/**
 * The iron bench page (bundled by ../bundle.ts, run in a fresh Chromium): the ROI fit and the
 * R2* map as the viewer runs them, through the product's worker client and worker code.
 *
 * - ROI: ellipseMean over the 12 echo images of a 500-pixel circle in the liver, then
 *   R2starWorkerClient.fit (postMessage, fitR2star in the worker, the answer back); and, alone,
 *   fitR2star on the 12 means and the 12 ellipseMeans.
 * - Map: R2starWorkerClient.map on copies of the 12 echoes (transferred as the viewer does)
 *   while a PerformanceObserver('longtask') watches the main thread; the baseline is the same
 *   computeR2starMap on the main thread, in the same page and the same runs.
 */
import { ellipseMean, type PixelImage } from '../../../../extensions/emh/iron/rules/ellipseMean';
import { fitR2star } from '../../../../extensions/emh/iron/rules/r2starFit';
import { computeR2starMap, pixelDecays } from '../../../../extensions/emh/iron/rules/r2starMap';
import { R2starWorkerClient } from '../../../../extensions/emh/iron/r2starWorkerClient';
import {
  ECHO_TIMES_MS,
  PAGE_GLOBAL,
  SIZE,
  type DecayExport,
  type IronBenchApi,
  type MapRun,
  type MapSample,
  type RoiSample,
} from '../shared';
import { phantomEchoes, REGIONS } from './phantom';

/** A circle of exactly 500 pixel centres in the liver (radius 12.65 about a pixel corner). */
const ROI = { center: [80.5, 130.5] as const, radii: [12.65, 12.65] as const };
/** Worker round trips timed together: the page clock is coarsened to 0.1 ms. */
const ROUND_TRIPS = 10;

let echoes: Float32Array[] = [];
let images: PixelImage[] = [];
let client: R2starWorkerClient | null = null;
let sink = 0;

function base64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function means(): number[] {
  return images.map((image) => ellipseMean(image, ROI)!.mean);
}

async function roi(runs: number, batch: number): Promise<RoiSample> {
  if (!client) throw new Error('setup() first');
  const throughWorkerMs: number[] = [];
  const pureFitMs: number[] = [];
  const meansMs: number[] = [];
  const signal = means();
  const echoSignals = ECHO_TIMES_MS.map((te, i) => ({ echoTimeMs: te, signal: signal[i]! }));
  // Warm-up: the worker starts, the JIT compiles.
  for (let i = 0; i < 10; i++) await client.fit(echoSignals, {});
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    for (let trip = 0; trip < ROUND_TRIPS; trip++) {
      const m = means();
      const fit = await client.fit(
        ECHO_TIMES_MS.map((te, i) => ({ echoTimeMs: te, signal: m[i]! })),
        {},
      );
      sink += fit?.r2starHz ?? 0;
    }
    throughWorkerMs.push((performance.now() - start) / ROUND_TRIPS);
  }
  for (let run = 0; run < runs / 10; run++) {
    let start = performance.now();
    for (let i = 0; i < batch; i++) sink += fitR2star(echoSignals)?.r2starHz ?? 0;
    pureFitMs.push((performance.now() - start) / batch);
    start = performance.now();
    for (let i = 0; i < batch; i++) sink += means()[0]!;
    meansMs.push((performance.now() - start) / batch);
  }
  const fit = fitR2star(echoSignals);
  if (!fit) throw new Error('the ROI did not fit');
  return {
    throughWorkerMs,
    pureFitMs,
    meansMs,
    batch,
    roundTrips: ROUND_TRIPS,
    pixels: ellipseMean(images[0]!, ROI)!.pixels,
    meanSignal: signal,
    r2starHz: fit.r2starHz,
    echoesUsed: fit.echoesUsed,
    truthHz: REGIONS.find((r) => r.name === 'liver')!.r2starHz,
  };
}

/** Runs `work` while watching the main thread for long tasks. */
async function watched(work: () => Promise<number>): Promise<MapRun> {
  const tasks: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) tasks.push(entry.duration);
  });
  // Out of the task that called us first: a long task that began before must not count here.
  await pause(100);
  observer.observe({ type: 'longtask' });
  await pause(20);
  const start = performance.now();
  const workerMs = await work();
  const totalMs = performance.now() - start;
  // Long task entries arrive after the task; give them a moment, then collect the rest.
  await pause(100);
  for (const entry of observer.takeRecords()) tasks.push(entry.duration);
  observer.disconnect();
  return { totalMs, workerMs, longestTaskMs: Math.max(0, ...tasks), longTasks: tasks.length };
}

async function map(runs: number): Promise<MapSample> {
  if (!client) throw new Error('setup() first');
  const stack = () => ({ columns: SIZE, rows: SIZE, echoTimesMs: ECHO_TIMES_MS, echoes: echoes.map((e) => e.slice()) });
  const worker: MapRun[] = [];
  const mainThread: MapRun[] = [];
  await client.map(stack()); // warm-up
  let last = computeR2starMap(stack());
  for (let run = 0; run < runs; run++) {
    worker.push(await watched(async () => (await client!.map(stack())).ms));
    mainThread.push(
      await watched(() => {
        const start = performance.now();
        last = computeR2starMap(stack());
        return Promise.resolve(performance.now() - start);
      }),
    );
  }
  const regions = REGIONS.map((region) => {
    const values: number[] = [];
    for (let row = 0; row < SIZE; row++)
      for (let column = 0; column < SIZE; column++) {
        // Pixels 3 or more inside the region's edge (the 3 x 3 mean does not reach out of it).
        const inside =
          ((column - region.center[0]) / (region.radii[0] - 3)) ** 2 + ((row - region.center[1]) / (region.radii[1] - 3)) ** 2 <= 1;
        const covered = REGIONS.slice(REGIONS.indexOf(region) + 1).some(
          (r) => ((column - r.center[0]) / (r.radii[0] + 3)) ** 2 + ((row - r.center[1]) / (r.radii[1] + 3)) ** 2 <= 1,
        );
        if (inside && !covered) values.push(last.r2starHz[row * SIZE + column]!);
      }
    values.sort((a, b) => a - b);
    return { name: region.name, truthHz: region.r2starHz, medianHz: values[Math.floor(values.length / 2)] ?? Number.NaN };
  });
  return { worker, mainThread, fitted: last.fitted, masked: last.masked, noiseSigma: last.noiseSigma, regions };
}

function decays(): DecayExport {
  const stack = { columns: SIZE, rows: SIZE, echoTimesMs: ECHO_TIMES_MS, echoes };
  const prepared = pixelDecays(stack);
  const result = computeR2starMap(stack);
  return {
    decaysBase64: base64(new Uint8Array(prepared.decays.buffer)),
    mapBase64: base64(new Uint8Array(result.r2starHz.buffer)),
    noiseSigma: prepared.noiseSigma,
  };
}

const api: IronBenchApi = {
  setup(workerSource) {
    const start = performance.now();
    echoes = phantomEchoes();
    images = echoes.map((pixels) => ({ columns: SIZE, rows: SIZE, pixels, slope: 1, intercept: 0 }));
    const url = URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
    client = new R2starWorkerClient(() => new Worker(url));
    return { userAgent: navigator.userAgent, stackMs: performance.now() - start + sink * 0 };
  },
  roi,
  map,
  decays,
};

(window as unknown as Record<string, IronBenchApi>)[PAGE_GLOBAL] = api;
