/**
 * Main-thread work from a Chrome trace. Latency alone cannot say whether an update fits in
 * a 16 ms frame: it also contains waits for the next frame. The trace says how long the
 * renderer's main thread was actually busy, and on what.
 *
 * Busy time = CPU time of the top-level tasks (toplevel `ThreadControllerImpl::RunTask`) on
 * the page's renderer main thread that start inside a window. The breakdown uses self time
 * (an event's time minus its children's), so a forced layout inside a script counts once, as
 * layout. Whatever is in none of the three groups (hit testing, task overhead, events of
 * categories not recorded) is the remainder busy - script - style/layout - paint.
 */
import type { Browser, Page } from '@playwright/test';

export const TRACE_CATEGORIES = ['devtools.timeline', 'toplevel', 'blink.user_timing'];

export interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  pid: number;
  tid: number;
  /** Microseconds, trace clock. */
  ts: number;
  dur?: number;
  /** Thread (CPU) time of the event, microseconds; absent on some events. */
  tdur?: number;
  args?: { name?: string; data?: { type?: string } };
}

/**
 * CPU time (trace `tdur`) rather than wall time: on a shared 2-core machine a task's wall
 * time includes the time other processes held the core, which says nothing about the page.
 */
export interface Breakdown {
  /** CPU ms the main thread spent in tasks. */
  busyMs: number;
  /** JavaScript (GC included): input and timer handlers, animation-frame callbacks, microtasks, calls. */
  scriptMs: number;
  styleLayoutMs: number;
  paintMs: number;
}

/**
 * JavaScript, GC included. `Receive mojo message` is where the bench's own evaluate calls run
 * (and with them the commands they issue); its self time is that script.
 */
const SCRIPT = (name: string): boolean =>
  [
    'FunctionCall',
    'EventDispatch',
    'FireAnimationFrame',
    'TimerFire',
    'EvaluateScript',
    'BlinkScheduler_PerformMicrotaskCheckpoint',
    'FireIdleCallback',
    'Receive mojo message',
    'MinorGC',
    'MajorGC',
  ].includes(name) || name.startsWith('V8.GC');
const STYLE_LAYOUT = (name: string): boolean => ['UpdateLayoutTree', 'Layout', 'RecalculateStyles'].includes(name);
const PAINT = (name: string): boolean =>
  ['PrePaint', 'Paint', 'Layerize', 'UpdateLayer', 'Commit', 'PaintImage', 'Decode Image'].includes(name);
const TASK = 'ThreadControllerImpl::RunTask';

export async function traced<T>(browser: Browser, page: Page, work: () => Promise<T>): Promise<{ result: T; events: TraceEvent[] }> {
  await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  let result: T;
  try {
    result = await work();
  } catch (error) {
    // Stop anyway, or the next startTracing in this browser fails.
    await browser.stopTracing().catch(() => undefined);
    throw error;
  }
  const buffer = await browser.stopTracing();
  const parsed = JSON.parse(buffer.toString('utf8')) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  return { result, events: Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []) };
}

/** Events of the renderer main thread that handled `marker` (e.g. the page's mousemove). */
export function mainThreadEvents(events: readonly TraceEvent[], isMarker: (e: TraceEvent) => boolean): TraceEvent[] {
  const main = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const marker = events.find((e) => isMarker(e) && main.has(`${e.pid}:${e.tid}`));
  if (!marker) return [];
  return events.filter((e) => e.pid === marker.pid && e.tid === marker.tid && e.ph === 'X' && e.dur !== undefined);
}

const cpu = (e: TraceEvent): number => e.tdur ?? e.dur ?? 0;

/** Self CPU time of each complete event; nesting comes from the wall-clock spans of one thread. */
function selfTimes(events: readonly TraceEvent[]): Map<TraceEvent, number> {
  const sorted = [...events].sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const self = new Map<TraceEvent, number>();
  const stack: TraceEvent[] = [];
  const end = (e: TraceEvent): number => e.ts + (e.dur ?? 0);
  for (const event of sorted) {
    while (stack.length > 0 && end(stack[stack.length - 1]) <= event.ts) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) self.set(parent, (self.get(parent) ?? 0) - cpu(event));
    self.set(event, (self.get(event) ?? 0) + cpu(event));
    stack.push(event);
  }
  return self;
}

/**
 * Start of the top-level task running at each time (e.g. the task that dispatched an input
 * event), so that a window begins with the whole task that its input arrived in.
 */
export function enclosingTaskStarts(thread: readonly TraceEvent[], times: readonly number[]): number[] {
  const tasks = thread.filter((e) => e.name === TASK);
  return times.map((t) => tasks.find((task) => task.ts <= t && t < task.ts + (task.dur ?? 0))?.ts ?? t);
}

/** Busy time and breakdown of each window [starts[i], starts[i + 1]) (last one up to `end`), trace µs. */
export function windowBreakdowns(thread: readonly TraceEvent[], starts: readonly number[], end: number): Breakdown[] {
  const self = selfTimes(thread);
  return starts.map((start, i) => {
    const stop = starts[i + 1] ?? end;
    const inside = thread.filter((e) => e.ts >= start && e.ts < stop);
    const sum = (group: (name: string) => boolean): number =>
      inside.filter((e) => group(e.name)).reduce((a, e) => a + Math.max(0, self.get(e) ?? 0), 0) / 1000;
    return {
      busyMs: inside.filter((e) => e.name === TASK).reduce((a, e) => a + cpu(e), 0) / 1000,
      scriptMs: sum(SCRIPT),
      styleLayoutMs: sum(STYLE_LAYOUT),
      paintMs: sum(PAINT),
    };
  });
}

/**
 * End of the last event: closes the last window. A task that started before a window and
 * ran into it is not counted in it; the suite separates windows by idle gaps, so that
 * would only happen on a page that never goes idle.
 */
export function lastEventEnd(thread: readonly TraceEvent[]): number {
  return thread.reduce((max, e) => Math.max(max, e.ts + (e.dur ?? 0)), 0);
}
