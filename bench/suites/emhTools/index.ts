/**
 * Suite "emhTools": ROI statistics while dragging a 5 cm ellipse on the 512 x 512 CT (viewer
 * vs plain EllipticalROITool, --runs times, pages alternating), then once: 500 lesions added
 * through the API, the lesion panel rendering them and the ROI drag again with them in the
 * inventory (viewer), and the plain counterpart of the adds (BidirectionalTool.hydrate on
 * the baseline ROI page).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ensureCtSeries } from '../../makeCtSeries';
import type { PageKind } from '../../runner/args';
import { waitForIdleCpu } from '../../runner/contention';
import { fmt } from '../../runner/markdown';
import { BASELINE_DIST } from '../../runner/paths';
import { median } from '../../runner/stats';
import { pagesToRun, type Suite, type SuiteContext } from '../types';
import { measurePanel, measurePlainAdds } from './lesions';
import type { PanelRun, PlainAddMode, PlainAddRun, RoiRun } from './metrics';
import { METHOD_NOTES } from './notes';
import { addsTable, panelTable, problems, rawLesionTable, rawRoiTable, roiTable } from './report';
import { measureRoi } from './roiDrag';
import { ensureSampleCtManifest, sampleLesions } from './sampleCase';
import { errorMessage } from '../../../src/util/errorMessage';

/** After a wait that ended with the machine still busy, later waits are this short. */
const BUSY_MACHINE_WAIT_MS = 5_000;

/** Waits for an idle CPU before a session, without paying the full wait again on a machine that stays busy. */
function idleGate(ctx: SuiteContext): () => Promise<void> {
  let stayedBusy = false;
  return async () => {
    if (ctx.args.idleWaitSeconds <= 0) return;
    const limit = stayedBusy ? Math.min(BUSY_MACHINE_WAIT_MS, ctx.args.idleWaitSeconds * 1000) : ctx.args.idleWaitSeconds * 1000;
    const other = await waitForIdleCpu(limit);
    stayedBusy = other !== undefined && other >= 0.2;
    if (stayedBusy) ctx.log(`  other processes still use ${(other ?? 0).toFixed(2)} cores; measuring anyway`);
  };
}

function countErrors(into: Map<string, number>, label: string, errors: readonly string[]): void {
  for (const error of errors) {
    const key = `${label}: ${error.slice(0, 300)}`;
    into.set(key, (into.get(key) ?? 0) + 1);
  }
}

async function run(ctx: SuiteContext): Promise<string> {
  const series = ensureCtSeries();
  ctx.log(`emhTools: CT series ${series.generated ? 'generated' : 'reused'}`);
  const pages: PageKind[] = pagesToRun(ctx);
  const notes: string[] = [];
  if (pages.includes('baseline') && !existsSync(path.join(BASELINE_DIST, 'roi', 'index.html'))) {
    notes.push(
      'baseline: bench/dist/baseline/roi/index.html missing (the baseline build predates the ROI page); plain figures not measured',
    );
    pages.splice(pages.indexOf('baseline'), 1);
  }
  for (const page of ['baseline', 'viewer'] as const) {
    if (!pages.includes(page)) notes.push(`${page}: not measured (${ctx.pages[page].note ?? 'excluded'})`);
    else if (ctx.pages[page].note) notes.push(`${page}: ${ctx.pages[page].note ?? ''}`);
  }
  const idle = idleGate(ctx);
  const errors = new Map<string, number>();

  const roi: RoiRun[] = [];
  for (let i = 1; i <= ctx.args.runs; i++) {
    for (const kind of pages) {
      await idle();
      const started = Date.now();
      const result = await measureRoi(kind, i, ctx.server);
      countErrors(errors, `roi ${kind}`, result.errors);
      roi.push(result.run);
      const r = result.run;
      ctx.log(
        `  roi run ${i}/${ctx.args.runs} ${kind.padEnd(8)} update ${fmt(median(r.stepLatencyMs), 1)} ms, cpu ${fmt(median(r.work.map((w) => w.busyMs)), 1)} ms, ` +
          `follow ${fmt(median(r.followMs), 1)} ms (${((Date.now() - started) / 1000).toFixed(0)} s)${r.error ? `  ERROR: ${r.error}` : ''}`,
      );
    }
  }

  const lesions = sampleLesions();
  let panel: PanelRun | undefined;
  const plain: PlainAddRun[] = [];
  if (pages.includes('viewer')) {
    await idle();
    const started = Date.now();
    const result = await measurePanel(ctx.server, lesions);
    countErrors(errors, 'panel viewer', result.errors);
    panel = result.run;
    roi.push(result.loadedRoi);
    const loaded = result.loadedRoi;
    ctx.log(
      `  panel: 500 adds ${fmt(panel.addTotalMs, 0)} ms, edit ${fmt(median(panel.editMs), 0)} ms, sort ${fmt(median(panel.sortMs), 0)} ms; ` +
        `roi with 500 lesions: update ${fmt(median(loaded.stepLatencyMs), 0)} ms (${((Date.now() - started) / 1000).toFixed(0)} s)` +
        `${panel.error ? `  ERROR: ${panel.error}` : ''}${loaded.error ? `  ROI ERROR: ${loaded.error}` : ''}`,
    );
  }
  if (pages.includes('baseline')) {
    let manifest: string | undefined;
    try {
      manifest = ensureSampleCtManifest();
    } catch (error) {
      notes.push(`baseline adds: ${errorMessage(error)}`);
    }
    const modes: PlainAddMode[] = ['hydrate', 'scroll+hydrate'];
    for (const mode of manifest === undefined ? [] : modes) {
      await idle();
      const result = await measurePlainAdds(1, mode, ctx.server, manifest ?? '', lesions);
      countErrors(errors, `adds ${mode}`, result.errors);
      plain.push(result.run);
      ctx.log(`  plain ${mode}: 500 adds ${fmt(result.run.addTotalMs, 0)} ms${result.run.error ? `  ERROR: ${result.run.error}` : ''}`);
    }
  }

  const found = problems(roi, panel, plain).map((p) => `- ${p}`);
  const errorLines = [...errors.entries()].slice(0, 20).map(([e, n]) => `- ${e}${n > 1 ? ` (x${n})` : ''}`);
  return [
    '## EMH tools: ROI statistics, lesion panel, lesions added through the API',
    '',
    `ROI drag: ${ctx.args.runs} runs per page, pages alternating; medians and p95 over all steps of all runs. Lesions: one session per page (see Method). Ratios are viewer / plain.`,
    '',
    ...(notes.length ? [...notes.map((n) => `- ${n}`), ''] : []),
    '### ROI statistics while dragging a 5 cm ellipse (512 x 512 CT)',
    '',
    roiTable(roi),
    '',
    '### Lesion panel with 500 lesions (viewer; no plain counterpart)',
    '',
    panelTable(panel),
    '',
    '### Adding 500 lesions through the API',
    '',
    addsTable(panel, plain),
    '',
    ...(found.length ? ['### Problems found by the bench', '', ...found, ''] : []),
    '### Raw runs',
    '',
    rawRoiTable(roi),
    '',
    rawLesionTable(panel, plain),
    '',
    ...(errorLines.length ? ['### Errors logged by the pages', '', ...errorLines, ''] : []),
    METHOD_NOTES,
  ].join('\n');
}

export const emhToolsSuite: Suite = { name: 'emhTools', run };
