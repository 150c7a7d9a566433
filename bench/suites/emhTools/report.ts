/** Markdown for the emhTools suite: target tables, problems, raw runs. */
import type { PageKind } from '../../runner/args';
import { fmt, table } from '../../runner/markdown';
import { median, percentile } from '../../runner/stats';
import type { PanelRun, PlainAddMode, PlainAddRun, RoiRun } from './metrics';
import type { Breakdown } from './trace';

const STATS_TARGET_MS = 16;
const PANEL_TARGET_MS = 100;

const pooled = <T, V>(runs: readonly T[], pick: (r: T) => readonly V[]): V[] => runs.flatMap((r) => [...pick(r)]);
const med = (values: readonly number[]): number | undefined => median(values);
const p95 = (values: readonly number[]): number | undefined => percentile(values, 95);
const ratio = (viewer: number | undefined, plain: number | undefined): string =>
  viewer !== undefined && plain !== undefined && plain > 0 ? `${(viewer / plain).toFixed(2)}x` : 'n/a';
const meets = (value: number | undefined, limit: number): string => (value === undefined ? 'n/a' : value < limit ? 'yes' : '**no**');

/** "busy (script / style+layout / paint / other)" of the median window of each part. */
export function breakdownText(work: readonly Breakdown[]): string {
  if (work.length === 0) return 'n/a';
  const part = (pick: (b: Breakdown) => number): string => fmt(median(work.map(pick)), 1);
  const other = (b: Breakdown): number => Math.max(0, b.busyMs - b.scriptMs - b.styleLayoutMs - b.paintMs);
  return `${part((b) => b.busyMs)} (${part((b) => b.scriptMs)} / ${part((b) => b.styleLayoutMs)} / ${part((b) => b.paintMs)} / ${part(other)})`;
}

export function roiTable(runs: readonly RoiRun[]): string {
  const of = (page: PageKind): RoiRun[] => runs.filter((r) => r.page === page && r.lesionsInInventory === 0);
  const [plain, viewer, loaded] = [of('baseline'), of('viewer'), runs.filter((r) => r.lesionsInInventory > 0)];
  const loadedLabel = `Viewer, ${loaded[0]?.lesionsInInventory ?? 500} lesions in the inventory`;
  type Row = [label: string, target: string, pick: (rs: RoiRun[]) => number | undefined, digits: number, limit?: number];
  const rows: Row[] = [
    [
      'Statistics update: mousemove -> new statistics painted, median (ms)',
      `< ${STATS_TARGET_MS}`,
      (rs) => med(pooled(rs, (r) => r.stepLatencyMs)),
      1,
      STATS_TARGET_MS,
    ],
    ['↳ p95 (ms)', 'info', (rs) => p95(pooled(rs, (r) => r.stepLatencyMs)), 1],
    [
      'Main-thread CPU per update (traced), median (ms)',
      `info (< ${STATS_TARGET_MS} fits a frame)`,
      (rs) => med(pooled(rs, (r) => r.work.map((w) => w.busyMs))),
      1,
    ],
    ['↳ p95 (ms)', 'info', (rs) => p95(pooled(rs, (r) => r.work.map((w) => w.busyMs))), 1],
    ['Continuous drag: mousemove -> ellipse moved on screen, median (ms)', 'info', (rs) => med(pooled(rs, (r) => r.followMs)), 1],
    ['↳ p95 (ms)', 'info', (rs) => p95(pooled(rs, (r) => r.followMs)), 1],
    ['Continuous drag: moves/s the page took (60 offered), median of runs', 'info', (rs) => median(rs.map((r) => r.moveRateHz)), 1],
    [
      'Continuous drag: interval between statistics refreshes, median (ms)',
      'info (Cornerstone throttles to 100 ms)',
      (rs) => med(pooled(rs, (r) => r.refreshIntervalMs)),
      0,
    ],
    ['↳ p95 (ms)', 'info', (rs) => p95(pooled(rs, (r) => r.refreshIntervalMs)), 0],
    ['Mouse held still: last move -> its statistics painted, median of runs (ms)', 'info', (rs) => median(rs.map((r) => r.settleMs)), 0],
    ['Ellipse drawn: diameter (mm)', '50', (rs) => median(rs.map((r) => r.diameterMm)), 1],
  ];
  const body = rows.map(([label, target, pick, digits, limit]) => {
    const [a, b, c] = [pick(plain), pick(viewer), pick(loaded)];
    const judge = (v: number | undefined): string => (limit === undefined ? '' : meets(v, limit));
    return [label, target, fmt(a, digits), fmt(b, digits), ratio(b, a), judge(b), judge(a), fmt(c, digits), ratio(c, a)];
  });
  const count = (rs: RoiRun[], pick: (r: RoiRun) => boolean | undefined): string =>
    `${rs.filter((r) => pick(r) === true).length}/${rs.filter((r) => pick(r) !== undefined).length}`;
  const cpu = (rs: RoiRun[]): string => breakdownText(pooled(rs, (r) => r.work));
  body.push(
    [
      'Main-thread CPU per update: busy (script / style+layout / paint / other) ms',
      'info',
      cpu(plain),
      cpu(viewer),
      '',
      '',
      '',
      cpu(loaded),
      '',
    ],
    [
      "Mouse held still: final position's statistics on screen (runs)",
      'all',
      count(plain, (r) => r.finalCorrect),
      count(viewer, (r) => r.finalCorrect),
      '',
      '',
      '',
      count(loaded, (r) => r.finalCorrect),
      '',
    ],
    [
      '↳ right after mouse up (runs)',
      'all',
      count(plain, (r) => r.correctAfterMouseUp),
      count(viewer, (r) => r.correctAfterMouseUp),
      '',
      '',
      '',
      count(loaded, (r) => r.correctAfterMouseUp),
      '',
    ],
  );
  return table(
    [
      'Metric',
      'Target',
      'Plain EllipticalROITool',
      'Viewer EmhLiverRoi',
      'Viewer / plain',
      'Viewer meets',
      'Plain meets',
      loadedLabel,
      '/ plain',
    ],
    body,
  );
}

export function panelTable(run: PanelRun | undefined): string {
  if (!run) return 'Not measured.';
  const row = (label: string, target: string, values: readonly number[], limit?: number): string[] => [
    label,
    target,
    fmt(med(values), 0),
    fmt(p95(values), 0),
    String(values.length),
    limit === undefined ? '' : meets(med(values), limit),
  ];
  return table(
    ['Metric', 'Target', 'Median', 'p95', 'n', 'Meets'],
    [
      row(
        'Panel render after an edit: emh.updateLesion (notes) -> row shows it, painted (ms)',
        `< ${PANEL_TARGET_MS}`,
        run.editMs,
        PANEL_TARGET_MS,
      ),
      [
        '↳ main-thread CPU per edit (traced): busy (script / style+layout / paint / other) ms',
        'info',
        breakdownText(run.editWork),
        '',
        String(run.editWork.length),
        '',
      ],
      row('store.inventory() with 500 lesions, via emh.inventory (ms)', 'info', run.inventoryMs),
      row(
        '500th emh.addLesion -> panel shows 500 rows, painted (ms)',
        `info (< ${PANEL_TARGET_MS})`,
        run.lastAddPaintedMs === undefined ? [] : [run.lastAddPaintedMs],
      ),
      row('Sort by a column: click -> 500 rows reordered, painted (ms, traced)', `info (< ${PANEL_TARGET_MS})`, run.sortMs),
      [
        '↳ main-thread CPU per sort: busy (script / style+layout / paint / other) ms',
        'info',
        breakdownText(run.sortWork),
        '',
        String(run.sortWork.length),
        '',
      ],
    ],
  );
}

interface AddFigures {
  total?: number;
  perLesion?: number;
  first50?: number;
  last50?: number;
  p95?: number;
  painted?: number;
}

function addFigures(run: { addTotalMs?: number; addMs: number[]; lastAddPaintedMs?: number } | undefined): AddFigures {
  if (!run || run.addTotalMs === undefined) return {};
  return {
    total: run.addTotalMs,
    perLesion: run.addTotalMs / run.addMs.length,
    first50: median(run.addMs.slice(0, 50)),
    last50: median(run.addMs.slice(-50)),
    p95: p95(run.addMs),
    painted: run.lastAddPaintedMs,
  };
}

export function addsTable(panel: PanelRun | undefined, plain: readonly PlainAddRun[]): string {
  const byMode = (mode: PlainAddMode): AddFigures => addFigures(plain.find((r) => r.mode === mode));
  const [hydrate, scroll, viewer] = [byMode('hydrate'), byMode('scroll+hydrate'), addFigures(panel)];
  const rows: [string, keyof AddFigures, number][] = [
    ['500 adds, each awaited (ms)', 'total', 0],
    ['Per lesion, mean (ms)', 'perLesion', 2],
    ['Per add, median of adds 1-50 (ms)', 'first50', 2],
    ['Per add, median of adds 451-500 (ms)', 'last50', 2],
    ['Per add, p95 (ms)', 'p95', 2],
    ['Last add -> painted (ms)', 'painted', 1],
  ];
  return table(
    [
      'Metric',
      'Plain BidirectionalTool.hydrate',
      'Plain scroll to slice + hydrate',
      'Viewer emh.addLesion',
      'Viewer / hydrate',
      'Viewer / scroll+hydrate',
    ],
    rows.map(([label, key, digits]) => [
      label,
      fmt(hydrate[key], digits),
      fmt(scroll[key], digits),
      fmt(viewer[key], digits),
      ratio(viewer[key], hydrate[key]),
      ratio(viewer[key], scroll[key]),
    ]),
  );
}

export function rawRoiTable(runs: readonly RoiRun[]): string {
  return table(
    [
      'Run',
      'Page',
      'Lesions in inventory',
      'Build',
      'Update median / p95 ms',
      'Missed steps',
      'CPU/update median ms',
      'Follow median / p95 ms',
      'Moves/s',
      'Refresh median ms',
      'Final stats right (held / up)',
      'Settle ms',
      'Diameter mm',
      'Other CPU (cores)',
      'Error',
    ],
    runs.map((r) => [
      String(r.run),
      r.page,
      String(r.lesionsInInventory),
      r.build ?? 'n/a',
      `${fmt(med(r.stepLatencyMs), 1)} / ${fmt(p95(r.stepLatencyMs), 1)}`,
      String(r.stepsMissed),
      fmt(med(r.work.map((w) => w.busyMs)), 1),
      `${fmt(med(r.followMs), 1)} / ${fmt(p95(r.followMs), 1)}`,
      fmt(r.moveRateHz, 1),
      fmt(med(r.refreshIntervalMs), 0),
      `${r.finalCorrect === undefined ? 'n/a' : r.finalCorrect ? 'yes' : 'no'} / ${r.correctAfterMouseUp === undefined ? 'n/a' : r.correctAfterMouseUp ? 'yes' : 'no'}`,
      fmt(r.settleMs, 0),
      fmt(r.diameterMm, 1),
      fmt(r.otherCpuCores, 2),
      r.error ?? '',
    ]),
  );
}

export function rawLesionTable(panel: PanelRun | undefined, plain: readonly PlainAddRun[]): string {
  const rows = [
    ...(panel
      ? [['viewer emh.addLesion + panel', panel.build ?? 'n/a', fmt(panel.addTotalMs, 0), fmt(panel.otherCpuCores, 2), panel.error ?? '']]
      : []),
    ...plain.map((r) => [`baseline ${r.mode}`, r.build ?? 'n/a', fmt(r.addTotalMs, 0), fmt(r.otherCpuCores, 2), r.error ?? '']),
  ];
  return table(['Session', 'Build', '500 adds ms', 'Other CPU (cores)', 'Error'], rows);
}

/** Targets missed and inconsistencies, one line each; ROI problems first. */
export function problems(roi: readonly RoiRun[], panel: PanelRun | undefined, plain: readonly PlainAddRun[]): string[] {
  const lines: string[] = [];
  const viewerRoi = roi.filter((r) => r.page === 'viewer' && r.lesionsInInventory === 0);
  const latency = med(pooled(viewerRoi, (r) => r.stepLatencyMs));
  if (latency !== undefined && latency >= STATS_TARGET_MS) {
    lines.push(`ROI statistics: the viewer's median update takes ${latency.toFixed(1)} ms (target < ${STATS_TARGET_MS} ms).`);
  }
  const loaded = roi.filter((r) => r.lesionsInInventory > 0);
  const loadedLatency = med(pooled(loaded, (r) => r.stepLatencyMs));
  if (loadedLatency !== undefined && loadedLatency >= STATS_TARGET_MS) {
    const rate = median(loaded.map((r) => r.moveRateHz));
    lines.push(
      `ROI statistics with ${loaded[0]?.lesionsInInventory ?? 0} lesions in the inventory: ${loadedLatency.toFixed(0)} ms per update, ` +
        `${fmt(med(pooled(loaded, (r) => r.work.map((w) => w.busyMs))), 0)} ms of main-thread CPU per mouse move; the page takes ${fmt(rate, 1)} of 60 moves/s.`,
    );
  }
  for (const page of ['baseline', 'viewer'] as const) {
    const rs = roi.filter((r) => r.page === page);
    const missed = rs.reduce((a, r) => a + r.stepsMissed, 0);
    if (missed > 0) lines.push(`${page}: ${missed} step(s) showed no new statistics within 1 s.`);
    const stale = rs.filter((r) => r.finalCorrect === false).length;
    if (stale > 0)
      lines.push(
        `${page}: in ${stale}/${rs.length} runs the statistics on screen while the mouse was held still were not those of the ellipse's final position (Cornerstone's trailing throttled computation is not drawn until the next render).`,
      );
    const sessions = page === 'viewer' ? [...rs, ...(panel ? [panel] : [])] : [...rs, ...plain];
    const builds = new Set(sessions.map((r) => r.build));
    if (builds.size > 1)
      lines.push(
        `${page}: the build changed during the bench (${[...builds].join(', ')}): figures mix builds; rerun when nobody is rebuilding.`,
      );
  }
  if (panel) {
    const edit = med(panel.editMs);
    if (edit !== undefined && edit >= PANEL_TARGET_MS)
      lines.push(`Lesion panel: an edit with 500 lesions takes ${edit.toFixed(0)} ms to paint (target < ${PANEL_TARGET_MS} ms).`);
    const sort = med(panel.sortMs);
    if (sort !== undefined && sort >= PANEL_TARGET_MS) lines.push(`Lesion panel: sorting 500 rows takes ${sort.toFixed(0)} ms to paint.`);
    const [first, last] = [median(panel.addMs.slice(0, 50)), median(panel.addMs.slice(-50))];
    if (first !== undefined && last !== undefined && last > 2 * first) {
      lines.push(
        `emh.addLesion slows down as the inventory grows: median ${first.toFixed(1)} ms per add for the first 50, ${last.toFixed(1)} ms for the last 50 (the batch grows quadratically).`,
      );
    }
  }
  const all = [...roi, ...(panel ? [panel] : []), ...plain];
  const busy = all.filter((r) => (r.otherCpuCores ?? 0) > 0.25);
  if (busy.length > 0) {
    lines.push(
      `other processes used more than a quarter of a core during ${busy.length}/${all.length} sessions (see "Other CPU"): wall-clock figures are pessimistic there; the traced CPU figures are not affected as much.`,
    );
  }
  return lines;
}
