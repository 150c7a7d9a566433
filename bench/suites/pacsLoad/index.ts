/**
 * Suite "pacsLoad" (bench/README.md, suite `pacsLoad`): the viewer on the 512 x 512 x 300 CT from
 * local files (the manifest path of viewerLoad) and from a real Orthanc on the loopback through the
 * bench server's /dicom-web proxy, in fresh browsers, the two alternating within each run. First
 * image, whole series and scroll rate are reported as PACS / local ratios of the medians.
 */
import { ensureCtSeries, SERIES } from '../../makeCtSeries';
import { waitForIdleCpu } from '../../runner/contention';
import { describeMachine, machineMarkdown } from '../../runner/machine';
import { fmt } from '../../runner/markdown';
import { evaluateInPage } from '../../runner/pageEval';
import { pagesToRun, type Suite, type SuiteContext } from '../types';
import { measureLoad, pageUrl, type LoadTarget } from '../viewerLoad/measure';
import { methodNotes } from './notes';
import { withBenchPacs, type BenchPacs } from './pacs';
import { FRAME_RESOURCE, readDicomwebPhases, type DicomwebPhases } from './pageSide';
import { phaseTable, problems, ratioTable, rawTable, type Source, type SourceRun } from './report';

const HEADING = '## PACS load: 512 x 512 x 300 CT from Orthanc on the loopback vs local files';

function target(source: Source, run: number, baseUrl: string, pacs: BenchPacs): LoadTarget<DicomwebPhases> {
  const failureName = `pacsLoad-${source}-run${run}`;
  if (source === 'local') return { page: 'viewer', url: pageUrl('viewer', baseUrl), failureName };
  return {
    page: 'viewer',
    url: `${baseUrl}/?dicomweb=/dicom-web&study=${encodeURIComponent(pacs.studyInstanceUID)}`,
    failureName,
    dicomResource: FRAME_RESOURCE,
    extra: (page) => evaluateInPage(page, readDicomwebPhases, null),
  };
}

async function measure(ctx: SuiteContext, pacs: BenchPacs): Promise<{ runs: SourceRun[]; pageErrors: Map<string, number> }> {
  const runs: SourceRun[] = [];
  const pageErrors = new Map<string, number>();
  for (let i = 1; i <= ctx.args.runs; i++) {
    for (const source of ['local', 'pacs'] as const) {
      if (ctx.args.idleWaitSeconds > 0) {
        const other = await waitForIdleCpu(ctx.args.idleWaitSeconds * 1000);
        if (other !== undefined && other >= 0.2) ctx.log(`  other processes still use ${other.toFixed(2)} cores; measuring anyway`);
      }
      const started = Date.now();
      const result = await measureLoad(target(source, i, ctx.server.baseUrl, pacs), i, ctx.server);
      for (const error of result.pageErrors) {
        const key = `${source}: ${error.slice(0, 300)}`;
        pageErrors.set(key, (pageErrors.get(key) ?? 0) + 1);
      }
      const { metrics } = result;
      runs.push({ source, run: i, metrics, ...(result.extra ? { phases: result.extra } : {}) });
      ctx.log(
        `  run ${i}/${ctx.args.runs} ${source.padEnd(5)} first ${fmt(metrics.firstImageMs)} ms, series ${fmt(metrics.seriesLoadedMs)} ms, ` +
          `${fmt(metrics.scrollFps, 1)} fps, ${metrics.dataRequests ?? 'n/a'} requests` +
          ` (${((Date.now() - started) / 1000).toFixed(0)} s)${metrics.error ? `  ERROR: ${metrics.error}` : ''}`,
      );
    }
  }
  return { runs, pageErrors };
}

async function run(ctx: SuiteContext): Promise<string> {
  if (!pagesToRun(ctx).includes('viewer')) {
    return `${HEADING}\n\nNot measured: the viewer is unavailable (${ctx.pages.viewer.note ?? `excluded by --only ${ctx.args.only ?? ''}`}).`;
  }
  const series = ensureCtSeries();
  ctx.log(`pacsLoad: series ${series.generated ? `generated in ${series.seconds.toFixed(1)} s` : 'reused'} (${series.dir})`);
  return withBenchPacs(series.dir, SERIES.slices, async (pacs) => {
    ctx.log(
      `pacsLoad: Orthanc ${pacs.orthancVersion} (DICOMweb plugin ${pacs.dicomWebPluginVersion}) on ${pacs.orthanc.url}, ` +
        `${pacs.instances} instances uploaded in ${(pacs.uploadMs / 1000).toFixed(1)} s`,
    );
    ctx.server.setDicomWebUpstream(pacs.orthanc.url);
    let measured: Awaited<ReturnType<typeof measure>>;
    try {
      measured = await measure(ctx, pacs);
    } finally {
      ctx.server.setDicomWebUpstream(undefined);
    }
    const { runs, pageErrors } = measured;
    const found = problems(runs, SERIES.slices).map((p) => `- ${p}`);
    const errorLines = [...pageErrors.entries()].slice(0, 20).map(([e, n]) => `- ${e}${n > 1 ? ` (x${n})` : ''}`);
    const warning = ctx.pages.viewer.note ? [`- viewer: ${ctx.pages.viewer.note}`, ''] : [];
    return [
      HEADING,
      '',
      machineMarkdown(describeMachine()),
      `- PACS: Orthanc ${pacs.orthancVersion} with the DICOMweb plugin ${pacs.dicomWebPluginVersion} (Debian packages), on 127.0.0.1, HTTP compression off`,
      '',
      `The viewer's production build opens the same ${SERIES.slices} slices (${SERIES.rows} x ${SERIES.columns}, uncompressed Explicit VR Little Endian) ` +
        `from local files (\`?manifest=\`, as in viewerLoad) and from Orthanc through the bench server's /dicom-web proxy ` +
        `(\`?dicomweb=/dicom-web&study=<StudyInstanceUID>\`), local then PACS within each of ${ctx.args.runs} runs, each in a fresh browser. ` +
        'Medians of the runs (a figure a run did not reach is left out). Ratios are PACS / local: above 1 the PACS takes longer; for frames/s, below 1 it scrolls slower.',
      '',
      ...warning,
      ratioTable(runs),
      '',
      '### Where the loads spend their time',
      '',
      phaseTable(runs),
      '',
      ...(found.length ? ['### Problems found by the bench', '', ...found, ''] : []),
      '### Raw runs',
      '',
      rawTable(runs),
      '',
      ...(errorLines.length ? ['### Errors logged by the pages', '', ...errorLines, ''] : []),
      methodNotes(pacs),
    ].join('\n');
  });
}

export const pacsLoadSuite: Suite = { name: 'pacsLoad', pages: ['viewer'], run };
