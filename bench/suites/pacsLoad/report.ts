/** Markdown for suite pacsLoad: PACS / local ratios of the medians, DICOMweb phases, raw runs, problems. */
import { fmt, mib, table } from '../../runner/markdown';
import { median } from '../../runner/stats';
import type { RunMetrics } from '../viewerLoad/metrics';
import type { DicomwebPhases } from './pageSide';

export type Source = 'local' | 'pacs';

export interface SourceRun {
  source: Source;
  run: number;
  metrics: RunMetrics;
  /** PACS runs only. */
  phases?: DicomwebPhases;
}

/** Requests a complete load makes: manifest + 300 files; QIDO series + metadata + 300 frame requests. */
export function expectedRequests(source: Source, slices: number): number {
  return source === 'local' ? slices + 1 : slices + 2;
}

interface Row {
  label: string;
  pick: (m: RunMetrics) => number | undefined;
  show: (v: number | undefined) => string;
}

const MS = (v: number | undefined): string => fmt(v, 0);

const MAIN_ROWS: readonly Row[] = [
  { label: 'First image (ms from navigation start)', pick: (m) => m.firstImageMs, show: MS },
  { label: '↳ verified: first non-blank render seen by bench (ms)', pick: (m) => m.firstPixelsMs, show: MS },
  { label: 'Whole series loaded (ms)', pick: (m) => m.seriesLoadedMs, show: MS },
  { label: 'Scroll through 300 slices (frames/s)', pick: (m) => m.scrollFps, show: (v) => fmt(v, 1) },
];

const INFO_ROWS: readonly Row[] = [
  { label: 'Scroll step p95 (ms)', pick: (m) => m.stepP95Ms, show: (v) => fmt(v, 1) },
  { label: 'First pixel request started (ms): local `.dcm` / PACS frame', pick: (m) => m.firstDicomRequestMs, show: MS },
  { label: 'Files / frames received before first image', pick: (m) => m.dicomFetchedBeforeFirstImage, show: MS },
  { label: 'Requests to /data or /dicom-web until series loaded', pick: (m) => m.dataRequests, show: MS },
  { label: 'Bytes served until series loaded (MiB)', pick: (m) => m.dataBytes, show: mib },
  { label: 'Heap after load: JS heap + ArrayBuffers (MiB)', pick: (m) => m.heapTotalBytes, show: mib },
  { label: 'Renderer process PSS (MiB)', pick: (m) => m.rendererPssBytes, show: mib },
];

function medianOf(runs: readonly SourceRun[], source: Source, pick: (m: RunMetrics) => number | undefined): number | undefined {
  return median(runs.filter((r) => r.source === source).map((r) => pick(r.metrics)));
}

/** PACS / local within each run (the two loads of a run are back to back), then their median. */
function pairedRatios(runs: readonly SourceRun[], pick: (m: RunMetrics) => number | undefined): number[] {
  const ratios: number[] = [];
  for (const pacs of runs.filter((r) => r.source === 'pacs')) {
    const local = runs.find((r) => r.source === 'local' && r.run === pacs.run);
    const p = pick(pacs.metrics);
    const l = local ? pick(local.metrics) : undefined;
    if (p !== undefined && l !== undefined && l !== 0) ratios.push(p / l);
  }
  return ratios;
}

function ratio(value: number | undefined, base: number | undefined): string {
  return value !== undefined && base !== undefined && base !== 0 ? `${(value / base).toFixed(2)}x` : 'n/a';
}

function rowsFor(runs: readonly SourceRun[], rows: readonly Row[], bold: boolean): string[][] {
  return rows.map((row) => {
    const local = medianOf(runs, 'local', row.pick);
    const pacs = medianOf(runs, 'pacs', row.pick);
    const paired = pairedRatios(runs, row.pick);
    const r = ratio(pacs, local);
    return [
      row.label,
      row.show(local),
      row.show(pacs),
      bold && r !== 'n/a' ? `**${r}**` : r,
      paired.length > 0 ? `${fmt(median(paired), 2)}x (${paired.map((v) => v.toFixed(2)).join(', ')})` : 'n/a',
    ];
  });
}

export function ratioTable(runs: readonly SourceRun[]): string {
  return table(
    ['Metric', 'Local files median', 'PACS median', 'PACS / local', 'Per-run PACS / local: median (runs)'],
    [...rowsFor(runs, MAIN_ROWS, true), ...rowsFor(runs, INFO_ROWS, false)],
  );
}

/** Where each load spends its time before the first image: medians, the PACS's DICOMweb steps next to the local path's. */
export function phaseTable(runs: readonly SourceRun[]): string {
  const at = (source: Source, pick: (r: SourceRun) => number | undefined): string =>
    MS(median(runs.filter((r) => r.source === source).map(pick)));
  const pacsOnly = (pick: (r: SourceRun) => number | undefined): [string, string] => ['', at('pacs', pick)];
  const both = (pick: (m: RunMetrics) => number | undefined): [string, string] => [
    at('local', (r) => pick(r.metrics)),
    at('pacs', (r) => pick(r.metrics)),
  ];
  const metadataBytes = median(runs.filter((r) => r.source === 'pacs').map((r) => r.phases?.metadataBytes));
  const rows: string[][] = [
    ['QIDO-RS series search sent', ...pacsOnly((r) => r.phases?.qidoStartMs)],
    ['QIDO-RS answer received', ...pacsOnly((r) => r.phases?.qidoEndMs)],
    [`WADO-RS series metadata received (${mib(metadataBytes)})`, ...pacsOnly((r) => r.phases?.metadataEndMs)],
    ['First pixel request sent (local: `.dcm` file, PACS: WADO-RS frame)', ...both((m) => m.firstDicomRequestMs)],
    ['First image', ...both((m) => m.firstImageMs)],
    ['Whole series loaded', ...both((m) => m.seriesLoadedMs)],
  ];
  return table(['Step (ms from navigation start, medians)', 'Local files', 'PACS'], rows);
}

export function rawTable(runs: readonly SourceRun[]): string {
  const rows = runs.map(({ source, run, metrics: m, phases }) => [
    String(run),
    source,
    m.build ?? 'n/a',
    fmt(m.firstImageMs, 0),
    fmt(m.firstPixelsMs, 0),
    fmt(m.seriesLoadedMs, 0),
    fmt(m.scrollFps, 1),
    m.scrollFrames === undefined ? 'n/a' : `${m.scrollFrames}/${m.scrollSteps ?? 0}`,
    fmt(m.stepP95Ms, 1),
    fmt(m.firstDicomRequestMs, 0),
    fmt(m.dicomFetchedBeforeFirstImage, 0),
    phases ? `${fmt(phases.qidoStartMs, 0)} / ${fmt(phases.metadataEndMs, 0)}` : '',
    m.dataRequests === undefined ? 'n/a' : `${m.dataRequests} / ${mib(m.dataBytes)}`,
    mib(m.heapTotalBytes),
    fmt(m.otherCpuCores, 2),
    m.error ?? '',
  ]);
  return table(
    [
      'Run',
      'Source',
      'Build',
      'First image ms',
      'Bench 1st pixels ms',
      'Series ms',
      'Frames/s',
      'Frames/steps',
      'Step p95 ms',
      '1st pixel req ms',
      'Received before 1st',
      'QIDO sent / metadata in (ms)',
      'Requests / bytes',
      'Heap+AB',
      'Other CPU (cores)',
      'Error',
    ],
    rows,
  );
}

/** What the bench saw that makes a figure doubtful, one line each. */
export function problems(runs: readonly SourceRun[], slices: number): string[] {
  const out: string[] = [];
  const builds = new Set(runs.map((r) => r.metrics.build));
  if (builds.size > 1)
    out.push(
      `the viewer build changed during the bench (${[...builds].join(', ')}): medians mix builds; rerun when nobody is rebuilding dist/.`,
    );
  for (const source of ['local', 'pacs'] as const) {
    const all = runs.filter((r) => r.source === source);
    const ok = all.filter((r) => r.metrics.error === undefined).map((r) => r.metrics);
    if (all.length > ok.length) out.push(`${source}: ${all.length - ok.length}/${all.length} runs failed (see Error).`);
    const early = ok.filter((m) => m.firstImageMs !== undefined && m.firstPixelsMs !== undefined && m.firstPixelsMs - m.firstImageMs > 17);
    if (early.length > 0)
      out.push(`${source}: viewer:first-image was marked before any image was on screen in ${early.length}/${ok.length} runs.`);
    if (ok.some((m) => m.firstImageMs !== undefined && m.firstPixelsMs === undefined)) {
      out.push(`${source}: the bench saw no non-blank render; the first-image mark is unverified.`);
    }
    const skipped = ok.filter((m) => (m.scrollFrames ?? 0) < (m.scrollSteps ?? 0));
    if (skipped.length > 0) out.push(`${source}: fewer IMAGE_RENDERED than scroll steps in ${skipped.length} runs.`);
    const late = ok.filter((m) => (m.dataRequestsAfterLoaded ?? 0) > 0);
    if (late.length > 0) {
      out.push(
        `${source}: DICOM requests after viewer:series-loaded in ${late.length} runs (${late.map((m) => m.dataRequestsAfterLoaded).join(', ')}): the series was not fully loaded when marked.`,
      );
    }
    const expected = expectedRequests(source, slices);
    const extra = ok.filter((m) => (m.dataRequests ?? 0) > expected);
    if (extra.length > 0)
      out.push(
        `${source}: more than ${expected} requests until series loaded in ${extra.length} runs (${extra.map((m) => m.dataRequests).join(', ')}): something was fetched twice.`,
      );
  }
  const busy = runs.filter((r) => (r.metrics.otherCpuCores ?? 0) > 0.25);
  if (busy.length > 0) {
    out.push(
      `other processes used more than a quarter of a core during ${busy.length}/${runs.length} loads (see "Other CPU"): those timings are pessimistic; rerun on an idle machine.`,
    );
  }
  return out;
}
