/**
 * Adding 500 lesions through the API and rendering the lesion panel with them (viewer, sample
 * case), then the ROI drag again with those 500 lesions in the inventory (the 512 CT is
 * loaded in the same session for that); and the plain counterpart of the adds:
 * BidirectionalTool.hydrate 500 times on the baseline ROI page showing the same CT series.
 */
import type { Page } from '@playwright/test';
import { evaluateInPage } from '../../runner/pageEval';
import type { BenchServer } from '../../runner/server';
import { addBatch, timeCommand, timeUiChange, type UiAction, type UiUntil } from './lesionsPage';
import { SERIES } from '../../makeCtSeries';
import type { PanelRun, PlainAddMode, PlainAddRun, RoiRun } from './metrics';
import { CT512_MANIFEST, dragInSession, LOADED_PLAN, newRoiRun } from './roiDrag';
import type { LesionArgs } from './sampleCase';
import { openSession, pageBuildId, runCommand, sleep, type Session } from './session';
import { enclosingTaskStarts, lastEventEnd, mainThreadEvents, traced, windowBreakdowns, type Breakdown, type TraceEvent } from './trace';

export const PANEL = {
  edits: 12,
  tracedEdits: 5,
  inventoryCalls: 10,
  /** Sort headers clicked in turn: site (asc, desc), then id (desc, asc: back to the start). */
  sortClicks: ['sort-site', 'sort-site', 'sort-id', 'sort-id'],
  /** Between measured changes: the label refresh frames of the last change are over. */
  idleMs: 150,
  timeoutMs: 10_000,
} as const;

const EDIT_MARK = 'emh-bench:edit';
const SORT_MARK = 'emh-bench:sort';

/** One window per performance mark `name` (set by timeUiChange at each action), up to the next. */
function breakdownsAtMarks(events: readonly TraceEvent[], name: string): Breakdown[] {
  const thread = mainThreadEvents(events, (e) => e.name === name);
  const [first] = thread;
  if (!first) return [];
  const marks = events.filter((e) => e.name === name && e.pid === first.pid && e.tid === first.tid).map((e) => e.ts);
  return windowBreakdowns(thread, enclosingTaskStarts(thread, marks), lastEventEnd(thread));
}

function message(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}

async function ui(page: Page, action: UiAction, until: UiUntil, mark?: string): Promise<{ ms: number; actionMs: number }> {
  const timing = await evaluateInPage(page, timeUiChange, { action, until, mark, timeoutMs: PANEL.timeoutMs });
  if (timing.error !== undefined || timing.ms === undefined) throw new Error(timing.error ?? 'no timing');
  return { ms: timing.ms, actionMs: timing.actionMs };
}

/** The first n - 1 adds as one awaited batch, the last one timed until it is painted. */
async function addAll(
  page: Page,
  command: string,
  items: Record<string, unknown>[],
  until: UiUntil,
): Promise<{ totalMs: number; addMs: number[]; lastPaintedMs: number; first: unknown }> {
  const batch = await evaluateInPage(page, addBatch, { command, items: items.slice(0, -1) });
  if (batch.error) throw new Error(batch.error);
  const last = await ui(page, { command, args: items[items.length - 1] }, until);
  return {
    totalMs: batch.totalMs + last.actionMs,
    addMs: [...batch.addMs, last.actionMs],
    lastPaintedMs: last.ms,
    first: batch.results[0],
  };
}

async function recordFailure(session: Session, run: { error?: string }, error: unknown): Promise<void> {
  run.error = message(error);
  const shot = await session.screenshot();
  if (shot) run.error += ` (screenshot: ${shot})`;
}

/** The sample case first (its CT is what the lesions are added to), the 512 CT for the ROI drag after. */
function panelUrl(baseUrl: string): string {
  const manifests = [`${baseUrl}/sample/manifest.json`, `${baseUrl}${CT512_MANIFEST}`];
  return `${baseUrl}/?${manifests.map((m) => `manifest=${encodeURIComponent(m)}`).join('&')}`;
}

async function panelInSession(session: Session, run: PanelRun, lesions: readonly LesionArgs[]): Promise<void> {
  const { page, fresh } = session;
  const items = lesions.map((l) => ({ ...l }));
  const added = await addAll(page, 'emh.addLesion', items, { count: lesions.length });
  run.addTotalMs = added.totalMs;
  run.addMs = added.addMs;
  run.lastAddPaintedMs = added.lastPaintedMs;
  if (typeof added.first !== 'string') throw new Error(`emh.addLesion returned ${JSON.stringify(added.first)}, not a lesion id`);
  const lesionId = added.first;
  // Notes are edited in the selected lesion's card (one line per row in the table).
  await page.evaluate((id) => window.emh.commands.run('emh.selectLesion', { lesionId: id }), lesionId);
  await sleep(PANEL.idleMs);

  const edit = (k: number): Promise<{ ms: number }> =>
    ui(
      page,
      { command: 'emh.updateLesion', args: { lesionId, notes: `bench note ${k}` } },
      { notes: { lesionId, text: `bench note ${k}` } },
      EDIT_MARK,
    );
  for (let k = 0; k < PANEL.edits; k++) {
    run.editMs.push((await edit(k)).ms);
    await sleep(PANEL.idleMs);
  }
  // Traced separately: tracing costs a little time and would inflate the latencies above.
  const { events } = await traced(fresh.browser, page, async () => {
    for (let k = 0; k < PANEL.tracedEdits; k++) {
      await edit(PANEL.edits + k);
      await sleep(PANEL.idleMs);
    }
  });
  run.editWork = breakdownsAtMarks(events, EDIT_MARK);

  run.inventoryMs = await evaluateInPage(page, timeCommand, { command: 'emh.inventory', args: {}, times: PANEL.inventoryCalls });
  // Traced: a sort takes long enough that tracing does not change the picture.
  const sorts = await traced(fresh.browser, page, async () => {
    for (const testId of PANEL.sortClicks) {
      run.sortMs.push((await ui(page, { click: testId }, { orderChanges: true }, SORT_MARK)).ms);
      await sleep(PANEL.idleMs);
    }
  });
  run.sortWork = breakdownsAtMarks(sorts.events, SORT_MARK);
}

/** Shows slice 1 of the 512 CT, loaded alongside the sample case. */
async function showCt512(page: Page): Promise<void> {
  const uid = await page.evaluate(`(window.emh.series().find((s) => s.imageCount === ${SERIES.slices}) || {}).seriesInstanceUID`);
  if (typeof uid !== 'string') throw new Error(`no ${SERIES.slices}-image series loaded next to the sample case`);
  await runCommand(page, 'viewer.show', { seriesInstanceUID: uid, instanceNumber: 1 });
}

export async function measurePanel(
  server: BenchServer,
  lesions: readonly LesionArgs[],
): Promise<{ run: PanelRun; loadedRoi: RoiRun; errors: string[] }> {
  const run: PanelRun = {
    run: 1,
    build: pageBuildId('viewer'),
    lesions: lesions.length,
    addMs: [],
    editMs: [],
    editWork: [],
    inventoryMs: [],
    sortMs: [],
    sortWork: [],
  };
  const loadedRoi = newRoiRun('viewer', 1, lesions.length);
  let session: Session;
  try {
    session = await openSession(panelUrl(server.baseUrl), 'panel-viewer');
  } catch (error) {
    run.error = message(error);
    loadedRoi.error = 'not measured: the panel session did not open';
    return { run, loadedRoi, errors: [] };
  }
  try {
    await panelInSession(session, run, lesions);
    await showCt512(session.page);
    await sleep(PANEL.idleMs);
    await dragInSession(session, 'viewer', loadedRoi, LOADED_PLAN);
  } catch (error) {
    await recordFailure(session, run, error);
    loadedRoi.error ??= 'not measured: the panel part failed';
  } finally {
    const other = await session.close();
    run.otherCpuCores = other;
    loadedRoi.otherCpuCores = other;
  }
  return { run, loadedRoi, errors: session.errors };
}

export async function measurePlainAdds(
  runIndex: number,
  mode: PlainAddMode,
  server: BenchServer,
  manifestPath: string,
  lesions: readonly LesionArgs[],
): Promise<{ run: PlainAddRun; errors: string[] }> {
  const run: PlainAddRun = { run: runIndex, mode, build: pageBuildId('baseline'), addMs: [] };
  const url = `${server.baseUrl}/baseline/roi/?manifest=${encodeURIComponent(`${server.baseUrl}${manifestPath}`)}`;
  let session: Session;
  try {
    session = await openSession(url, `adds-${mode === 'hydrate' ? 'hydrate' : 'scroll'}-run${runIndex}`);
  } catch (error) {
    run.error = message(error);
    return { run, errors: [] };
  }
  try {
    const items = lesions.map((l) => ({
      instanceNumber: l.instanceNumber,
      longAxis: l.longAxis,
      shortAxis: l.shortAxis,
      show: mode === 'scroll+hydrate',
    }));
    const added = await addAll(session.page, 'bench.addBidirectional', items, null);
    run.addTotalMs = added.totalMs;
    run.addMs = added.addMs;
    run.lastAddPaintedMs = added.lastPaintedMs;
  } catch (error) {
    await recordFailure(session, run, error);
  } finally {
    run.otherCpuCores = await session.close();
  }
  return { run, errors: session.errors };
}
