/**
 * Suite "viewerLoad": first image, whole-series load, scroll rate and memory on the
 * 512 x 512 x 300 CT, viewer vs the plain Cornerstone3D baseline, alternating pages
 * run by run so drift on the machine hits both equally.
 */
import { ensureCtSeries, RAW_PIXEL_BYTES, SERIES } from '../../makeCtSeries';
import { waitForIdleCpu } from '../../runner/contention';
import { fmt } from '../../runner/markdown';
import { pagesToRun, type Suite, type SuiteContext } from '../types';
import { measureRun } from './measure';
import type { RunMetrics } from './metrics';
import { consistencyProblems, rawTable, summaryTable } from './report';
import { METHOD_NOTES } from './notes';

async function run(ctx: SuiteContext): Promise<string> {
  const series = ensureCtSeries();
  ctx.log(`viewerLoad: series ${series.generated ? `generated in ${series.seconds.toFixed(1)} s` : 'reused'} (${series.dir})`);
  const pages = pagesToRun(ctx);
  const runs: RunMetrics[] = [];
  const pageErrors = new Map<string, number>();
  for (let i = 1; i <= ctx.args.runs; i++) {
    for (const kind of pages) {
      if (ctx.args.idleWaitSeconds > 0) {
        const other = await waitForIdleCpu(ctx.args.idleWaitSeconds * 1000);
        if (other !== undefined && other >= 0.2) ctx.log(`  other processes still use ${other.toFixed(2)} cores; measuring anyway`);
      }
      const started = Date.now();
      const { metrics, pageErrors: errors } = await measureRun(kind, i, ctx.server);
      for (const error of errors) {
        const key = `${kind}: ${error.slice(0, 300)}`;
        pageErrors.set(key, (pageErrors.get(key) ?? 0) + 1);
      }
      runs.push(metrics);
      ctx.log(
        `  run ${i}/${ctx.args.runs} ${kind.padEnd(8)} first ${fmt(metrics.firstImageMs)} ms, series ${fmt(metrics.seriesLoadedMs)} ms, ` +
          `${fmt(metrics.scrollFps, 1)} fps, heap+AB ${fmt((metrics.heapTotalBytes ?? NaN) / RAW_PIXEL_BYTES, 2)}x raw` +
          ` (${((Date.now() - started) / 1000).toFixed(0)} s)${metrics.error ? `  ERROR: ${metrics.error}` : ''}`,
      );
    }
  }

  const skipped = (['baseline', 'viewer'] as const)
    .filter((p) => !pages.includes(p))
    .map((p) => `- ${p}: not measured (${ctx.pages[p].note ?? `excluded by --only ${ctx.args.only ?? ''}`})`);
  const warnings = (['baseline', 'viewer'] as const)
    .filter((p) => pages.includes(p) && ctx.pages[p].note)
    .map((p) => `- ${p}: ${ctx.pages[p].note ?? ''}`);
  const problems = consistencyProblems(runs).map((p) => `- ${p}`);
  const errorLines = [...pageErrors.entries()].slice(0, 20).map(([e, n]) => `- ${e}${n > 1 ? ` (x${n})` : ''}`);

  return [
    '## Viewer load: 512 x 512 x 300 CT',
    '',
    `Series: ${SERIES.slices} uncompressed Explicit VR Little Endian CT slices, ${SERIES.rows} x ${SERIES.columns}, 16 bits allocated; ` +
      `raw pixel bytes ${RAW_PIXEL_BYTES.toLocaleString('en-US')}. Medians of ${ctx.args.runs} runs per page ` +
      '(a figure a run did not reach is left out of its median; see Error). Ratios are viewer / baseline.',
    '',
    ...(skipped.length || warnings.length ? [...skipped, ...warnings, ''] : []),
    summaryTable(runs),
    '',
    ...(problems.length ? ['### Problems found by the bench', '', ...problems, ''] : []),
    '### Raw runs',
    '',
    rawTable(runs),
    '',
    ...(errorLines.length ? ['### Errors logged by the pages', '', ...errorLines, ''] : []),
    METHOD_NOTES,
  ].join('\n');
}

export const viewerLoadSuite: Suite = { name: 'viewerLoad', run };
