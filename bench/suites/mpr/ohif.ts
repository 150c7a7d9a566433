/**
 * OHIF 3.x's MPR on the bench CT, when a prebuilt OHIF is on this machine: `npm pack
 * @ohif/app@3.13.2` unpacked so that `<OHIF_DIST>/index.html` exists (default
 * ~/.cache/ohif/pkg/package/dist; never in git). Orthanc (scripts/orthanc.mjs) gets the CT;
 * one local server gives OHIF's files, an app-config.js whose only data source is
 * /dicom-web on the same origin, and /dicom-web proxied to Orthanc. Each run opens
 * `/viewer?StudyInstanceUIDs=<uid>&hangingprotocolId=mpr` in a fresh Chromium (same flags as
 * the other runs) and times navigation start to the moment all three of its viewport
 * canvases show non-black pixels.
 */
import express from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';
import { existsSync } from 'node:fs';
import { ensureOhif } from '../../../scripts/ohif/ensure-ohif.mjs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { homedir } from 'node:os';
import path from 'node:path';
import { appConfig } from '../../../ohif/server/ohifServer';
import { launchFresh } from '../../runner/browser';
import { ContentionMeter } from '../../runner/contention';
import { evaluateInPage } from '../../runner/pageEval';
import { BENCH_DIR } from '../../runner/paths';
import { withBenchPacs } from '../pacsLoad/pacs';
import { SERIES } from '../../makeCtSeries';
import type { MprRun } from './measure';

export const OHIF_VERSION = '3.13.2';
export const OHIF_DIST = process.env.OHIF_DIST ?? path.join(homedir(), '.cache', 'ohif', 'pkg', 'package', 'dist');

/** The prebuilt OHIF, fetched with `npm pack` into the cache the tests use when it is not there yet. */
export function ohifAvailable(): { ok: true } | { ok: false; why: string } {
  if (existsSync(path.join(OHIF_DIST, 'index.html'))) return { ok: true };
  const fetched = ensureOhif();
  return fetched.ok ? { ok: true } : { ok: false, why: `no prebuilt OHIF at ${OHIF_DIST}: ${fetched.why}` };
}
const TIMEOUT_MS = 120_000;

export interface OhifRun {
  /** ms from navigation start until the three viewports' canvases all had non-black pixels. */
  threeViewsMs?: number;
  /** ms from navigation start to the first viewport canvas with non-black pixels. */
  firstViewMs?: number;
  /** ms from navigation start to the last frame's response. */
  allFetchedMs?: number;
  /** ms from navigation start to the last change of the sagittal picture after that. */
  settledMs?: number;
  fetched?: number;
  viewports: number;
  otherCpuCores?: number;
  error?: string;
}

export interface OhifResult {
  /** Our viewer's MPR from the same Orthanc in the same runs, when the suite asked for it. */
  ours: MprRun[];
  available: boolean;
  why?: string;
  runs: OhifRun[];
  orthancVersion?: string;
}

export async function serveOhif(port: number, orthancUrl: string): Promise<Server> {
  const app = express();
  // OHIF as published (no plugin), with the decode workers the bench has always given it.
  app.get('/app-config.js', (_req, res) => res.type('application/javascript').send(appConfig(null, 3)));
  app.use('/dicom-web', createProxyMiddleware({ target: `${orthancUrl}/dicom-web`, changeOrigin: false }));
  app.use(
    express.static(OHIF_DIST, {
      setHeaders: (res, file) => {
        if (file.endsWith('.wasm')) res.setHeader('Content-Type', 'application/wasm');
      },
    }),
  );
  // OHIF routes (/viewer, ...) are the single-page app's.
  app.use((_req, res) => res.sendFile(path.join(OHIF_DIST, 'index.html')));
  return new Promise((resolve, reject) => {
    const server = app.listen(port, '127.0.0.1', () => resolve(server));
    server.on('error', reject);
  });
}

interface CanvasWatch {
  first?: number;
  three?: number;
  /** responseEnd of the last of `frames` pixel-data requests (WADO-RS .../frames/1). */
  allFetched?: number;
  /** Last change of the second viewport's picture once every frame had arrived. */
  settled?: number;
  fetched: number;
  viewports: number;
  error?: string;
}

/**
 * In the page: polls OHIF's viewport canvases each animation frame, records when 1 and 3 of
 * them show non-black pixels, then waits for every frame to be fetched and for the second
 * view's picture to stop changing (1 s unchanged): when the streamed volume is complete on screen.
 */
async function watchCanvases(args: { timeoutMs: number; frames: number }): Promise<CanvasWatch> {
  const probe = document.createElement('canvas');
  probe.width = 64;
  probe.height = 64;
  const ctx = probe.getContext('2d', { willReadFrequently: true });
  const look = (canvas: HTMLCanvasElement): { bright: number; sum: number } => {
    // A downscaled copy into a 2D canvas: works for WebGL and 2D canvases alike.
    if (!ctx || canvas.width === 0 || canvas.height === 0) return { bright: 0, sum: 0 };
    ctx.clearRect(0, 0, 64, 64);
    ctx.drawImage(canvas, 0, 0, 64, 64);
    const data = ctx.getImageData(0, 0, 64, 64).data;
    let bright = 0;
    let sum = 0;
    for (let i = 0; i < data.length; i += 4) {
      const v = data[i] + data[i + 1] + data[i + 2];
      sum += v;
      if (v > 60) bright += 1;
    }
    return { bright, sum };
  };
  const fetchedFrames = (): PerformanceResourceTiming[] =>
    performance
      .getEntriesByType('resource')
      .filter((e): e is PerformanceResourceTiming => /\/frames\/\d/.test(e.name)) as PerformanceResourceTiming[];
  const until = performance.now() + args.timeoutMs;
  const out: CanvasWatch = { fetched: 0, viewports: 0 };
  let lastSum = -1;
  let lastChange = 0;
  for (;;) {
    const canvases = [...document.querySelectorAll<HTMLCanvasElement>('.viewport-element canvas, [data-viewport-uid] canvas')];
    out.viewports = canvases.length;
    const looks = canvases.map(look);
    const shown = looks.filter((l) => l.bright > 40).length;
    const now = performance.now();
    if (shown >= 1 && out.first === undefined) out.first = now;
    if (shown >= 3 && out.three === undefined) out.three = now;
    if (out.three !== undefined) {
      const frames = fetchedFrames();
      out.fetched = frames.length;
      if (frames.length >= args.frames && out.allFetched === undefined) out.allFetched = Math.max(...frames.map((f) => f.responseEnd));
      const sum = looks[1]?.sum ?? 0;
      if (sum !== lastSum) {
        lastSum = sum;
        lastChange = now;
      }
      if (out.allFetched !== undefined && now - lastChange > 1000 && now - out.allFetched > 1000) {
        out.settled = lastChange;
        return out;
      }
    }
    if (now > until) {
      out.error = `after ${args.timeoutMs} ms: ${shown} of ${canvases.length} viewport canvases drawn, ${out.fetched} of ${args.frames} frames fetched`;
      return out;
    }
    await new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));
  }
}

/** `port` 0: a free one. */
export async function measureOhif(
  runs: number,
  port: number,
  log: (line: string) => void,
  ours?: (studyInstanceUID: string, orthancUrl: string, run: number) => Promise<MprRun>,
): Promise<OhifResult> {
  const ohif = ohifAvailable();
  if (!ohif.ok) return { available: false, why: ohif.why, runs: [], ours: [] };
  const seriesDir = path.join(BENCH_DIR, 'data', 'ct512');
  return withBenchPacs(seriesDir, SERIES.slices, async (pacs) => {
    const server = await serveOhif(port, pacs.orthanc.url);
    const { port: appPort } = server.address() as AddressInfo;
    const out: OhifResult = { available: true, runs: [], ours: [], orthancVersion: pacs.orthancVersion };
    try {
      for (let i = 1; i <= runs; i++) {
        const run: OhifRun = { viewports: 0 };
        const contention = new ContentionMeter();
        const fresh = await launchFresh();
        // 300 frame requests and OHIF's own: more than the default 250 resource entries.
        await fresh.page.addInitScript('performance.setResourceTimingBufferSize(5000)');
        try {
          await new Promise((resolve) => setTimeout(resolve, 1000));
          contention.begin();
          await fresh.page.goto(`http://127.0.0.1:${appPort}/viewer?StudyInstanceUIDs=${pacs.studyInstanceUID}&hangingprotocolId=mpr`, {
            waitUntil: 'domcontentloaded',
          });
          const seen = await evaluateInPage(fresh.page, watchCanvases, { timeoutMs: TIMEOUT_MS, frames: SERIES.slices });
          Object.assign(run, {
            firstViewMs: seen.first,
            threeViewsMs: seen.three,
            allFetchedMs: seen.allFetched,
            settledMs: seen.settled,
            fetched: seen.fetched,
            viewports: seen.viewports,
            error: seen.error,
          });
          await fresh.page.screenshot({ path: path.join(BENCH_DIR, 'dist', `ohif-mpr-run${i}.png`) });
        } catch (e) {
          run.error = e instanceof Error ? e.message.split('\n')[0] : String(e);
        } finally {
          run.otherCpuCores = contention.end();
          await fresh.close();
        }
        log(
          `  OHIF run ${i}/${runs}: three views ${run.threeViewsMs?.toFixed(0) ?? 'n/a'} ms, all frames ${run.allFetchedMs?.toFixed(0) ?? 'n/a'} ms, settled ${run.settledMs?.toFixed(0) ?? 'n/a'} ms${run.error ? `  ERROR: ${run.error}` : ''}`,
        );
        out.runs.push(run);
        if (ours) {
          const mine = await ours(pacs.studyInstanceUID, pacs.orthanc.url, i);
          log(
            `  our MPR from the same Orthanc, run ${i}/${runs}: three views ${mine.opened?.drawnAtMs?.toFixed(0) ?? 'n/a'} ms from navigation${mine.error ? `  ERROR: ${mine.error}` : ''}`,
          );
          out.ours.push(mine);
        }
      }
    } finally {
      await new Promise((resolve) => server.close(() => resolve(undefined)));
    }
    return out;
  });
}
