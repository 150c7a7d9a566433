/**
 * Suite "mpr": the viewer's three reformats of the 512 x 512 x 300 bench CT against its own
 * stack view of the same series in the same runs: time to all three views drawn (series
 * decoded, and streamed with ?prefetch=off) beside the stack's first image, frames/s in the
 * sagittal and coronal views while the crosshair centre is dragged in the axial view beside
 * the stack's scroll rate, what the volume costs in memory against the raw voxel bytes, and
 * region growing of a 100 mL lesion (emh.segmentLesion) beside the same regionGrow in Node.
 */
import { loadavg } from 'node:os';
import { ensureCtSeries } from '../../makeCtSeries';
import { waitForIdleCpu } from '../../runner/contention';
import { fmt } from '../../runner/markdown';
import { pagesToRun, type Suite, type SuiteContext } from '../types';
import { measureRun } from '../viewerLoad/measure';
import type { RunMetrics } from '../viewerLoad/metrics';
import { ensureLesionSeries, growInNode, readHuGrid, type NodeGrow } from './lesionSeries';
import { GROW_REPEATS, measureGrow, measureMpr, type GrowRun, type MprRun } from './measure';
import { measureOhif, type OhifResult } from './ohif';
import { HEADING, mprReport, type MprSuiteRun } from './report';

const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');

async function run(ctx: SuiteContext): Promise<string> {
  if (!pagesToRun(ctx).includes('viewer')) return `${HEADING}\n\nNot measured: the viewer is unavailable.`;
  const series = ensureCtSeries();
  const lesion = ensureLesionSeries();
  ctx.log(
    `mpr: CT ${series.generated ? 'generated' : 'reused'}, lesion series ${lesion.generated ? 'generated' : 'reused'} ` +
      `(lesion ${lesion.lesionVoxels} voxels)`,
  );
  const grid = readHuGrid(lesion);
  const runs: MprSuiteRun[] = [];
  const loadAtStart = load();
  const idle = async (): Promise<void> => {
    if (ctx.args.idleWaitSeconds > 0) await waitForIdleCpu(ctx.args.idleWaitSeconds * 1000);
  };
  for (let i = 1; i <= ctx.args.runs; i++) {
    const loadAvg = load();
    await idle();
    const stack: RunMetrics = (await measureRun('viewer', i, ctx.server)).metrics;
    await idle();
    const prefetched: MprRun = await measureMpr(ctx.server.baseUrl, true, i);
    await idle();
    const streamed: MprRun = await measureMpr(ctx.server.baseUrl, false, i);
    await idle();
    const grow: GrowRun = await measureGrow(ctx.server.baseUrl, lesion.seriesInstanceUID);
    const node: NodeGrow[] = Array.from({ length: GROW_REPEATS }, () => growInNode(grid));
    runs.push({ run: i, loadAvg, stack, prefetched, streamed, grow, node });
    const sag = prefetched.drag?.frames.find(([id]) => id === 'mpr-sagittal')?.[1];
    ctx.log(
      `  run ${i}/${ctx.args.runs} (load ${loadAvg}) stack first ${fmt(stack.firstImageMs)} ms, scroll ${fmt(stack.scrollFps, 1)} fps; ` +
        `MPR ${fmt(prefetched.opened?.layoutMs)} ms decoded, ${fmt(streamed.opened?.layoutMs)} ms streamed; ` +
        `drag ${fmt(sag)} sagittal frames in ${fmt(prefetched.drag?.dragMs)} ms; ` +
        `grow ${grow.ms.map((m) => fmt(m)).join('/')} ms (${grow.voxels.join('/')} voxels), node ${node.map((n) => fmt(n.ms)).join('/')} ms` +
        [stack.error, prefetched.error, streamed.error, grow.error]
          .filter(Boolean)
          .map((e) => `  ERROR: ${e ?? ''}`)
          .join(''),
    );
  }
  let ohif: OhifResult;
  try {
    ctx.log('mpr: OHIF');
    ohif = await measureOhif(ctx.args.runs, Number(process.env.OHIF_PORT ?? 0), ctx.log, async (study, orthancUrl, i) => {
      // Our viewer from the same Orthanc, streamed as OHIF streams: the like-for-like figure.
      ctx.server.setDicomWebUpstream(orthancUrl);
      try {
        await idle();
        return await measureMpr(
          ctx.server.baseUrl,
          false,
          i,
          `${ctx.server.baseUrl}/?dicomweb=/dicom-web&study=${encodeURIComponent(study)}`,
        );
      } finally {
        ctx.server.setDicomWebUpstream(undefined);
      }
    });
  } catch (e) {
    ohif = { available: false, why: e instanceof Error ? e.message.split('\n')[0] : String(e), runs: [], ours: [] };
  }
  return mprReport({ runs, ohif, lesionVoxels: lesion.lesionVoxels, loadAtStart, loadAtEnd: load(), runsAsked: ctx.args.runs });
}

export const mprSuite: Suite = { name: 'mpr', pages: ['viewer'], run };
