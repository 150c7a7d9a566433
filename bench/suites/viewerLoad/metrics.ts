/** What one measured page load yields. Undefined fields mean the step failed (see `error`). */
import type { PageKind } from '../../runner/args';

export interface RunMetrics {
  page: PageKind;
  run: number;
  /** Hash of the page's index.html when the run started (runner/build.ts buildId). */
  build?: string;
  /** The page's own viewer:first-image mark. */
  firstImageMs?: number;
  /** First render with a non-uniform canvas centre, seen by the bench (firstPixels.ts). */
  firstPixelsMs?: number;
  /** Cores kept busy by processes other than the bench during the run (contention.ts). */
  otherCpuCores?: number;
  seriesLoadedMs?: number;
  /** main-thread V8 heap in use after a forced GC. */
  jsHeapBytes?: number;
  /** ArrayBuffer backing stores of the main thread (pixel data lives here), after GC. */
  arrayBufferBytes?: number;
  /** jsHeapBytes + arrayBufferBytes: the figure compared with the raw pixel bytes. */
  heapTotalBytes?: number;
  /** PSS of the largest renderer process (includes workers, canvases, code). */
  rendererPssBytes?: number;
  scrollFps?: number;
  scrollFrames?: number;
  scrollSteps?: number;
  stepP95Ms?: number;
  /** .dcm responses the page had finished receiving when it marked the first image. */
  dicomFetchedBeforeFirstImage?: number;
  /** Start of the first .dcm request, ms from navigation start (bundle + bootstrap cost). */
  firstDicomRequestMs?: number;
  dataRequests?: number;
  /** /data requests made after the series-loaded mark (through the scroll): should be 0. */
  dataRequestsAfterLoaded?: number;
  dataBytes?: number;
  canvas?: string;
  error?: string;
}
