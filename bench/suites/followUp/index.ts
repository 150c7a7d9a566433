/**
 * Suite "followUp": a prior beside the current study. On the 512 x 512 x 300 bench CT and a
 * copy of it as the prior (2023-07-10, own frame of reference, the table moved 37.5 mm and
 * 6 mm), each run in fresh browsers: the first image of one study alone, then both studies
 * opened with the prior "Open beside"-d as soon as it arrives (first images of current + prior
 * side by side; the ratio to one study's), the registration that lines them up, and 60 steps
 * of synchronised scrolling: frames/s in each viewport and where the follower ends up.
 */
import { ensureCtSeries, SERIES } from '../../makeCtSeries';
import { launchFresh } from '../../runner/browser';
import { waitForIdleCpu } from '../../runner/contention';
import { describeMachine, machineMarkdown } from '../../runner/machine';
import { fmt, table } from '../../runner/markdown';
import { evaluateInPage } from '../../runner/pageEval';
import { median } from '../../runner/stats';
import { IMAGE_RENDERED_EVENT, MARK_FIRST_IMAGE } from '../../shared/emhContract';
import { MANIFEST_PATH } from '../viewerLoad/measure';
import { pagesToRun, type Suite, type SuiteContext } from '../types';
import { openBesideAsap, syncScroll, type BesideTimes, type SyncScrollResult } from './pageSide';
import { ensurePriorSeries, PRIOR } from './priorSeries';

const HEADING = '## Follow-up: a prior beside the current study (512 x 512 x 300 CT, twice)';
const SYNC_STEPS = 60;
const TIMEOUT_MS = 120_000;

interface Run {
  run: number;
  oneStudyFirstImageMs?: number;
  beside: BesideTimes;
  sync?: SyncScrollResult;
  error?: string;
}

function url(baseUrl: string, manifests: string[]): string {
  return `${baseUrl}/?${manifests.map((m) => `manifest=${encodeURIComponent(`${baseUrl}${m}`)}`).join('&')}`;
}

async function oneStudy(baseUrl: string): Promise<number | undefined> {
  const fresh = await launchFresh();
  try {
    await fresh.page.goto(url(baseUrl, [MANIFEST_PATH]), { waitUntil: 'commit' });
    await fresh.page.waitForFunction(`performance.getEntriesByName(${JSON.stringify(MARK_FIRST_IMAGE)}).length > 0`, undefined, {
      timeout: TIMEOUT_MS,
      polling: 50,
    });
    return (await fresh.page.evaluate(`performance.getEntriesByName(${JSON.stringify(MARK_FIRST_IMAGE)})[0].startTime`)) as number;
  } finally {
    await fresh.close();
  }
}

async function beside(baseUrl: string, run: Run): Promise<void> {
  const fresh = await launchFresh();
  try {
    await fresh.page.goto(url(baseUrl, [MANIFEST_PATH, PRIOR.manifestPath]), { waitUntil: 'commit' });
    await fresh.page.waitForFunction('window.emh && window.emh.ready', undefined, { timeout: TIMEOUT_MS });
    run.beside = await evaluateInPage(fresh.page, openBesideAsap, { priorStudy: PRIOR.studyInstanceUID, timeoutMs: TIMEOUT_MS });
    if (run.beside.error) return;
    run.sync = await evaluateInPage(fresh.page, syncScroll, {
      steps: SYNC_STEPS,
      renderedEvent: IMAGE_RENDERED_EVENT,
      shiftZ: PRIOR.shiftMm[2],
    });
  } finally {
    await fresh.close();
  }
}

function fps(run: Run, viewportId: string): number | undefined {
  const frames = run.sync?.framesByViewport.find(([id]) => id === viewportId)?.[1];
  return frames === undefined || !run.sync ? undefined : frames / (run.sync.elapsedMs / 1000);
}

async function run(ctx: SuiteContext): Promise<string> {
  if (!pagesToRun(ctx).includes('viewer')) return `${HEADING}\n\nNot measured: the viewer is unavailable.`;
  const series = ensureCtSeries();
  const prior = ensurePriorSeries(series.dir);
  ctx.log(`followUp: current ${series.generated ? 'generated' : 'reused'}, prior ${prior.generated ? 'generated' : 'reused'}`);
  const runs: Run[] = [];
  for (let i = 1; i <= ctx.args.runs; i++) {
    if (ctx.args.idleWaitSeconds > 0) await waitForIdleCpu(ctx.args.idleWaitSeconds * 1000);
    const r: Run = { run: i, beside: {} };
    try {
      r.oneStudyFirstImageMs = await oneStudy(ctx.server.baseUrl);
      await beside(ctx.server.baseUrl, r);
    } catch (e) {
      r.error = e instanceof Error ? e.message.split('\n')[0] : String(e);
    }
    runs.push(r);
    ctx.log(
      `  run ${i}/${ctx.args.runs} one study ${fmt(r.oneStudyFirstImageMs)} ms, beside ${fmt(r.beside.bothFirstImagesMs)} ms, ` +
        `registered +${fmt(r.beside.registeredAfterMs)} ms (${r.beside.method ?? '-'}), sync ${fmt(fps(r, 'viewport-0'), 1)} / ${fmt(fps(r, 'viewport-1'), 1)} fps` +
        `${r.error || r.beside.error ? `  ERROR: ${r.error ?? r.beside.error}` : ''}`,
    );
  }
  const one = median(runs.map((r) => r.oneStudyFirstImageMs));
  const both = median(runs.map((r) => r.beside.bothFirstImagesMs));
  const summary = table(
    ['Measure', 'Median'],
    [
      ['First image, one study (ms from navigation)', fmt(one)],
      ['First images of current + prior side by side (ms from navigation)', fmt(both)],
      ['Ratio side by side / one study', one && both ? fmt(both / one, 2) : 'n/a'],
      ['Open beside: prior on screen after the command (ms)', fmt(median(runs.map((r) => r.beside.besideShownAfterMs)))],
      [
        'Open beside: registered and on the matching slice (ms after the command)',
        fmt(median(runs.map((r) => r.beside.registeredAfterMs))),
      ],
      [`Sync scroll, ${SYNC_STEPS} steps: leading viewport (frames/s)`, fmt(median(runs.map((r) => fps(r, 'viewport-0'))), 1)],
      [`Sync scroll, ${SYNC_STEPS} steps: following viewport (frames/s)`, fmt(median(runs.map((r) => fps(r, 'viewport-1'))), 1)],
      ['Follower after the last step: |z - 37.5 - leader z| (mm)', fmt(median(runs.map((r) => r.sync?.finalErrorMm ?? undefined)), 2)],
    ],
  );
  const raw = table(
    ['Run', 'One study (ms)', 'Beside (ms)', 'Registered (+ms)', 'Method', 'Leader fps', 'Follower fps', 'Final error (mm)', 'Error'],
    runs.map((r) => [
      String(r.run),
      fmt(r.oneStudyFirstImageMs),
      fmt(r.beside.bothFirstImagesMs),
      fmt(r.beside.registeredAfterMs),
      r.beside.method ?? '',
      fmt(fps(r, 'viewport-0'), 1),
      fmt(fps(r, 'viewport-1'), 1),
      fmt(r.sync?.finalErrorMm ?? undefined, 2),
      r.error ?? r.beside.error ?? '',
    ]),
  );
  return [
    HEADING,
    '',
    machineMarkdown(describeMachine()),
    '',
    `The current study is viewerLoad's ${SERIES.slices}-slice CT (2024-01-15); the prior is the same slices as another study ` +
      `(2023-07-10, own frame of reference, ImagePositionPatient + (0, 6, 37.5) mm). "One study" opens the current alone; ` +
      '"side by side" opens both (`?manifest=` twice) and runs `viewer.openBeside` as soon as the prior has arrived. ' +
      `Then ${SYNC_STEPS} steps of \`viewport.scroll\` on the left, the right following through the synchroniser. Medians of ${ctx.args.runs} runs, fresh browsers.`,
    '',
    summary,
    '',
    '### Raw runs',
    '',
    raw,
  ].join('\n');
}

export const followUpSuite: Suite = { name: 'followUp', pages: ['viewer'], run };
