/** The iron suite's section of bench/results.md. */
import { fmt, table } from '../../runner/markdown';
import { median, percentile } from '../../runner/stats';
import type { ScipyAnswer } from './scipyAnswer';
import type { MapRun, MapSample, RoiSample } from './shared';

export interface IronSession {
  readonly userAgent: string;
  readonly roi: RoiSample;
  readonly map: MapSample;
  readonly runs: number;
  /** Cores other processes kept busy while the page measured (undefined off Linux). */
  readonly otherCores: number | undefined;
  readonly pageErrors: readonly string[];
  readonly scipy: (ScipyAnswer & { otherCores: number | undefined }) | null;
  readonly scipyMissing: string | null;
}

const met = (ok: boolean | undefined): string => (ok === undefined ? 'n/a' : ok ? 'yes' : '**no**');
const pct = (value: number | null | undefined, digits = 2): string =>
  value === null || value === undefined ? 'n/a' : `${(value * 100).toFixed(digits)} %`;
const ratio = (a: number | undefined, b: number | undefined): string => (a && b ? `${(a / b).toFixed(3)}` : 'n/a');

function longest(runs: readonly MapRun[]): number {
  return Math.max(0, ...runs.map((r) => r.longestTaskMs));
}

/** The observer reports tasks over 50 ms only. */
function longestText(runs: readonly MapRun[]): string {
  const ms = longest(runs);
  return ms > 0 ? fmt(ms, 0, ' ms') : 'none > 50 ms';
}

function targets(s: IronSession): string {
  const worker = median(s.roi.throughWorkerMs);
  const mapMs = median(s.map.worker.map((r) => r.totalMs));
  const longTask = longest(s.map.worker);
  return table(
    ['Measure', 'Median', 'p95 / worst', 'Target', 'Met'],
    [
      [
        `ROI of ${s.roi.pixels} pixels x 12 echoes: 12 ellipse means + fit through the worker (${s.roi.throughWorkerMs.length} runs of ${s.roi.roundTrips} in a row)`,
        fmt(worker, 2, ' ms'),
        fmt(percentile(s.roi.throughWorkerMs, 95), 2, ' ms'),
        '< 16 ms',
        met(worker !== undefined ? worker < 16 : undefined),
      ],
      [
        `the fit alone (fitR2star on the 12 means, on the main thread; ${s.roi.pureFitMs.length} batches of ${s.roi.batch})`,
        fmt(median(s.roi.pureFitMs), 3, ' ms'),
        fmt(percentile(s.roi.pureFitMs, 95), 3, ' ms'),
        '',
        '',
      ],
      ['12 ellipse means alone', fmt(median(s.roi.meansMs), 3, ' ms'), fmt(percentile(s.roi.meansMs, 95), 3, ' ms'), '', ''],
      [
        `R2* map 256 x 256 x 12 in the worker, posted to answered (${s.map.worker.length} runs)`,
        fmt(mapMs, 0, ' ms'),
        fmt(Math.max(...s.map.worker.map((r) => r.totalMs)), 0, ' ms'),
        '< 1 s',
        met(mapMs !== undefined ? mapMs < 1000 : undefined),
      ],
      [
        'longest main-thread task while the worker maps (longtask observer)',
        '',
        longestText(s.map.worker),
        'none > 50 ms',
        met(longTask <= 50),
      ],
    ],
  );
}

function baseline(s: IronSession): string {
  const inWorker = median(s.map.worker.map((r) => r.totalMs));
  const workerOwn = median(s.map.worker.map((r) => r.workerMs));
  const main = median(s.map.mainThread.map((r) => r.totalMs));
  return [
    table(
      ['Same map, same page, same runs', 'Median', 'Longest main-thread task', 'Ratio to the main-thread map'],
      [
        ['in the worker (posted to answered)', fmt(inWorker, 0, ' ms'), longestText(s.map.worker), ratio(inWorker, main)],
        ['of which the worker computing', fmt(workerOwn, 0, ' ms'), '', ratio(workerOwn, main)],
        ['baseline: computeR2starMap on the main thread', fmt(main, 0, ' ms'), longestText(s.map.mainThread), '1'],
      ],
    ),
    '',
    `Map: ${s.map.fitted.toLocaleString('en')} pixels with a value, ${s.map.masked.toLocaleString('en')} masked as air; noise SD estimated from the air ${fmt(s.map.noiseSigma ?? undefined, 2)} (truth 12). Median map R2* per region (pixels 3 or more inside its edge) against the truth: ${s.map.regions
      .map((r) => `${r.name} ${fmt(r.medianHz, 1)} / ${fmt(r.truthHz, 1)} Hz (${pct((r.medianHz - r.truthHz) / r.truthHz, 1)})`)
      .join('; ')}.`,
  ].join('\n');
}

function comparison(s: IronSession): string {
  if (!s.scipy) return `Not run: ${s.scipyMissing ?? 'unknown reason'}.`;
  const { roi, map } = s.scipy;
  const pureFit = median(s.roi.pureFitMs);
  const mapMs = median(s.map.worker.map((r) => r.totalMs));
  const mainMs = median(s.map.mainThread.map((r) => r.totalMs));
  return [
    `scipy ${s.scipy.scipy} (numpy ${s.scipy.numpy}, Python ${s.scipy.python}), \`curve_fit\` (Levenberg-Marquardt) one fit per ROI or pixel, single-threaded, on the decays the viewer's fit saw (written to a file from the page: the 3 x 3 means in the tissue mask, Rician-corrected), with the same echo truncation and the same start (ln S against TE weighted by S²). Other processes used ${fmt(s.scipy.otherCores, 2)} cores on average while it ran.`,
    '',
    table(
      ['', 'Viewer (JS)', 'scipy curve_fit', 'Viewer / scipy'],
      [
        [
          `one ROI fit (12 means; ${roi.echoesUsed} echoes used by scipy)`,
          fmt(pureFit, 3, ' ms'),
          fmt(roi.medianMs, 3, ' ms'),
          ratio(pureFit, roi.medianMs),
        ],
        [
          `the map, ${map.fitted.toLocaleString('en')} pixels fitted of ${map.pixels.toLocaleString('en')}`,
          `${fmt(mapMs, 0, ' ms')} in the worker (${fmt(mainMs, 0, ' ms')} main thread)`,
          fmt(map.seconds * 1000, 0, ' ms'),
          ratio(mapMs, map.seconds * 1000),
        ],
      ],
    ),
    '',
    table(
      ['Agreement of R2*', 'Value'],
      [
        ['ROI: |viewer - scipy| / scipy', pct(roi.relativeDifference, 5)],
        [`map: pixels compared (both have a value)`, map.compared.toLocaleString('en')],
        [
          `map: median relative difference (${map.comparedRelative.toLocaleString('en')} pixels with R2* >= 10 Hz)`,
          pct(map.medianRelative, 6),
        ],
        ['map: 99th percentile relative difference', pct(map.p99Relative, 5)],
        ['map: max relative difference', pct(map.maxRelative, 4)],
        ['map: max absolute difference, all compared pixels', fmt(map.maxAbsoluteHz ?? undefined, 4, ' Hz')],
        [
          'pixels with a value on one side only (viewer / scipy); curve_fit failures',
          `${map.onlyViewer} / ${map.onlyScipy}; ${map.failures}`,
        ],
      ],
    ),
  ].join('\n');
}

export function ironReport(s: IronSession): string {
  const chrome = /Chrome\/[\d.]+/.exec(s.userAgent)?.[0] ?? s.userAgent;
  return [
    '## Iron: one ROI fit (500 pixels x 12 echoes) and a 256 x 256 x 12 R2* map',
    '',
    `Measured in ${chrome} (one fresh headless browser) on a synthetic slice (bench/suites/iron/page/phantom.ts: 256 x 256, 12 echoes 0.99-16.1 ms, liver 385.75 Hz, spleen 150, heart 66.7, muscle 40, a severe region 800 Hz, Rician noise SD 12), through the product's R2starWorkerClient and r2star.worker.ts (bundled by esbuild, started from a blob). Other processes kept ${fmt(s.otherCores, 2)} cores busy on average while the page measured (2-core machine shared with other work: absolute times are pessimistic).`,
    '',
    ...(s.pageErrors.length ? ['**Page errors:**', '', ...s.pageErrors.map((e) => `- ${e}`), ''] : []),
    '### Targets',
    '',
    targets(s),
    '',
    `ROI: R2* ${fmt(s.roi.r2starHz, 2)} Hz over ${s.roi.echoesUsed} echoes (truth ${fmt(s.roi.truthHz, 2)} Hz).`,
    '',
    '### The map in the worker against the same map on the main thread',
    '',
    baseline(s),
    '',
    '### Against numpy / scipy on the same data',
    '',
    comparison(s),
    '',
    "Method: the ROI time runs from the 12 echo images in memory to the fit back on the main thread (12 `ellipseMean` + one worker round trip), timed 10 in a row per run; the fit and the means alone are timed in batches (the page clock is coarsened to 0.1 ms). The map is timed from posting copies of the 12 echoes (transferred) to the map back; a PerformanceObserver('longtask') records every main-thread task over 50 ms meanwhile. Medians over the runs.",
  ].join('\n');
}
