/**
 * What the iron bench page and the runner exchange: plain data, as JSON through
 * page.evaluate (the decays and the map as base64 of their float32 bytes).
 */

export const PAGE_GLOBAL = 'emhIronBench';

/** The synthetic slice: 256 x 256, 12 echoes 0.99-16.1 ms, Rician noise of SD 12. */
export const SIZE = 256;
export const ECHO_TIMES_MS = Array.from({ length: 12 }, (_, i) => Math.round((0.99 + (i * (16.1 - 0.99)) / 11) * 100) / 100);
export const NOISE_SIGMA = 12;

export interface RoiSample {
  /** ellipseMean over the 12 echoes, then the fit through the product's worker client: per ROI, timed `roundTrips` in a row. */
  readonly throughWorkerMs: number[];
  readonly roundTrips: number;
  /** fitR2star alone on the 12 means, per fit (timed in batches of `batch`: the clock is coarse). */
  readonly pureFitMs: number[];
  /** ellipseMean over the 12 echoes alone, per ROI (batches too). */
  readonly meansMs: number[];
  readonly batch: number;
  readonly pixels: number;
  readonly meanSignal: number[];
  readonly r2starHz: number;
  readonly echoesUsed: number;
  readonly truthHz: number;
}

export interface MapRun {
  /** From posting the echoes to the map back on the main thread. */
  readonly totalMs: number;
  /** The worker's own time on computeR2starMap. */
  readonly workerMs: number;
  /** Longest main-thread task (PerformanceObserver 'longtask', > 50 ms only; 0 = none) while it ran. */
  readonly longestTaskMs: number;
  readonly longTasks: number;
}

export interface MapSample {
  readonly worker: MapRun[];
  /** Baseline in the same page: the same computeR2starMap on the main thread. */
  readonly mainThread: MapRun[];
  readonly fitted: number;
  readonly masked: number;
  readonly noiseSigma: number | null;
  /** Median map R2* inside each region against its truth. */
  readonly regions: { name: string; truthHz: number; medianHz: number }[];
}

/** What the Python comparison reads (written by the runner to files). */
export interface DecayExport {
  /** float32, pixel after pixel, 12 echoes each (NaN: masked). */
  readonly decaysBase64: string;
  /** float32 R2* of the page's map (NaN: no value). */
  readonly mapBase64: string;
  readonly noiseSigma: number | null;
}

export interface IronBenchApi {
  /** `workerSource`: r2star.worker.ts bundled, started from a blob as webpack starts it from its own file. */
  setup(workerSource: string): { userAgent: string; stackMs: number };
  roi(runs: number, batch: number): Promise<RoiSample>;
  map(runs: number): Promise<MapSample>;
  decays(): DecayExport;
}
