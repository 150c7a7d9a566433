/**
 * Suite "thinSlice": the viewer on a 1,000-slice 512 x 512 CT (0.625 mm) against the wire limit
 * of the same run: a plain page that fetches the same bytes and does nothing else
 * (bench/wire/index.html). Five sources: local files uncompressed, JPEG-LS and HTJ2K, Orthanc
 * uncompressed and JPEG-LS. For each, in fresh browsers, the wire page then the viewer: whole
 * series and first image beside the wire's, memory after load against the raw pixel bytes, and
 * scrolling while the series is still arriving. Then two 1,000-slice studies side by side.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { SERIES, THIN_CT } from '../../makeCtSeries';
import { waitForIdleCpu } from '../../runner/contention';
import { fmt } from '../../runner/markdown';
import { DATA_DIR } from '../../runner/paths';
import { withBenchPacs, type BenchPacs } from '../pacsLoad/pacs';
import { FRAME_RESOURCE } from '../pacsLoad/pageSide';
import { pagesToRun, type Suite, type SuiteContext } from '../types';
import { measureBeside, measureReturnVisit, measureViewer, measureWire, type BesideRun, type Source } from './measure';
import { busiestFps, drawingFps, renderSection, type PacsInfo, type SourceRun } from './report';
import { measureOhifPeer, type OhifPeer } from './ohif';
import { ensureThinData, THIN, THIN_RAW_PIXEL_BYTES, type ThinData } from './series';

export const HEADING = '## Thin-slice CT: 512 x 512 x 1,000 (0.625 mm) against the wire limit';
/** The frame list the wire page reads for the PACS sources (served from /data like the manifests). */
const FRAMES_FILE = 'thin-wire-frames.json';

function localSource(key: 'local' | 'local-jls' | 'local-htj2k', label: string, manifestPath: string, baseUrl: string): Source {
  const folder = path.posix.dirname(manifestPath);
  return {
    key,
    label,
    viewerUrl: `${baseUrl}/?manifest=${encodeURIComponent(`${baseUrl}${manifestPath}`)}`,
    wireUrl: `${baseUrl}/wire/?manifest=${encodeURIComponent(manifestPath)}`,
    resource: `${folder}/[^/?]+\\.dcm`,
  };
}

function pacsSource(key: 'pacs' | 'pacs-jls', label: string, studyInstanceUID: string, baseUrl: string): Source {
  return {
    key,
    label,
    viewerUrl: `${baseUrl}/?dicomweb=/dicom-web&study=${encodeURIComponent(studyInstanceUID)}`,
    wireUrl: `${baseUrl}/wire/?frames=${encodeURIComponent(`/data/${FRAMES_FILE}`)}`,
    resource: FRAME_RESOURCE,
  };
}

/** The return visit's warming loads open the other study, so the measured one's files are not cached. */
function warmingUrl(baseUrl: string): string {
  return `${baseUrl}/?manifest=${encodeURIComponent(`${baseUrl}${THIN.priorManifestPath}`)}`;
}

async function idle(ctx: SuiteContext): Promise<void> {
  if (ctx.args.idleWaitSeconds <= 0) return;
  const other = await waitForIdleCpu(ctx.args.idleWaitSeconds * 1000);
  if (other !== undefined && other >= 0.2) ctx.log(`  other processes still use ${other.toFixed(2)} cores; measuring anyway`);
}

async function measureSource(ctx: SuiteContext, source: Source, runs: SourceRun[]): Promise<void> {
  for (let i = 1; i <= ctx.args.runs; i++) {
    await idle(ctx);
    const started = Date.now();
    const wire = await measureWire(source, i, ctx.server);
    await idle(ctx);
    const viewer = await measureViewer(source, i, ctx.server);
    await idle(ctx);
    const returnVisit = await measureReturnVisit(source, warmingUrl(ctx.server.baseUrl));
    runs.push({ source: source.key, run: i, wire, viewer, returnVisit });
    const ratio = (viewer.timings?.seriesLoadedMs ?? NaN) / (wire.allMs ?? NaN);
    ctx.log(
      `  ${source.key.padEnd(9)} run ${i}/${ctx.args.runs}: wire ${fmt(wire.allMs)} ms, viewer ${fmt(viewer.timings?.seriesLoadedMs)} ms (${fmt(ratio, 2)}x), ` +
        `first look ${fmt(viewer.timings?.firstLookMs)} ms, first image ${fmt(viewer.timings?.firstImageMs)} ms (return visit ${fmt(returnVisit.firstLookMs)} / ${fmt(returnVisit.firstImageMs)}), heap+AB ${fmt(((viewer.memory?.jsHeapBytes ?? NaN) + (viewer.memory?.arrayBufferBytes ?? NaN)) / THIN_RAW_PIXEL_BYTES, 2)}x raw, ` +
        `scroll ${fmt(drawingFps(viewer.scroll), 1)} fps drawing, ${fmt(busiestFps(viewer.scroll), 1)} over all steps (${((Date.now() - started) / 1000).toFixed(0)} s)` +
        `${wire.error || viewer.error || returnVisit.error ? `  ERROR: ${wire.error ?? ''} ${viewer.error ?? ''} ${returnVisit.error ?? ''}` : ''}`,
    );
  }
}

/** The PACS path for one copy: its own Orthanc, since both copies hold the same instance UIDs. */
async function measurePacs(
  ctx: SuiteContext,
  data: ThinData,
  jls: boolean,
  runs: SourceRun[],
  info: PacsInfo[],
): Promise<OhifPeer | undefined> {
  const dir = jls ? THIN.jlsDir : THIN.dir;
  return withBenchPacs(dir, THIN_CT.slices, async (pacs: BenchPacs) => {
    if (pacs.studyInstanceUID !== data.plain.studyInstanceUID || pacs.seriesInstanceUID !== data.plain.seriesInstanceUID) {
      throw new Error('Orthanc lists other study/series UIDs than the generator wrote');
    }
    info.push({ jls, orthancVersion: pacs.orthancVersion, pluginVersion: pacs.dicomWebPluginVersion, uploadMs: pacs.uploadMs });
    ctx.log(
      `thinSlice: Orthanc ${pacs.orthancVersion}, ${pacs.instances} ${jls ? 'JPEG-LS' : 'uncompressed'} instances uploaded in ${(pacs.uploadMs / 1000).toFixed(0)} s`,
    );
    ctx.server.setDicomWebUpstream(pacs.orthanc.url);
    try {
      const key = jls ? 'pacs-jls' : 'pacs';
      const label = jls ? 'Orthanc, JPEG-LS' : 'Orthanc, uncompressed';
      await measureSource(ctx, pacsSource(key, label, pacs.studyInstanceUID, ctx.server.baseUrl), runs);
    } finally {
      ctx.server.setDicomWebUpstream(undefined);
    }
    if (jls) return undefined;
    // The peer on the same Orthanc, after ours: OHIF's own server, so it cannot share a cache.
    await idle(ctx);
    const ohif = await measureOhifPeer(pacs.studyInstanceUID, pacs.orthanc.url, ctx.args.runs, THIN_CT.slices);
    for (const r of ohif.runs) {
      ctx.log(
        `  OHIF ${ohif.version}: first image ${fmt(r.firstImageMs)} ms, last frame ${fmt(r.lastFrameMs)} ms, ${r.frames} frames${r.error ? `  ERROR: ${r.error}` : ''}`,
      );
    }
    if (!ohif.available) ctx.log(`  OHIF: ${ohif.why ?? ''}`);
    return ohif;
  });
}

async function run(ctx: SuiteContext): Promise<string> {
  if (!pagesToRun(ctx).includes('viewer')) {
    return `${HEADING}\n\nNot measured: the viewer is unavailable (${ctx.pages.viewer.note ?? `excluded by --only ${ctx.args.only ?? ''}`}).`;
  }
  const data = await ensureThinData(ctx.log);
  writeFileSync(
    path.join(DATA_DIR, FRAMES_FILE),
    JSON.stringify({
      dicomweb: '/dicom-web',
      studyInstanceUID: data.plain.studyInstanceUID,
      seriesInstanceUID: data.plain.seriesInstanceUID,
      sopInstanceUIDs: data.instanceUids,
    }),
  );
  const base = ctx.server.baseUrl;
  const runs: SourceRun[] = [];
  const pacsInfo: PacsInfo[] = [];
  const failures: string[] = [];
  let ohif: OhifPeer | undefined;
  await measureSource(ctx, localSource('local', 'Local files, uncompressed', THIN.manifestPath, base), runs);
  await measureSource(ctx, localSource('local-jls', 'Local files, JPEG-LS', THIN.jlsManifestPath, base), runs);
  await measureSource(ctx, localSource('local-htj2k', 'Local files, HTJ2K', THIN.htj2kManifestPath, base), runs);
  for (const jls of [false, true]) {
    try {
      ohif = (await measurePacs(ctx, data, jls, runs, pacsInfo)) ?? ohif;
    } catch (e) {
      failures.push(`Orthanc ${jls ? 'JPEG-LS' : 'uncompressed'}: ${e instanceof Error ? e.message : String(e)}`);
      ctx.log(`thinSlice: ${failures[failures.length - 1]}`);
    }
  }
  // Once, not per run: two 1,000-slice studies take a minute or more on this machine.
  await idle(ctx);
  const manifests = [THIN.manifestPath, THIN.priorManifestPath].map((m) => `manifest=${encodeURIComponent(`${base}${m}`)}`);
  const beside: BesideRun = await measureBeside(`${base}/?${manifests.join('&')}`, data.prior.studyInstanceUID, 1);
  ctx.log(
    `  beside: loaded at ${fmt(beside.seriesLoadedMs)} ms, counts ${beside.imageCounts.join('/')}, alive ${beside.alive}` +
      `${beside.error ? `  ERROR: ${beside.error}` : ''}`,
  );
  return renderSection({
    heading: HEADING,
    args: ctx.args,
    data,
    runs,
    beside,
    pacsInfo,
    failures,
    ohif,
    viewerNote: ctx.pages.viewer.note,
    thickSlices: SERIES.slices,
  });
}

export const thinSliceSuite: Suite = { name: 'thinSlice', pages: ['viewer'], run };
