/**
 * Suite "iron": one ROI fit (500 pixels x 12 echoes, from the pixels to the fit) and a
 * 256 x 256 x 12 R2* map, in a fresh Chromium through the product's worker client and worker,
 * with the main thread watched for long tasks; then the same decays fitted by scipy's
 * curve_fit (Debian's python3-scipy), for speed and agreement. Needs neither the viewer build
 * nor the baseline pages (`pages: []`): esbuild bundles the page and the worker in-process.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchFresh } from '../../runner/browser';
import { ContentionMeter, waitForIdleCpu } from '../../runner/contention';
import { fmt } from '../../runner/markdown';
import { evaluateInPage } from '../../runner/pageEval';
import type { Suite, SuiteContext } from '../types';
import { bundleIronPage } from './bundle';
import { ironReport, type IronSession } from './report';
import { ensureScipy, runScipy } from './python';
import { ECHO_TIMES_MS, PAGE_GLOBAL, type DecayExport, type IronBenchApi, type MapSample, type RoiSample } from './shared';
import { isScipyAnswer } from './scipyAnswer';

/** ROI fits through the worker (each timed), and per batch of fits alone (the clock is coarse). */
const ROI_RUNS = 200;
const ROI_BATCH = 50;
/** scipy's ROI fit is timed this many times. */
const SCIPY_ROI_REPEATS = 200;

type Api = Record<string, IronBenchApi>;

async function measure(ctx: SuiteContext): Promise<Omit<IronSession, 'scipy' | 'scipyMissing'> & { decays: DecayExport }> {
  const bundle = await bundleIronPage();
  ctx.log(`  iron: page and worker bundled in ${bundle.ms.toFixed(0)} ms`);
  if (ctx.args.idleWaitSeconds > 0) {
    const other = await waitForIdleCpu(ctx.args.idleWaitSeconds * 1000);
    if (other !== undefined && other >= 0.2) ctx.log(`  other processes still use ${other.toFixed(2)} cores; measuring anyway`);
  }
  const fresh = await launchFresh();
  const pageErrors: string[] = [];
  fresh.page.on('pageerror', (error) => pageErrors.push(error.message));
  try {
    await fresh.page.setContent('<!doctype html><meta charset="utf-8"><title>EMH iron bench</title>');
    await fresh.page.addScriptTag({ content: bundle.page });
    const meter = new ContentionMeter();
    meter.begin();
    const setup = await evaluateInPage(fresh.page, ({ name, worker }) => (window as unknown as Api)[name]!.setup(worker), {
      name: PAGE_GLOBAL,
      worker: bundle.worker,
    });
    const roi: RoiSample = await evaluateInPage(fresh.page, ({ name, runs, batch }) => (window as unknown as Api)[name]!.roi(runs, batch), {
      name: PAGE_GLOBAL,
      runs: ROI_RUNS,
      batch: ROI_BATCH,
    });
    ctx.log(`  iron: ROI of ${roi.pixels} pixels, R2* ${fmt(roi.r2starHz, 1)} Hz`);
    const runs = ctx.args.runs;
    const map: MapSample = await evaluateInPage(fresh.page, ({ name, n }) => (window as unknown as Api)[name]!.map(n), {
      name: PAGE_GLOBAL,
      n: runs,
    });
    ctx.log(`  iron: map in the worker ${map.worker.map((r) => fmt(r.totalMs, 0)).join(', ')} ms`);
    const otherCores = meter.end();
    const decays: DecayExport = await evaluateInPage(fresh.page, ({ name }) => (window as unknown as Api)[name]!.decays(), {
      name: PAGE_GLOBAL,
    });
    return { userAgent: setup.userAgent, roi, map, otherCores, pageErrors, decays, runs };
  } finally {
    await fresh.close();
  }
}

async function run(ctx: SuiteContext): Promise<string> {
  const measured = await measure(ctx);
  const scipyMissing = ensureScipy(ctx.log);
  let scipy: IronSession['scipy'] = null;
  if (scipyMissing) ctx.log(`  iron: ${scipyMissing}`);
  else {
    const folder = mkdtempSync(path.join(tmpdir(), 'emh-iron-bench-'));
    try {
      writeFileSync(path.join(folder, 'decays.f32'), Buffer.from(measured.decays.decaysBase64, 'base64'));
      writeFileSync(path.join(folder, 'map.f32'), Buffer.from(measured.decays.mapBase64, 'base64'));
      writeFileSync(
        path.join(folder, 'meta.json'),
        JSON.stringify({
          echoTimesMs: ECHO_TIMES_MS,
          noiseSigma: measured.decays.noiseSigma,
          roiMeanSignal: measured.roi.meanSignal,
          roiR2starHz: measured.roi.r2starHz,
          roiRepeats: SCIPY_ROI_REPEATS,
        }),
      );
      ctx.log('  iron: scipy curve_fit on the same decays (single-threaded)...');
      const meter = new ContentionMeter();
      meter.begin();
      const answer = runScipy(folder);
      const otherCores = meter.end();
      if (!isScipyAnswer(answer)) throw new Error(`unexpected answer from the scipy script: ${JSON.stringify(answer).slice(0, 300)}`);
      scipy = { ...answer, otherCores };
      ctx.log(`  iron: scipy map ${fmt(answer.map.seconds, 1)} s, ROI ${fmt(answer.roi.medianMs, 2)} ms`);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }
  return ironReport({ ...measured, scipy, scipyMissing });
}

export const ironSuite: Suite = { name: 'iron', pages: [], run };
