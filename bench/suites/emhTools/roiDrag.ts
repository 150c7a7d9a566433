/**
 * ROI statistics while dragging a 5 cm ellipse on the 512 x 512 CT, identical mouse input on
 * both pages: the viewer's liver HU tool (a Cornerstone EllipticalROITool subclass whose
 * on-image text is the inventory's label) and plain EllipticalROITool on the baseline ROI page.
 *
 * The ellipse is drawn centre-out and then grabbed on its outline and moved sideways across
 * the edge of the lung (slice 1 of the phantom), so every move changes the mean by tens of
 * HU and the statistics text changes visibly each time.
 *
 * Cornerstone throttles the statistics (`_throttledCalculateCachedStats`: lodash-style
 * throttle, 100 ms, leading and trailing), so two protocols:
 *  - step and settle: one move, wait until the new statistics are painted, then 150 ms idle
 *    so the next move hits the throttle's leading edge. Latency per update and, traced,
 *    main-thread work per update: the cost of one statistics update;
 *  - continuous: one move per 16.7 ms, as a hand drags. What the user sees: how closely the
 *    ellipse follows, how often the numbers refresh, and whether they settle on the final
 *    position while the button is still down.
 */
import type { Page } from '@playwright/test';
import type { PageKind } from '../../runner/args';
import { evaluateInPage } from '../../runner/pageEval';
import type { BenchServer } from '../../runner/server';
import { SERIES } from '../../makeCtSeries';
import type { RoiRun } from './metrics';
import { installRoiProbe, probeCounts, readProbe, waitForText, type ProbeLog } from './roiProbe';
import { openSession, pageBuildId, runCommand, sleep, type Session } from './session';
import { enclosingTaskStarts, lastEventEnd, mainThreadEvents, traced, windowBreakdowns, type TraceEvent } from './trace';
import { errorMessage } from '../../../src/util/errorMessage';

export const CT512_MANIFEST = '/data/ct512/manifest.json';
export const ROI = {
  /** Slice 1, on the medial edge of the patient's right lung: lung (-850 HU) left of it, mediastinum (40 HU) right. */
  centre: [227, 248] as [number, number],
  diameterMm: 50,
  /** Image pixels per step; x offsets follow a triangle wave of +-8 px. */
  stepPx: 2,
  settleMs: 150,
  stepTimeoutMs: 1_000,
  continuousPeriodMs: 1000 / 60,
  holdMs: 700,
} as const;

type Point = [number, number];

export interface RoiPlan {
  latencySteps: number;
  workSteps: number;
  continuousMoves: number;
}

/**
 * The continuous path (1 px per move, triangle wave of +-8 px) must end at its -8 px turning
 * point, reached by 16 moves in one direction: no earlier position of the last 16 moves has
 * the final one's statistics, so a text showing them was computed for the final position
 * (a path that passed the final position shortly before would show right numbers by chance).
 * The steps visit -8 px too, which gives the expected text.
 */
export const FULL_PLAN: RoiPlan = { latencySteps: 20, workSteps: 8, continuousMoves: 88 };
/** With 500 lesions in the viewer's inventory a move takes hundreds of ms: fewer steps and moves. */
export const LOADED_PLAN: RoiPlan = { latencySteps: 12, workSteps: 4, continuousMoves: 24 };

export function roiUrl(kind: PageKind, baseUrl: string): string {
  const manifest = encodeURIComponent(`${baseUrl}${CT512_MANIFEST}`);
  return kind === 'viewer' ? `${baseUrl}/?manifest=${manifest}` : `${baseUrl}/baseline/roi/?manifest=${manifest}`;
}

/** Image pixel -> page coordinates, from the page's own viewport.imageToClient (affine on a stack). */
async function imageToPage(page: Page): Promise<(p: Point) => Point> {
  const raw = await runCommand(page, 'viewport.imageToClient', {
    points: [
      [0, 0],
      [1, 0],
      [0, 1],
    ],
  });
  const [o, x, y] = raw as [Point, Point, Point];
  return ([c, r]) => [o[0] + c * (x[0] - o[0]) + r * (y[0] - o[0]), o[1] + c * (x[1] - o[1]) + r * (y[1] - o[1])];
}

/** Triangle wave through 0 with amplitude `amplitude` and slope 1 per step. */
function triangle(i: number, amplitude: number): number {
  const period = 4 * amplitude;
  const phase = (((i + 1) % period) + period) % period;
  if (phase <= amplitude) return phase;
  if (phase <= 3 * amplitude) return 2 * amplitude - phase;
  return phase - period;
}

interface Geometry {
  toPage: (p: Point) => Point;
  grab: Point;
}

async function drawEllipse(page: Page, kind: PageKind): Promise<Geometry> {
  if (kind === 'viewer') await runCommand(page, 'emh.tool', { tool: 'liver' });
  const toPage = await imageToPage(page);
  const radius = ROI.diameterMm / 2 / SERIES.pixelSpacing;
  const [cx, cy] = ROI.centre;
  // Centre-out: press at the centre, drag to a corner of the bounding box.
  await page.mouse.move(...toPage([cx, cy]));
  await page.mouse.down();
  for (let k = 1; k <= 8; k++) await page.mouse.move(...toPage([cx + (radius * k) / 8, cy + (radius * k) / 8]));
  await page.mouse.up();
  // On the outline half-way between two handles: grabs the whole ellipse, not a handle.
  const grab: Point = [cx + radius * Math.SQRT1_2, cy - radius * Math.SQRT1_2];
  return { toPage, grab };
}

async function waitForLabel(page: Page): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    const counts = await evaluateInPage(page, probeCounts, null);
    if (counts.ellipses === 1 && counts.text.trim() !== '') return;
    await sleep(100);
  }
  throw new Error('no ellipse with statistics text after drawing');
}

const stepOffset = (i: number): number => ROI.stepPx * triangle(i, 8 / ROI.stepPx);
const continuousOffset = (j: number): number => triangle(j, 8);

/** One move per step, each waited for until its statistics are painted; returns the text index each step answered with. */
async function steps(page: Page, geometry: Geometry, from: number, count: number): Promise<(number | undefined)[]> {
  const answers: (number | undefined)[] = [];
  const [gx, gy] = geometry.grab;
  for (let i = from; i < from + count; i++) {
    const before = await evaluateInPage(page, probeCounts, null);
    await page.mouse.move(...geometry.toPage([gx + stepOffset(i), gy]));
    const seen = await evaluateInPage(page, waitForText, { count: before.texts, timeoutMs: ROI.stepTimeoutMs });
    answers.push(seen ? before.texts : undefined);
    await sleep(ROI.settleMs);
  }
  return answers;
}

function firstAfter<T extends { dom: number; paint: number }>(changes: readonly T[], t: number): T | undefined {
  return changes.find((c) => c.dom >= t && Number.isFinite(c.paint));
}

/**
 * `truth`: statistics text per x offset as step-and-settle painted it (an unthrottled,
 * fresh computation); the continuous path ends on an offset the steps visited, and the same
 * offset means the same whole-pixel mouse position, so the same ellipse position.
 */
async function continuous(page: Page, geometry: Geometry, run: RoiRun, truth: ReadonlyMap<number, string>, moves: number): Promise<void> {
  const start = await evaluateInPage(page, probeCounts, null);
  const [gx, gy] = geometry.grab;
  const t0 = Date.now();
  for (let j = 0; j < moves; j++) {
    const due = t0 + j * ROI.continuousPeriodMs;
    if (due > Date.now()) await sleep(due - Date.now());
    await page.mouse.move(...geometry.toPage([gx + continuousOffset(j), gy]));
  }
  await sleep(ROI.holdMs);
  const held = await evaluateInPage(page, probeCounts, null);
  await page.mouse.up();
  await sleep(300);
  const released = await evaluateInPage(page, probeCounts, null);
  const log: ProbeLog = await evaluateInPage(page, readProbe, null);

  const seen = log.moves.slice(start.moves, held.moves);
  const texts = log.texts.slice(start.texts, held.texts).filter((c) => Number.isFinite(c.paint));
  const shapes = log.shapes.slice(start.shapes, held.shapes);
  const first = seen[0];
  const last = seen[seen.length - 1];
  if (first === undefined || last === undefined) throw new Error('continuous drag: no mousemove reached the page');
  run.moves = seen.length;
  run.moveRateHz = seen.length > 1 ? ((seen.length - 1) * 1000) / (last - first) : undefined;
  run.followMs = seen.map((m) => firstAfter(shapes, m)).flatMap((c, i) => (c ? [c.paint - seen[i]] : []));
  const during = texts.filter((c) => c.dom >= first && c.dom <= last);
  run.refreshIntervalMs = during.slice(1).map((c, i) => c.paint - during[i].paint);

  const expected = truth.get(continuousOffset(moves - 1));
  if (expected === undefined) return;
  run.finalCorrect = held.text === expected;
  const arrived = texts.find((c) => c.dom > last && c.text === expected);
  if (arrived) run.settleMs = arrived.paint - last;
  else if (run.finalCorrect) run.settleMs = 0;
  run.correctAfterMouseUp = released.text === expected;
}

export function newRoiRun(kind: PageKind, runIndex: number, lesionsInInventory = 0): RoiRun {
  return {
    page: kind,
    run: runIndex,
    build: pageBuildId(kind),
    lesionsInInventory,
    stepLatencyMs: [],
    stepsMissed: 0,
    work: [],
    followMs: [],
    refreshIntervalMs: [],
  };
}

/** The whole ROI protocol on an open session showing slice 1 of the 512 CT; failures go to run.error. */
export async function dragInSession(session: Session, kind: PageKind, run: RoiRun, plan: RoiPlan): Promise<void> {
  const { page, fresh } = session;
  try {
    const geometry = await drawEllipse(page, kind);
    const problem = await evaluateInPage(page, installRoiProbe, { at: geometry.toPage(ROI.centre) });
    if (problem) throw new Error(problem);
    await waitForLabel(page);
    const pxPerImagePx = geometry.toPage([1, 0])[0] - geometry.toPage([0, 0])[0];
    run.diameterMm = ((2 * (await evaluateInPage(page, probeCounts, null)).rx) / pxPerImagePx) * SERIES.pixelSpacing;

    await page.mouse.move(...geometry.toPage(geometry.grab));
    await sleep(100);
    await page.mouse.down();
    // Cornerstone holds a press for 400 ms (double-click detection) unless the mouse moves > 3 px.
    await sleep(500);

    const answers = await steps(page, geometry, 0, plan.latencySteps);
    const log = await evaluateInPage(page, readProbe, null);
    const truth = new Map<number, string>();
    answers.forEach((index, i) => {
      const change = index === undefined ? undefined : log.texts[index];
      if (!change) {
        run.stepsMissed += 1;
        return;
      }
      run.stepLatencyMs.push(change.paint - change.lastMove);
      truth.set(stepOffset(i), change.text);
    });
    const afterSteps = await evaluateInPage(page, probeCounts, null);
    if (afterSteps.ellipses !== 1)
      throw new Error(`${afterSteps.ellipses} ellipses after the grab: the press missed the outline and drew a new one`);

    const { events } = await traced(fresh.browser, page, () => steps(page, geometry, plan.latencySteps, plan.workSteps));
    const isMove = (e: TraceEvent): boolean => e.name === 'EventDispatch' && e.args?.data?.type === 'mousemove';
    const thread = mainThreadEvents(events, isMove);
    const dispatches = thread.filter(isMove).map((e) => e.ts);
    run.work = windowBreakdowns(thread, enclosingTaskStarts(thread, dispatches), lastEventEnd(thread));

    await continuous(page, geometry, run, truth, plan.continuousMoves);
  } catch (error) {
    run.error = error instanceof Error ? error.message.split('\n')[0] : String(error);
    const shot = await session.screenshot();
    if (shot) run.error += ` (screenshot: ${shot})`;
    await page.mouse.up().catch(() => undefined);
  }
}

export async function measureRoi(kind: PageKind, runIndex: number, server: BenchServer): Promise<{ run: RoiRun; errors: string[] }> {
  const run = newRoiRun(kind, runIndex);
  let session: Session;
  try {
    session = await openSession(roiUrl(kind, server.baseUrl), `roi-${kind}-run${runIndex}`);
  } catch (error) {
    run.error = errorMessage(error);
    return { run, errors: [] };
  }
  await dragInSession(session, kind, run, FULL_PLAN);
  run.otherCpuCores = await session.close();
  return { run, errors: session.errors };
}
