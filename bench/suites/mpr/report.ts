/** The mpr suite's section of results.md: what each figure counts, medians, ratios, raw runs. */
import { RAW_PIXEL_BYTES, SERIES } from '../../makeCtSeries';
import { describeMachine, machineMarkdown } from '../../runner/machine';
import { fmt, mib, table } from '../../runner/markdown';
import { median } from '../../runner/stats';
import type { RunMetrics } from '../viewerLoad/metrics';
import { LESION_SERIES, type NodeGrow } from './lesionSeries';
import { DRAG, GROW_REPEATS, type GrowRun, type MprRun } from './measure';
import { OHIF_VERSION, type OhifResult } from './ohif';

export const HEADING = '## MPR: three reformats of the 512 x 512 x 300 CT against the stack view';

export interface MprSuiteRun {
  run: number;
  loadAvg: string;
  stack: RunMetrics;
  prefetched: MprRun;
  streamed: MprRun;
  grow: GrowRun;
  node: NodeGrow[];
}

interface ReportInput {
  runs: MprSuiteRun[];
  ohif: OhifResult;
  lesionVoxels: number;
  loadAtStart: string;
  loadAtEnd: string;
  runsAsked: number;
}

const fps = (r: MprRun, viewportId: string): number | undefined => {
  const frames = r.drag?.frames.find(([id]) => id === viewportId)?.[1];
  return frames === undefined || !r.drag || !(r.drag.dragMs > 0) ? undefined : frames / (r.drag.dragMs / 1000);
};
const ratio = (a: number | undefined, b: number | undefined, digits = 2): string =>
  a === undefined || b === undefined || b === 0 ? 'n/a' : `${fmt(a / b, digits)}x`;
const ofRaw = (bytes: number | undefined): string =>
  bytes === undefined ? 'n/a' : `${mib(bytes)} (${fmt(bytes / RAW_PIXEL_BYTES, 2)}x raw)`;
const delta = (after: number | undefined, before: number | undefined): number | undefined =>
  after === undefined || before === undefined ? undefined : after - before;

export function mprReport({ runs, ohif, lesionVoxels, loadAtStart, loadAtEnd, runsAsked }: ReportInput): string {
  const m = (f: (r: MprSuiteRun) => number | undefined | null): number | undefined => median(runs.map((r) => f(r) ?? undefined));
  const stackFirst = m((r) => r.stack.firstImageMs);
  const stackFps = m((r) => r.stack.scrollFps);
  const decoded = m((r) => r.prefetched.opened?.layoutMs);
  const streamed = m((r) => r.streamed.opened?.layoutMs);
  const sagFps = m((r) => fps(r.prefetched, 'mpr-sagittal'));
  const corFps = m((r) => fps(r.prefetched, 'mpr-coronal'));
  const heap = (r: MprSuiteRun, when: 'heapBefore' | 'heapAfter'): number | undefined => {
    const h = r.prefetched[when];
    return h ? h.jsHeapBytes + h.arrayBufferBytes : undefined;
  };
  const firstCallMs = m((r) => r.grow.ms[0]);
  // After the first call the viewer holds the series as one grid (seriesVolume.ts): a re-grow or a stroke.
  const laterCallsMs = median(runs.flatMap((r) => r.grow.ms.slice(1)));
  const nodeMs = median(runs.flatMap((r) => r.node.map((n) => n.ms)));
  const voxelsSeen = runs.flatMap((r) => [...r.grow.voxels, ...r.node.map((n) => n.voxels)]);
  const wrong = voxelsSeen.filter((v) => v !== lesionVoxels).length;
  const growErrors = runs.filter((r) => r.grow.error).length;
  const volumeMl = lesionVoxels * LESION_SERIES.voxelMl;

  const summary = table(
    ['Measure', 'What it counts', 'Median', 'Baseline (same runs)', 'Baseline median', 'Ratio'],
    [
      [
        '1. MPR drawn, series decoded (ms)',
        '`viewport.layout {layout:"mpr"}` called after the series-loaded mark (prefetch decoded all 300 slices) until it resolves: each of the three views has fired IMAGE_RENDERED with the volume',
        fmt(decoded),
        'stack view: first image (ms from navigation start, `viewer:first-image`)',
        fmt(stackFirst),
        ratio(decoded, stackFirst),
      ],
      [
        '1. MPR drawn, streamed, `?prefetch=off` (ms)',
        'the same, with the files read but only the shown slice(s) decoded: the volume decodes the rest as it streams',
        fmt(streamed),
        'stack view: first image',
        fmt(stackFirst),
        ratio(streamed, stackFirst),
      ],
      [
        '↳ streamed: navigation to three views drawn (ms)',
        'navigation start to the resolve above (files read + MPR), against navigation to the stack first image',
        fmt(m((r) => r.streamed.opened?.drawnAtMs)),
        'stack view: first image',
        fmt(stackFirst),
        ratio(
          m((r) => r.streamed.opened?.drawnAtMs),
          stackFirst,
        ),
      ],
      [
        '↳ mprState timings, decoded: first render / all slices in (ms)',
        '`timings.firstRenderMs` / `loadedMs`, from the volume asked for',
        `${fmt(m((r) => r.prefetched.state?.timings.firstRenderMs))} / ${fmt(m((r) => r.prefetched.state?.timings.loadedMs))}`,
        '',
        '',
        '',
      ],
      [
        '↳ mprState timings, streamed: first render / all slices in (ms)',
        `the same; slices decoded at open: ${fmt(m((r) => r.streamed.state?.timings.framesAtOpen))}, at first render: ${fmt(m((r) => r.streamed.state?.timings.framesAtFirstRender))}`,
        `${fmt(m((r) => r.streamed.state?.timings.firstRenderMs))} / ${fmt(m((r) => r.streamed.state?.timings.loadedMs))}`,
        '',
        '',
        '',
      ],
      [
        '2. Crosshair drag: sagittal view (frames/s)',
        `IMAGE_RENDERED on \`mpr-sagittal\` between pointer down and up / that time; the centre dragged in the axial view in ${DRAG.steps} steps of ${fmt(DRAG.stepPx, 2)} px right and down (${fmt(DRAG.steps * DRAG.stepPx * Math.SQRT2)} px diagonal), one page.mouse.move each`,
        fmt(sagFps, 1),
        'stack view: scroll through 300 slices (frames/s, viewerLoad method)',
        fmt(stackFps, 1),
        ratio(sagFps, stackFps),
      ],
      [
        '2. Crosshair drag: coronal view (frames/s)',
        'the same on `mpr-coronal`',
        fmt(corFps, 1),
        'stack scroll',
        fmt(stackFps, 1),
        ratio(corFps, stackFps),
      ],
      [
        '↳ drag step (ms) / crosshair centre moved (mm)',
        'drag time / pointer moves seen by the page; distance between the centre before and after (a drag that moved nothing is not a frame rate)',
        `${fmt(m((r) => (r.prefetched.drag ? r.prefetched.drag.dragMs / Math.max(1, r.prefetched.drag.moves) : undefined)))} / ${fmt(
          m((r) => r.prefetched.drag?.centreMovedMm),
          1,
        )}`,
        'stack scroll step p95 (ms)',
        fmt(m((r) => r.stack.stepP95Ms)),
        '',
      ],
      [
        '3. Cornerstone cache with MPR open',
        '`cache.getCacheSize()`: decoded images of the series (Cornerstone 5 keeps the volume as a view of its images, no second copy)',
        ofRaw(m((r) => r.prefetched.state?.memory.cacheBytes)),
        'raw voxel bytes 512 x 512 x 300 x 2',
        mib(RAW_PIXEL_BYTES),
        ratio(
          m((r) => r.prefetched.state?.memory.cacheBytes),
          RAW_PIXEL_BYTES,
        ),
      ],
      [
        '3. The volume (voxelManager.sizeInBytes)',
        `voxels x bytes per voxel (${fmt(m((r) => r.prefetched.state?.memory.bytesPerVoxel))}) of the volume: what it addresses, not a separate allocation`,
        ofRaw(m((r) => r.prefetched.state?.memory.volumeBytes)),
        'raw voxel bytes',
        mib(RAW_PIXEL_BYTES),
        ratio(
          m((r) => r.prefetched.state?.memory.volumeBytes),
          RAW_PIXEL_BYTES,
        ),
      ],
      [
        '3. Page heap with MPR open: V8 + ArrayBuffers',
        'CDP Runtime.getHeapUsage after 2 forced GCs, usedSize + backingStorageSize (main thread; decoded pixels are ArrayBuffers)',
        ofRaw(m((r) => heap(r, 'heapAfter'))),
        'the same page before MPR (stack view, series decoded)',
        mib(m((r) => heap(r, 'heapBefore'))),
        ratio(
          m((r) => heap(r, 'heapAfter')),
          m((r) => heap(r, 'heapBefore')),
        ),
      ],
      [
        '↳ performance.memory.usedJSHeapSize with MPR open',
        'what the page itself can read; in this Chromium it includes ArrayBuffer backing stores (it matches the CDP sum above)',
        mib(m((r) => r.prefetched.heapAfter?.perfMemoryBytes)),
        'before MPR',
        mib(m((r) => r.prefetched.heapBefore?.perfMemoryBytes)),
        '',
      ],
      [
        '3. GPU process RSS with MPR open',
        'VmRSS of the GPU process (CDP SystemInfo.getProcessInfo, /proc): SwiftShader keeps the 3D texture and the three render targets in it',
        ofRaw(m((r) => r.prefetched.processesAfter?.gpuRssBytes)),
        'the same process before MPR (stack view)',
        mib(m((r) => r.prefetched.processesBefore?.gpuRssBytes)),
        `+${mib(m((r) => delta(r.prefetched.processesAfter?.gpuRssBytes, r.prefetched.processesBefore?.gpuRssBytes)))} (${fmt(
          (m((r) => delta(r.prefetched.processesAfter?.gpuRssBytes, r.prefetched.processesBefore?.gpuRssBytes)) ?? NaN) / RAW_PIXEL_BYTES,
          2,
        )}x raw)`,
      ],
      [
        '↳ GPU process PSS / renderer PSS with MPR open',
        'proportional set sizes (/proc smaps_rollup): shared pages split; the renderer holds the page, its workers and canvases',
        `${mib(m((r) => r.prefetched.processesAfter?.gpuPssBytes))} / ${mib(m((r) => r.prefetched.processesAfter?.rendererPssBytes))}`,
        'before MPR',
        `${mib(m((r) => r.prefetched.processesBefore?.gpuPssBytes))} / ${mib(m((r) => r.prefetched.processesBefore?.rendererPssBytes))}`,
        '',
      ],
      [
        `4. Region growing, 100 mL lesion, in the viewer, first call (ms)`,
        `\`emh.segmentLesion\` (reads the series from Cornerstone's cache as one HU grid, grows 6-connected within ${LESION_SERIES.range.join('..')} HU from the centre, binds the segment): the first call in each browser, median over runs`,
        fmt(firstCallMs),
        `the same \`regionGrow\` (same seed, range, connectivity, cap) in Node on the grid read from the files, ${GROW_REPEATS} x per run`,
        fmt(nodeMs),
        ratio(firstCallMs, nodeMs, 1),
      ],
      [
        `4. Region growing again, the series held (ms)`,
        `calls 2-${GROW_REPEATS} in the same browser: the grid read by the first call is kept (two minutes after its last use), as for a re-grow with another range or a brush stroke`,
        fmt(laterCallsMs),
        'regionGrow in Node',
        fmt(nodeMs),
        ratio(laterCallsMs, nodeMs, 1),
      ],
      [
        '↳ voxels',
        `voxels must equal the generator's count, ${lesionVoxels.toLocaleString('en-US')} (${fmt(volumeMl, 2)} mL; ellipsoid ${fmt(LESION_SERIES.ellipsoidMl, 2)} mL)`,
        `${wrong === 0 && growErrors === 0 ? `all ${voxelsSeen.length} results exact` : `**${wrong} wrong, ${growErrors} failed**`}`,
        '',
        '',
        '',
      ],
    ],
  );

  const raw = table(
    [
      'Run',
      'Load avg 1/5/15',
      'Stack 1st image ms',
      'Stack scroll fps',
      'MPR decoded ms',
      'MPR streamed ms',
      'Streamed first render / loaded ms',
      'Sag / cor / ax frames in drag',
      'Drag ms',
      'Centre moved mm',
      'Cache',
      'GPU RSS before → after',
      'Heap+AB before → after',
      'Grow ms (browser)',
      'Grow ms (Node)',
      'Other CPU (cores) stack / MPR / streamed / grow',
      'Error',
    ],
    runs.map((r) => {
      const frames = (id: string): string => fmt(r.prefetched.drag?.frames.find(([v]) => v === id)?.[1]);
      return [
        String(r.run),
        r.loadAvg,
        fmt(r.stack.firstImageMs),
        fmt(r.stack.scrollFps, 1),
        fmt(r.prefetched.opened?.layoutMs),
        fmt(r.streamed.opened?.layoutMs),
        `${fmt(r.streamed.state?.timings.firstRenderMs ?? undefined)} / ${fmt(r.streamed.state?.timings.loadedMs ?? undefined)}`,
        `${frames('mpr-sagittal')} / ${frames('mpr-coronal')} / ${frames('mpr-axial')}`,
        fmt(r.prefetched.drag?.dragMs),
        fmt(r.prefetched.drag?.centreMovedMm, 1),
        mib(r.prefetched.state?.memory.cacheBytes),
        `${mib(r.prefetched.processesBefore?.gpuRssBytes)} → ${mib(r.prefetched.processesAfter?.gpuRssBytes)}`,
        `${mib(heap(r, 'heapBefore'))} → ${mib(heap(r, 'heapAfter'))}`,
        r.grow.ms.map((v) => fmt(v)).join(', '),
        r.node.map((n) => fmt(n.ms)).join(', '),
        [r.stack.otherCpuCores, r.prefetched.otherCpuCores, r.streamed.otherCpuCores, r.grow.otherCpuCores]
          .map((c) => fmt(c, 2))
          .join(' / '),
        [r.stack.error, r.prefetched.error, r.streamed.error, r.grow.error].filter(Boolean).join('; '),
      ];
    }),
  );

  return [
    HEADING,
    '',
    machineMarkdown(describeMachine()),
    '- MPR draws with WebGL on SwiftShader (software, in the GPU process); the stack view draws on the CPU (docs/volumes.md, Rendering).',
    `- Load average (1 / 5 / 15 min) at the start ${loadAtStart}, at the end ${loadAtEnd}; other helpers' builds and e2e were running: timings are pessimistic and noisy, see "Other CPU" below.`,
    '',
    `Series: viewerLoad's ${SERIES.slices} slices of ${SERIES.rows} x ${SERIES.columns}, 0.7 x 0.7 x 1 mm, raw voxel bytes ${RAW_PIXEL_BYTES.toLocaleString('en-US')}. ` +
      `Each of ${runsAsked} runs, in fresh browsers: the stack view (viewerLoad's measureLoad: first image, scroll), MPR with the series decoded (then memory and the drag), ` +
      'MPR with `?prefetch=off`, and the lesion series grown; medians over the runs. The baseline of every ratio is our own stack view of the same series in the same runs, ' +
      'except region growing, whose baseline is the same `regionGrow` in Node: it isolates what the viewer adds (reading 300 slices out of the cache as one grid, the command, the store) ' +
      'from the algorithm, and it checks the voxel count independently of the page; the stack-view decode would time a different job.',
    '',
    `Lesion series (\`bench/data/ct512-lesion/\`, its own study and series): the bench CT with a -100 HU fat ellipsoid (semi-axes 46 x 40 x 36 mm) and in it a 45 HU lesion ` +
      `(34 x 28 x 25 mm, centre voxel column ${LESION_SERIES.seed[0]}, row ${LESION_SERIES.seed[1]}, instance ${LESION_SERIES.seed[2]}), noise within +-25 HU as everywhere; ` +
      `the generator counts ${lesionVoxels.toLocaleString('en-US')} lesion voxels = ${fmt(volumeMl, 2)} mL.`,
    '',
    summary,
    '',
    '### Raw runs',
    '',
    raw,
    '',
    ohifSection(ohif, stackFirst),
  ].join('\n');
}

function ohifSection(ohif: OhifResult, stackFirst: number | undefined): string {
  const heading = `### OHIF ${OHIF_VERSION} MPR on the same CT`;
  if (!ohif.available) return `${heading}\n\nNot measured: ${ohif.why ?? 'unknown reason'}.`;
  const o = (f: (r: OhifResult['runs'][number]) => number | undefined): number | undefined => median(ohif.runs.map(f));
  const u = (f: (r: MprRun) => number | undefined | null): number | undefined => median(ohif.ours.map((r) => f(r) ?? undefined));
  const ohifThree = o((r) => r.threeViewsMs);
  const ohifDone = o((r) =>
    r.settledMs === undefined || r.allFetchedMs === undefined ? undefined : Math.max(r.settledMs, r.allFetchedMs),
  );
  const oursThree = u((r) => r.opened?.drawnAtMs);
  const oursDone = u((r) => (r.opened && r.state?.timings.loadedMs != null ? r.opened.askedAtMs + r.state.timings.loadedMs : undefined));
  const rows = table(
    [
      'Measure (ms from navigation start)',
      'OHIF median',
      'Ours, same Orthanc, median',
      'OHIF / ours',
      'OHIF / our stack first image (local files)',
    ],
    [
      ['Three MPR views drawn', fmt(ohifThree), fmt(oursThree), ratio(ohifThree, oursThree), ratio(ohifThree, stackFirst)],
      ['Volume complete', fmt(ohifDone), fmt(oursDone), ratio(ohifDone, oursDone), ''],
      ['↳ OHIF: first view / last frame fetched', `${fmt(o((r) => r.firstViewMs))} / ${fmt(o((r) => r.allFetchedMs))}`, '', '', ''],
    ],
  );
  const raw = table(
    [
      'Run',
      'OHIF three views',
      'OHIF last frame',
      'OHIF settled',
      'OHIF frames',
      'Ours three views',
      'Ours complete',
      'Other CPU OHIF / ours',
      'Error',
    ],
    ohif.runs.map((r, i) => {
      const mine = ohif.ours[i];
      return [
        String(i + 1),
        fmt(r.threeViewsMs),
        fmt(r.allFetchedMs),
        fmt(r.settledMs),
        String(r.fetched ?? 'n/a'),
        fmt(mine?.opened?.drawnAtMs),
        fmt(mine?.opened && mine.state?.timings.loadedMs != null ? mine.opened.askedAtMs + mine.state.timings.loadedMs : undefined),
        `${fmt(r.otherCpuCores, 2)} / ${fmt(mine?.otherCpuCores, 2)}`,
        [r.error, mine?.error].filter(Boolean).join('; '),
      ];
    }),
  );
  return [
    heading,
    '',
    `The published \`@ohif/app@${OHIF_VERSION}\` build (\`npm pack\`, its prebuilt \`dist/\`, unpacked outside git) served by the suite with an app-config whose only data source is ` +
      `DICOMweb at \`/dicom-web\` on the same origin, proxied to Orthanc ${ohif.orthancVersion ?? ''} (scripts/orthanc.mjs, the bench CT uploaded); ` +
      '`/viewer?StudyInstanceUIDs=<uid>&hangingprotocolId=mpr` in a fresh headless Chromium with the same flags (SwiftShader WebGL). OHIF exposes no Cornerstone ' +
      'handle, so the page is watched each animation frame: **three views drawn** = its three viewport canvases (downscaled to 64 x 64) each have more than 40 non-black ' +
      'pixels, which OHIF reaches while its volume is still streaming (partly filled sagittal and coronal views); **volume complete** = the later of the 300th ' +
      '`.../frames/1` response and the last change of the sagittal picture (then 1 s unchanged). Ours: the viewer opened on the same Orthanc ' +
      "(`?dicomweb=/dicom-web&study=<uid>&prefetch=off`, the suite's proxy), MPR asked for as soon as the series' files are read (it cannot be sooner), " +
      'three views = `viewport.layout` resolved, complete = `mprState().timings.loadedMs`; both from navigation start, alternating in each run.',
    '',
    rows,
    '',
    raw,
  ].join('\n');
}
