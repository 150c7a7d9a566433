/** Markdown for the viewer-load suite: target table of medians, raw runs, problems, method. */
import type { PageKind } from '../../runner/args';
import { fmt, mib, table } from '../../runner/markdown';
import { median } from '../../runner/stats';
import { RAW_PIXEL_BYTES } from '../../makeCtSeries';
import type { RunMetrics } from './metrics';

const HEAP_LIMIT_FACTOR = 1.3;

interface Row {
  label: string;
  target: string;
  pick: (m: RunMetrics) => number | undefined;
  show: (v: number | undefined) => string;
  /** Whether a median meets the target; `baseline` is the baseline median for relative targets. */
  meets?: (v: number, baseline: number | undefined) => boolean;
}

const ROWS: readonly Row[] = [
  {
    label: 'First image (ms from navigation start)',
    target: '<= 1000 ms and <= baseline',
    pick: (m) => m.firstImageMs,
    show: (v) => fmt(v, 0),
    meets: (v, b) => v <= 1000 && (b === undefined || v <= b),
  },
  {
    label: '↳ verified: first non-blank render seen by bench (ms)',
    target: '<= 1000 ms and <= baseline',
    pick: (m) => m.firstPixelsMs,
    show: (v) => fmt(v, 0),
    meets: (v, b) => v <= 1000 && (b === undefined || v <= b),
  },
  {
    label: 'Whole series loaded (ms)',
    target: '<= 3000 ms',
    pick: (m) => m.seriesLoadedMs,
    show: (v) => fmt(v, 0),
    meets: (v) => v <= 3000,
  },
  {
    label: 'Scroll through 300 slices (frames/s)',
    target: '>= 55',
    pick: (m) => m.scrollFps,
    show: (v) => fmt(v, 1),
    meets: (v) => v >= 55,
  },
  {
    label: 'Heap after load: JS heap + ArrayBuffers (MiB)',
    target: `<= ${HEAP_LIMIT_FACTOR} x raw pixels (${mib(RAW_PIXEL_BYTES * HEAP_LIMIT_FACTOR)})`,
    pick: (m) => m.heapTotalBytes,
    show: mib,
    meets: (v) => v <= RAW_PIXEL_BYTES * HEAP_LIMIT_FACTOR,
  },
  {
    label: '↳ same, as multiple of raw pixel bytes',
    target: `<= ${HEAP_LIMIT_FACTOR}`,
    pick: (m) => ratioToRaw(m.heapTotalBytes),
    show: (v) => fmt(v, 2),
  },
  { label: '↳ of which JS heap (V8 objects)', target: 'info', pick: (m) => m.jsHeapBytes, show: mib },
  { label: 'Renderer process PSS (MiB)', target: 'info', pick: (m) => m.rendererPssBytes, show: mib },
  { label: 'Scroll step p95 (ms)', target: 'info', pick: (m) => m.stepP95Ms, show: (v) => fmt(v, 1) },
  {
    label: 'First DICOM request started (ms)',
    target: 'info (bundle + bootstrap before pixels)',
    pick: (m) => m.firstDicomRequestMs,
    show: (v) => fmt(v, 0),
  },
  {
    label: 'DICOM files fetched before first image',
    target: 'info (load only what the first image needs)',
    pick: (m) => m.dicomFetchedBeforeFirstImage,
    show: (v) => fmt(v, 0),
  },
  { label: 'DICOM data served until series loaded (MiB)', target: 'info', pick: (m) => m.dataBytes, show: mib },
];

/** Inconsistencies between what a page claims and what the bench saw, one line each. */
export function consistencyProblems(runs: readonly RunMetrics[]): string[] {
  const problems: string[] = [];
  for (const page of ['baseline', 'viewer'] as const) {
    const ok = runs.filter((r) => r.page === page && r.error === undefined);
    const builds = new Set(runs.filter((r) => r.page === page).map((r) => r.build));
    if (builds.size > 1) {
      problems.push(
        `${page}: the build changed during the bench (${[...builds].join(', ')}): medians mix builds; rerun when nobody is rebuilding dist/.`,
      );
    }
    const early = ok.filter((r) => r.firstImageMs !== undefined && r.firstPixelsMs !== undefined && r.firstPixelsMs - r.firstImageMs > 17);
    if (early.length > 0) {
      const gaps = early.map((r) => `${((r.firstPixelsMs ?? 0) - (r.firstImageMs ?? 0)).toFixed(0)} ms`).join(', ');
      problems.push(
        `${page}: viewer:first-image was marked before any image was on screen in ${early.length}/${ok.length} runs (${gaps} before the first non-blank render): the mark fires on a render of an empty viewport.`,
      );
    }
    if (ok.some((r) => r.firstImageMs !== undefined && r.firstPixelsMs === undefined)) {
      problems.push(
        `${page}: the bench saw no non-blank render (WebGL canvas, or the image is uniform at the canvas centre); the first-image mark is unverified.`,
      );
    }
    const skipped = ok.filter((r) => (r.scrollFrames ?? 0) < (r.scrollSteps ?? 0));
    if (skipped.length > 0) problems.push(`${page}: fewer IMAGE_RENDERED than scroll steps in ${skipped.length} runs.`);
    const late = ok.filter((r) => (r.dataRequestsAfterLoaded ?? 0) > 0);
    if (late.length > 0) {
      problems.push(
        `${page}: DICOM requests after viewer:series-loaded in ${late.length} runs (${late.map((r) => r.dataRequestsAfterLoaded).join(', ')}): the series was not fully loaded when marked.`,
      );
    }
    const refetch = ok.filter((r) => (r.dataRequests ?? 0) > 301);
    if (refetch.length > 0)
      problems.push(
        `${page}: more than 301 /data requests (manifest + 300 files) in ${refetch.length} runs: files fetched more than once.`,
      );
  }
  const busy = runs.filter((r) => (r.otherCpuCores ?? 0) > 0.25);
  if (busy.length > 0) {
    problems.push(
      `other processes used more than a quarter of a core during ${busy.length}/${runs.length} runs (see "Other CPU"): those timings are pessimistic; rerun on an idle machine.`,
    );
  }
  return problems;
}

function ratioToRaw(bytes: number | undefined): number | undefined {
  return bytes === undefined ? undefined : bytes / RAW_PIXEL_BYTES;
}

function yesNo(row: Row, value: number | undefined, baseline: number | undefined): string {
  if (!row.meets) return '';
  if (value === undefined) return 'n/a';
  return row.meets(value, baseline) ? 'yes' : '**no**';
}

/** Figures a run did not reach are undefined and drop out; the rest of that run still counts. */
function medianOf(runs: readonly RunMetrics[], page: PageKind, row: Row): number | undefined {
  return median(runs.filter((r) => r.page === page).map(row.pick));
}

export function summaryTable(runs: readonly RunMetrics[]): string {
  const rows = ROWS.map((row) => {
    const base = medianOf(runs, 'baseline', row);
    const viewer = medianOf(runs, 'viewer', row);
    const ratio = base !== undefined && viewer !== undefined && base !== 0 ? `${(viewer / base).toFixed(2)}x` : 'n/a';
    return [row.label, row.target, row.show(base), row.show(viewer), ratio, yesNo(row, viewer, base), yesNo(row, base, undefined)];
  });
  return table(
    ['Metric', 'Target', 'Baseline median', 'Viewer median', 'Viewer / baseline', 'Viewer meets', 'Baseline meets (absolute)'],
    rows,
  );
}

export function rawTable(runs: readonly RunMetrics[]): string {
  const rows = runs.map((m) => [
    String(m.run),
    m.page,
    m.build ?? 'n/a',
    fmt(m.firstImageMs, 0),
    fmt(m.firstPixelsMs, 0),
    fmt(m.seriesLoadedMs, 0),
    fmt(m.scrollFps, 1),
    m.scrollFrames === undefined ? 'n/a' : `${m.scrollFrames}/${m.scrollSteps ?? 0}`,
    fmt(m.stepP95Ms, 1),
    mib(m.jsHeapBytes),
    mib(m.arrayBufferBytes),
    fmt(ratioToRaw(m.heapTotalBytes), 2),
    mib(m.rendererPssBytes),
    fmt(m.firstDicomRequestMs, 0),
    fmt(m.dicomFetchedBeforeFirstImage, 0),
    m.dataRequests === undefined ? 'n/a' : `${m.dataRequests} / ${mib(m.dataBytes)}`,
    m.canvas ?? 'n/a',
    fmt(m.otherCpuCores, 2),
    m.error ?? '',
  ]);
  return table(
    [
      'Run',
      'Page',
      'Build',
      'First image ms',
      'Bench 1st pixels ms',
      'Series ms',
      'Frames/s',
      'Frames/steps',
      'Step p95 ms',
      'JS heap',
      'ArrayBuffers',
      'Heap+AB / raw',
      'Renderer PSS',
      '1st DICOM req ms',
      'DICOM before 1st',
      '/data requests / bytes',
      'Canvas',
      'Other CPU (cores)',
      'Error',
    ],
    rows,
  );
}
