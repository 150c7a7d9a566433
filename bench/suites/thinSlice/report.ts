/** The thinSlice section of bench/results.md: ratios to the wire, targets, where the time goes. */
import type { BenchArgs } from '../../runner/args';
import { describeMachine, machineMarkdown } from '../../runner/machine';
import { fmt, mib, table } from '../../runner/markdown';
import { median } from '../../runner/stats';
import { THIN_CT } from '../../makeCtSeries';
import type { BesideRun, ReturnVisitRun, Source, ViewerRun, WireRun } from './measure';
import type { OhifPeer } from './ohif';
import type { ScrollWhileLoadingResult } from './pageSide';
import { METHOD } from './notes';
import { THIN_RAW_PIXEL_BYTES, type ThinData } from './series';

export interface SourceRun {
  source: Source['key'];
  run: number;
  wire: WireRun;
  viewer: ViewerRun;
  returnVisit?: ReturnVisitRun;
}

export interface PacsInfo {
  jls: boolean;
  orthancVersion: string;
  pluginVersion: string;
  uploadMs: number;
}

export interface SectionInput {
  heading: string;
  args: BenchArgs;
  data: ThinData;
  runs: SourceRun[];
  beside: BesideRun;
  pacsInfo: PacsInfo[];
  failures: string[];
  ohif?: OhifPeer;
  viewerNote?: string;
  thickSlices: number;
}

const SOURCES: { key: Source['key']; label: string; compressed: boolean; pacs: boolean }[] = [
  { key: 'local', label: 'Local files, uncompressed', compressed: false, pacs: false },
  { key: 'local-jls', label: 'Local files, JPEG-LS', compressed: true, pacs: false },
  { key: 'local-htj2k', label: 'Local files, HTJ2K', compressed: true, pacs: false },
  { key: 'pacs', label: 'Orthanc, uncompressed', compressed: false, pacs: true },
  { key: 'pacs-jls', label: 'Orthanc, JPEG-LS', compressed: true, pacs: true },
];

/** The scrolled viewport is the one that rendered most; thumbnails and overlays are ignored. */
export function busiestFps(scroll: ScrollWhileLoadingResult | undefined): number | undefined {
  if (!scroll || scroll.elapsedMs <= 0 || scroll.steps === 0) return undefined;
  return Math.max(0, ...scroll.framesByViewport.map(([, n]) => n)) / (scroll.elapsedMs / 1000);
}

/**
 * Frames/s over the steps that had an image to go to: the time of steps that drew nothing
 * (the stack held only what had arrived, and the reader was at its end) left out.
 */
export function drawingFps(scroll: ScrollWhileLoadingResult | undefined): number | undefined {
  if (!scroll || scroll.steps === 0) return undefined;
  const drawingMs = scroll.elapsedMs - (scroll.idleMs ?? 0);
  if (drawingMs <= 0) return undefined;
  return Math.max(0, ...scroll.framesByViewport.map(([, n]) => n)) / (drawingMs / 1000);
}

function heapRatio(viewer: ViewerRun): number | undefined {
  const m = viewer.memory;
  return m ? (m.jsHeapBytes + m.arrayBufferBytes) / THIN_RAW_PIXEL_BYTES : undefined;
}

/** The viewer's series-loaded time, unless its mark came before the series was even listed. */
function loadedMs(viewer: ViewerRun): number | undefined {
  return viewer.listedAtLoadedMark === undefined ? viewer.timings?.seriesLoadedMs : undefined;
}

function seriesRatio(r: SourceRun): number | undefined {
  const v = loadedMs(r.viewer);
  const w = r.wire.allMs;
  const valid = !r.viewer.error && r.viewer.listedAtLoadedMark === undefined;
  return v === undefined || w === undefined || w <= 0 || !valid ? undefined : v / w;
}

function verdict(value: number | undefined, limit: number, atLeast = false): string {
  if (value === undefined) return 'not measured';
  return (atLeast ? value >= limit : value <= limit) ? 'met' : 'MISSED';
}

/** The first image on screen: the first look where there was one, else the viewer's own. */
function onScreenMs(timings: { firstLookMs?: number; firstImageMs?: number } | undefined): number | undefined {
  return timings?.firstLookMs ?? timings?.firstImageMs;
}

function runsOf(runs: readonly SourceRun[], key: Source['key']): SourceRun[] {
  return runs.filter((r) => r.source === key);
}

function loadTable(runs: readonly SourceRun[]): string {
  return table(
    [
      'Source',
      'Bytes fetched (wire page)',
      'Wire: all files (ms)',
      'Viewer: series loaded (ms)',
      'Viewer / wire (per-run median)',
      'Target',
      'Wire: first file (ms)',
      'Viewer: first look (ms)',
      'Viewer: first image, drawn by the viewer (ms)',
      'First pixels (ms)',
      'First image on screen (ms)',
      'Target',
      'Return visit: first look / first image (ms)',
    ],
    SOURCES.map((s) => {
      const rs = runsOf(runs, s.key);
      const ratio = median(rs.map(seriesRatio));
      const first = median(rs.map((r) => onScreenMs(r.viewer.timings)));
      const limit = s.pacs ? 800 : 500;
      const bytes = median(rs.map((r) => r.wire.bytes));
      return [
        s.label,
        bytes === undefined ? 'n/a' : `${(bytes / 1e6).toFixed(1)} MB`,
        fmt(median(rs.map((r) => r.wire.allMs))),
        fmt(median(rs.map((r) => loadedMs(r.viewer)))),
        fmt(ratio, 2),
        `<= ${s.compressed ? 3 : 2}x: ${verdict(ratio, s.compressed ? 3 : 2)}`,
        fmt(median(rs.map((r) => r.wire.firstMs))),
        fmt(median(rs.map((r) => r.viewer.timings?.firstLookMs))),
        fmt(median(rs.map((r) => r.viewer.timings?.firstImageMs))),
        fmt(median(rs.map((r) => r.viewer.timings?.firstPixelsMs))),
        fmt(first),
        `<= ${limit} ms: ${verdict(first, limit)}`,
        `${fmt(median(rs.map((r) => r.returnVisit?.firstLookMs)))} / ${fmt(median(rs.map((r) => r.returnVisit?.firstImageMs)))}`,
      ];
    }),
  );
}

function memoryScrollTable(runs: readonly SourceRun[]): string {
  return table(
    [
      'Source',
      'JS heap + ArrayBuffers / raw pixels',
      'Target <= 1.2x',
      'Renderer PSS',
      'Scroll while loading: frames/s over steps with an image to go to',
      'Target >= 55',
      'Frames/s over all steps',
      'Steps (of them before series loaded)',
      'Slowest step (ms)',
      'Steps > 100 ms',
      'Steps that drew nothing',
      'Images listed at scroll start',
    ],
    SOURCES.map((s) => {
      const rs = runsOf(runs, s.key);
      const heap = median(rs.map((r) => heapRatio(r.viewer)));
      const fps = median(rs.map((r) => drawingFps(r.viewer.scroll)));
      const allFps = median(rs.map((r) => busiestFps(r.viewer.scroll)));
      const steps = median(rs.map((r) => r.viewer.scroll?.steps));
      const before = median(rs.map((r) => r.viewer.scroll?.stepsBeforeLoaded));
      return [
        s.label,
        fmt(heap, 2, 'x'),
        verdict(heap, 1.2),
        mib(median(rs.map((r) => r.viewer.memory?.rendererPssBytes))),
        fmt(fps, 1),
        verdict(fps, 55, true),
        fmt(allFps, 1),
        `${fmt(steps)} (${fmt(before)})`,
        fmt(median(rs.map((r) => r.viewer.scroll?.maxStepMs))),
        fmt(median(rs.map((r) => r.viewer.scroll?.slowSteps))),
        fmt(median(rs.map((r) => r.viewer.scroll?.idleSteps))),
        fmt(median(rs.map((r) => r.viewer.scroll?.startImageCount))),
      ];
    }),
  );
}

function timeTable(runs: readonly SourceRun[]): string {
  const rows: string[][] = [];
  for (const s of SOURCES) {
    const rs = runsOf(runs, s.key);
    for (const page of ['wire', 'viewer'] as const) {
      const res = rs.map((r) => (page === 'wire' ? r.wire.resources : r.viewer.resources));
      const done = rs.map((r) => (page === 'wire' ? r.wire.allMs : loadedMs(r.viewer)));
      const lastEnd = median(res.map((x) => x?.lastResponseEndMs));
      const doneMs = median(done);
      rows.push([
        s.label,
        page === 'wire' ? 'wire page' : 'viewer',
        fmt(median(res.map((x) => x?.requests))),
        fmt(median(res.map((x) => x?.firstStartMs))),
        fmt(median(res.map((x) => x?.firstResponseMs))),
        fmt(median(res.map((x) => x?.firstResponseEndMs))),
        fmt(lastEnd),
        fmt(doneMs),
        doneMs === undefined || lastEnd === undefined ? 'n/a' : fmt(doneMs - lastEnd),
        mib(median(res.map((x) => x?.bodyBytes))),
      ]);
    }
  }
  return table(
    [
      'Source',
      'Page',
      'Pixel requests',
      'First request start (ms)',
      'First response (ms)',
      'First body complete (ms)',
      'Last response end (ms)',
      'Done: wire:all / series loaded (ms)',
      'Done minus last response end (ms)',
      'Body bytes',
    ],
    rows,
  );
}

function dicomwebTable(runs: readonly SourceRun[]): string {
  return table(
    ['Source', 'QIDO-RS start (ms)', 'QIDO-RS end (ms)', 'Series metadata end (ms)', 'Metadata bytes', 'First frame request (ms)'],
    SOURCES.filter((s) => s.pacs).map((s) => {
      const rs = runsOf(runs, s.key);
      return [
        s.label,
        fmt(median(rs.map((r) => r.viewer.dicomweb?.qidoStartMs))),
        fmt(median(rs.map((r) => r.viewer.dicomweb?.qidoEndMs))),
        fmt(median(rs.map((r) => r.viewer.dicomweb?.metadataEndMs))),
        mib(median(rs.map((r) => r.viewer.dicomweb?.metadataBytes))),
        fmt(median(rs.map((r) => r.viewer.resources?.firstStartMs))),
      ];
    }),
  );
}

function besideTable(b: BesideRun): string {
  const both = b.imageCounts.length >= 2 && b.imageCounts.every((n) => n === THIN_CT.slices) && b.seriesLoadedMs !== undefined;
  const m = b.memory;
  return table(
    ['Measure', 'Value'],
    [
      [
        'Both series loaded (`viewer:series-loaded`, 1,000 images each)',
        `${both ? 'yes' : 'no'} (images: ${b.imageCounts.join(' + ') || 'n/a'})`,
      ],
      ['Series loaded (ms from navigation)', fmt(b.seriesLoadedMs)],
      ['Prior on screen beside (ms from navigation)', fmt(b.beside?.priorShownMs)],
      ['Page alive after load (evaluate answers, no crash event)', b.alive && !b.crashed ? 'yes' : 'no'],
      [
        'JS heap + ArrayBuffers / raw pixels of both (1,048,576,000 B)',
        m ? fmt((m.jsHeapBytes + m.arrayBufferBytes) / (2 * THIN_RAW_PIXEL_BYTES), 2, 'x') : 'n/a',
      ],
      ['Renderer PSS', mib(m?.rendererPssBytes)],
      ['Other CPU during the load (cores)', fmt(b.otherCpuCores, 2)],
      ['Error', b.error ?? b.beside?.error ?? ''],
    ],
  );
}

function ohifSection(ohif: OhifPeer | undefined, runs: readonly SourceRun[]): string[] {
  const heading = '### OHIF as a peer: Orthanc, uncompressed';
  if (!ohif) return [heading, '', 'Not measured: the Orthanc uncompressed source did not run.', ''];
  if (!ohif.available) return [heading, '', `Not measured: ${ohif.why ?? 'unavailable'}.`, ''];
  const ours = runsOf(runs, 'pacs');
  const errors = ohif.runs.map((r) => r.error).filter(Boolean);
  return [
    heading,
    '',
    `OHIF ${ohif.version} (prebuilt dist, default mode, \`/viewer?StudyInstanceUIDs=\`; served with suite mpr's \`serveOhif\`: one origin, /dicom-web proxied to the same Orthanc) ` +
      'right after our PACS runs. OHIF has no mark for a decoded series: its "whole series" is the last WADO-RS frame response, ' +
      `and it is whole only when it fetched all ${THIN_CT.slices} frames (the watch stops 10 s after the last new frame). ` +
      'Its first image is the first viewport canvas with non-black pixels.',
    '',
    table(
      ['Viewer', 'First image (ms)', 'Whole series (ms)', 'Frames fetched'],
      [
        [
          'Ours (series loaded = decoded)',
          fmt(median(ours.map((r) => r.viewer.timings?.firstImageMs))),
          fmt(median(ours.map((r) => loadedMs(r.viewer)))),
          fmt(median(ours.map((r) => r.viewer.resources?.requests))),
        ],
        [
          `OHIF ${ohif.version} (last frame received)`,
          fmt(median(ohif.runs.map((r) => r.firstImageMs))),
          fmt(median(ohif.runs.map((r) => r.lastFrameMs))),
          fmt(median(ohif.runs.map((r) => r.frames))),
        ],
      ],
    ),
    '',
    ...(errors.length ? [`OHIF errors: ${errors.join('; ')}`, ''] : []),
  ];
}

function rawTable(runs: readonly SourceRun[]): string {
  return table(
    [
      'Source',
      'Run',
      'Wire all (ms)',
      'Series loaded (ms)',
      'Ratio',
      'First image (ms)',
      'Heap+AB / raw',
      'Scroll fps: drawing / all steps',
      'Server bytes (viewer)',
      'Other CPU, wire / viewer (cores)',
      'Error',
    ],
    runs.map((r) => [
      r.source,
      String(r.run),
      fmt(r.wire.allMs),
      r.viewer.listedAtLoadedMark === undefined
        ? fmt(r.viewer.timings?.seriesLoadedMs)
        : `premature: ${fmt(r.viewer.timings?.seriesLoadedMs)} with ${r.viewer.listedAtLoadedMark} images listed`,
      fmt(seriesRatio(r), 2),
      fmt(r.viewer.timings?.firstImageMs),
      fmt(heapRatio(r.viewer), 2),
      `${fmt(drawingFps(r.viewer.scroll), 1)} / ${fmt(busiestFps(r.viewer.scroll), 1)}`,
      r.viewer.serverBytes === undefined ? 'n/a' : `${(r.viewer.serverBytes / 1e6).toFixed(1)} MB`,
      `${fmt(r.wire.otherCpuCores, 2)} / ${fmt(r.viewer.otherCpuCores, 2)}`,
      [r.wire.error, r.viewer.error, r.viewer.scroll?.error].filter(Boolean).join('; '),
    ]),
  );
}

function problemLines(runs: readonly SourceRun[]): string[] {
  return runs
    .filter((r) => r.viewer.listedAtLoadedMark !== undefined)
    .map(
      (r) =>
        `- ${r.source} run ${r.run}: \`viewer:series-loaded\` was set at ${fmt(r.viewer.timings?.seriesLoadedMs)} ms with ` +
        `${r.viewer.listedAtLoadedMark} of ${THIN_CT.slices} images listed, and is set only once: the run has no series-loaded time ` +
        '(left out of the medians); its memory was taken once all images were listed and all frames received.',
    );
}

function pageErrorLines(runs: readonly SourceRun[]): string[] {
  const counts = new Map<string, number>();
  for (const r of runs)
    for (const e of r.viewer.pageErrors)
      counts.set(`${r.source}: ${e.slice(0, 300)}`, (counts.get(`${r.source}: ${e.slice(0, 300)}`) ?? 0) + 1);
  return [...counts.entries()].slice(0, 20).map(([e, n]) => `- ${e}${n > 1 ? ` (x${n})` : ''}`);
}

export function renderSection(input: SectionInput): string {
  const { data, runs, args } = input;
  const check = data.check;
  const pacs = input.pacsInfo[0];
  const errors = pageErrorLines(runs);
  const problems = problemLines(runs);
  return [
    input.heading,
    '',
    machineMarkdown(describeMachine()),
    ...(pacs
      ? [
          `- PACS: Orthanc ${pacs.orthancVersion} with the DICOMweb plugin ${pacs.pluginVersion} (Debian packages), on 127.0.0.1, HTTP compression off`,
        ]
      : []),
    '',
    `Series: the bench phantom as ${THIN_CT.slices} slices of ${THIN_CT.sliceThickness} mm (${THIN_CT.rows} x ${THIN_CT.columns}, 16 bits allocated; ` +
      `raw pixel bytes ${THIN_RAW_PIXEL_BYTES.toLocaleString('en-US')}), the same anatomy as viewerLoad's ${input.thickSlices} x 1 mm, own UIDs. ` +
      `Uncompressed copy (bench/data/ct1000/) ${(data.plainBytes / 1e6).toFixed(1)} MB; JPEG-LS lossless copy (bench/data/ct1000-jls/) ` +
      `${(data.jlsBytes / 1e6).toFixed(1)} MB (${(data.plainBytes / data.jlsBytes || 0).toFixed(2)}:1); HTJ2K lossless copy (bench/data/ct1000-htj2k/) ` +
      `${(data.htj2k.bytes / 1e6).toFixed(1)} MB (${(data.plainBytes / data.htj2k.bytes || 0).toFixed(2)}:1).`,
    '',
    "Why JPEG-LS: it is lossless, part of DICOM since 2000 and widely used by PACS archives to store CT; Debian's dcmtk encodes it here " +
      "(`dcmcjpls +el`, file by file, two at a time), and the viewer decodes it with Cornerstone's CharLS WASM codec. HTJ2K, the newer " +
      "candidate, has no encoder among Debian's packages here.",
    `Checked: \`dciodvfy\` on the first JPEG-LS file reports ${check.dciodvfyErrors} errors, ${check.dciodvfyJlsOnly.length} of them not also on the ` +
      `uncompressed file (the others are Type 2 attributes the generator leaves out)${check.dciodvfyJlsOnly.length ? `: ${check.dciodvfyJlsOnly.join('; ')}` : ''}; ` +
      `transfer syntax ${check.transferSyntax}; all ${check.filesCompared} files decoded by \`dcmdjpls\` and read by pydicom + numpy give ` +
      `${check.filesDiffering === 0 ? 'the same pixels as' : `${check.filesDiffering} files differing from`} the uncompressed copy ` +
      '(pydicom alone cannot decode JPEG-LS here: no pylibjpeg).',
    '',
    'The HTJ2K copy (1.2.840.10008.1.2.4.201, HTJ2K Lossless) is measured beside it, local files only, to show what the decoder costs: ' +
      "CharLS takes 3.9 ms a slice in Node, Cornerstone's OpenJPH 1.6 ms. No Debian package encodes HTJ2K: it is written with the OpenJPH " +
      'WebAssembly encoder Cornerstone ships, wrapped by dcmjs (bench/suites/thinSlice/htj2kCopy.ts), and checked by decoding every file with the ' +
      `DICOM image loader's decodeImageFrame in Node: ${data.htj2k.filesCompared} files, ` +
      `${data.htj2k.filesDiffering === 0 ? 'the same stored values as' : `${data.htj2k.filesDiffering} differing from`} the uncompressed copy ` +
      '(this dciodvfy and dcmtk 3.6.7 do not know the syntax). Orthanc 1.10.1 is built on dcmtk 3.6.7: it was not given this copy.',
    '',
    `Medians of ${args.runs} run${args.runs === 1 ? '' : 's'} per source; in each run the wire page and then the viewer load the same files in fresh browsers, ` +
      'and each ratio divides the two loads of the same run. Times are ms from navigation start on both pages. ' +
      `Other processes kept a median ${fmt(median(runs.map((r) => r.viewer.otherCpuCores)), 2)} of the machine's cores busy during the viewer's loads ` +
      `(${fmt(median(runs.map((r) => r.wire.otherCpuCores)), 2)} during the wire's; Raw runs): read the ratios with that in mind.`,
    '',
    ...(input.viewerNote ? [`- viewer: ${input.viewerNote}`, ''] : []),
    ...(input.failures.length ? ['### Not measured', '', ...input.failures.map((f) => `- ${f}`), ''] : []),
    '### Whole series and first image against the wire',
    '',
    loadTable(runs),
    '',
    '### Memory after load, and scrolling while the series arrives',
    '',
    memoryScrollTable(runs),
    '',
    '### Where the time goes',
    '',
    "The pixel requests (`.dcm` files, WADO-RS frames) as Chromium's network layer reported them to the bench (Playwright's requestfinished: " +
      "the page's and its workers' requests alike), ms from each page's navigation start.",
    '',
    timeTable(runs),
    '',
    "The viewer's DICOMweb requests before its first frame request (the wire page makes none of them):",
    '',
    dicomwebTable(runs),
    '',
    '### Two 1,000-slice studies side by side',
    '',
    'The thin CT and a prior of the same patient (own study, series, instance and frame of reference UIDs, same pixels; bench/data/ct1000-prior/) ' +
      'from local files, `?manifest=A&manifest=B`, the prior opened with `viewer.openBeside` as soon as both are listed; measured once per suite run.',
    '',
    besideTable(input.beside),
    '',
    ...ohifSection(input.ohif, runs),
    '### Raw runs',
    '',
    rawTable(runs),
    '',
    ...(problems.length ? ['### Problems found by the bench', '', ...problems, ''] : []),
    ...(errors.length ? ['### Errors logged by the viewer', '', ...errors, ''] : []),
    METHOD,
  ].join('\n');
}
