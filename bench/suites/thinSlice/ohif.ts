/**
 * OHIF 3.13.2 as a peer on the thin CT from the same Orthanc as our viewer's PACS runs, when a
 * prebuilt OHIF is unpacked (suite mpr's OHIF_DIST, served by its serveOhif: OHIF's files, an
 * app-config.js whose only data source is /dicom-web, and /dicom-web proxied to Orthanc, one
 * origin). `/viewer?StudyInstanceUIDs=` in OHIF's default mode: first image is the first
 * viewport canvas with non-black pixels; "all frames" is the last WADO-RS frame response, since
 * OHIF exposes no mark for a decoded series. When OHIF stops asking for frames before it has all
 * 1,000, that is the result: it fetches what it shows and prefetches around it.
 */
import type { AddressInfo } from 'node:net';
import { launchFresh } from '../../runner/browser';
import { evaluateInPage } from '../../runner/pageEval';
import { OHIF_VERSION, ohifAvailable, serveOhif } from '../mpr/ohif';
import { RESOURCE_BUFFER_INIT_SCRIPT } from './pageSide';

const TIMEOUT_MS = 180_000;
/** No new frame for this long after the first image: OHIF has stopped fetching. */
const QUIET_MS = 10_000;

export interface OhifLoad {
  firstImageMs?: number;
  /** Last frame response end, and how many frames had been fetched then. */
  lastFrameMs?: number;
  frames: number;
  error?: string;
}

export interface OhifPeer {
  available: boolean;
  why?: string;
  version: string;
  runs: OhifLoad[];
}

interface Watch {
  first?: number;
  last?: number;
  frames: number;
  error?: string;
}

/** In the page: first non-black viewport canvas, then frames fetched until all or quiet. */
async function watchOhif(args: { timeoutMs: number; quietMs: number; frames: number }): Promise<Watch> {
  const probe = document.createElement('canvas');
  probe.width = 64;
  probe.height = 64;
  const ctx = probe.getContext('2d', { willReadFrequently: true });
  const shows = (canvas: HTMLCanvasElement): boolean => {
    // A downscaled copy into a 2D canvas: works for WebGL and 2D canvases alike.
    if (!ctx || canvas.width === 0 || canvas.height === 0) return false;
    ctx.clearRect(0, 0, 64, 64);
    ctx.drawImage(canvas, 0, 0, 64, 64);
    const data = ctx.getImageData(0, 0, 64, 64).data;
    let bright = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i] + data[i + 1] + data[i + 2] > 60) bright += 1;
    return bright > 40;
  };
  const frames = (): PerformanceResourceTiming[] =>
    performance.getEntriesByType('resource').filter((e): e is PerformanceResourceTiming => /\/frames\/\d/.test(e.name));
  const out: Watch = { frames: 0 };
  const until = performance.now() + args.timeoutMs;
  let lastCount = 0;
  let lastGrowth = performance.now();
  for (;;) {
    const now = performance.now();
    if (out.first === undefined) {
      const canvases = [...document.querySelectorAll<HTMLCanvasElement>('.viewport-element canvas, [data-viewport-uid] canvas')];
      if (canvases.some(shows)) out.first = now;
    }
    const fetched = frames();
    if (fetched.length !== lastCount) {
      lastCount = fetched.length;
      lastGrowth = now;
    }
    out.frames = fetched.length;
    out.last = fetched.length > 0 ? Math.max(...fetched.map((f) => f.responseEnd)) : undefined;
    if (out.first !== undefined && (fetched.length >= args.frames || now - lastGrowth > args.quietMs)) return out;
    if (now > until)
      return {
        ...out,
        error: `after ${args.timeoutMs} ms: first image ${out.first === undefined ? 'not shown' : 'shown'}, ${out.frames} frames`,
      };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function measureOhifPeer(studyInstanceUID: string, orthancUrl: string, runs: number, frames: number): Promise<OhifPeer> {
  const ohif = ohifAvailable();
  if (!ohif.ok) return { available: false, why: ohif.why, version: OHIF_VERSION, runs: [] };
  const server = await serveOhif(0, orthancUrl);
  const { port } = server.address() as AddressInfo;
  const out: OhifPeer = { available: true, version: OHIF_VERSION, runs: [] };
  try {
    for (let i = 0; i < runs; i++) {
      const fresh = await launchFresh();
      await fresh.page.addInitScript(RESOURCE_BUFFER_INIT_SCRIPT);
      const load: OhifLoad = { frames: 0 };
      try {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        await fresh.page.goto(`http://127.0.0.1:${port}/viewer?StudyInstanceUIDs=${studyInstanceUID}`, { waitUntil: 'commit' });
        const seen = await evaluateInPage(fresh.page, watchOhif, { timeoutMs: TIMEOUT_MS, quietMs: QUIET_MS, frames });
        Object.assign(load, { firstImageMs: seen.first, lastFrameMs: seen.last, frames: seen.frames, error: seen.error });
      } catch (e) {
        load.error = e instanceof Error ? e.message.split('\n')[0] : String(e);
      } finally {
        await fresh.close();
      }
      out.runs.push(load);
    }
  } finally {
    await new Promise((resolve) => server.close(() => resolve(undefined)));
  }
  return out;
}
