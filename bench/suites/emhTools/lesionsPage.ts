/**
 * In-page timing for the lesion part (runs through evaluateInPage: each function is sent
 * to the page on its own, so each is self-contained and only imports types).
 *
 * "Painted": after the change is in the DOM, the next animation frame draws it; a
 * MessageChannel message posted from that frame's requestAnimationFrame callback runs once
 * the frame's style, layout and paint are done. A change first seen inside an animation
 * frame (the polling callback) is in that same frame, so only the message is awaited.
 */

interface ScriptedWindow {
  emh: { commands: { run(name: string, args?: Record<string, unknown>): Promise<unknown> } };
}

export interface BatchResult {
  totalMs: number;
  addMs: number[];
  /** What each add returned (the viewer: the lesion id). */
  results: unknown[];
  error?: string;
}

/** Runs `command` once per argument object, each awaited, as a script would. */
export async function addBatch(args: { command: string; items: Record<string, unknown>[] }): Promise<BatchResult> {
  const { run } = (window as unknown as ScriptedWindow).emh.commands;
  const addMs: number[] = [];
  const results: unknown[] = [];
  const t0 = performance.now();
  for (const item of args.items) {
    const t = performance.now();
    try {
      results.push(await run(args.command, item));
    } catch (error) {
      return {
        totalMs: Number.NaN,
        addMs,
        results,
        error: `add ${addMs.length + 1}: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    addMs.push(performance.now() - t);
  }
  return { totalMs: performance.now() - t0, addMs, results };
}

export type UiAction = { command: string; args: Record<string, unknown> } | { click: string };
/** What must be on screen: a lesion's notes field, a row count, a new row order; null: just the next paint. */
export type UiUntil = { notes: { lesionId: string; text: string } } | { count: number } | { orderChanges: true } | null;

export interface UiTiming {
  /** Action start -> the change painted. */
  ms?: number;
  /** Action start -> the command resolved (or the click returned). */
  actionMs: number;
  error?: string;
}

export async function timeUiChange(args: { action: UiAction; until: UiUntil; mark?: string; timeoutMs: number }): Promise<UiTiming> {
  const afterPaint = (inFrame: boolean): Promise<number> =>
    new Promise((resolve) => {
      const post = (): void => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve(performance.now());
        channel.port2.postMessage(null);
      };
      if (inFrame) post();
      else requestAnimationFrame(post);
    });
  const rowOrder = (): string =>
    Array.from(document.querySelectorAll('[data-testid^="lesion-row-"]'), (e) => e.getAttribute('data-testid'))
      .slice(0, 20)
      .join(',');
  const until = args.until;
  // Only when needed: reading 500 rows is not free, and it happens before the clock starts.
  const orderBefore = until !== null && 'orderChanges' in until ? rowOrder() : '';
  const visible = (): boolean => {
    if (until === null) return true;
    if ('notes' in until) {
      const input = document.querySelector<HTMLInputElement>(`[data-testid="notes-${CSS.escape(until.notes.lesionId)}"]`);
      return input?.value === until.notes.text;
    }
    if ('count' in until) return document.querySelector('.emh-count')?.textContent === String(until.count);
    return rowOrder() !== orderBefore;
  };
  let done = false;
  let frame = 0;
  const observer = new MutationObserver(() => {
    if (visible()) finish('dom');
  });
  let finish: (how: 'dom' | 'frame' | 'timeout') => void = () => undefined;
  const seen = new Promise<'dom' | 'frame' | 'timeout'>((resolve) => {
    const timer = setTimeout(() => finish('timeout'), args.timeoutMs);
    finish = (how) => {
      if (done) return;
      done = true;
      observer.disconnect();
      cancelAnimationFrame(frame);
      clearTimeout(timer);
      resolve(how);
    };
  });
  // The observer catches DOM changes made outside a frame (React commits after the command);
  // the polling frame catches property-only changes (an input's value) the observer cannot see.
  observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  const poll = (): void => {
    if (visible() && until !== null) finish('frame');
    else if (!done) frame = requestAnimationFrame(poll);
  };
  frame = requestAnimationFrame(poll);

  if (args.mark) performance.mark(args.mark);
  const t0 = performance.now();
  try {
    const action = args.action;
    if ('click' in action) {
      const button = document.querySelector<HTMLElement>(`[data-testid="${action.click}"]`);
      if (!button) throw new Error(`no [data-testid="${action.click}"]`);
      button.click();
    } else {
      await (window as unknown as ScriptedWindow).emh.commands.run(action.command, action.args);
    }
  } catch (error) {
    finish('timeout');
    return { actionMs: performance.now() - t0, error: error instanceof Error ? error.message : String(error) };
  }
  const actionMs = performance.now() - t0;
  if (until === null || visible()) finish('dom');
  const how = await seen;
  if (args.mark) performance.clearMarks(args.mark);
  if (how === 'timeout') return { actionMs, error: `change not on screen after ${args.timeoutMs} ms` };
  return { ms: (await afterPaint(how === 'frame')) - t0, actionMs };
}

/** Times `command` `times` times, each awaited. */
export async function timeCommand(args: { command: string; args: Record<string, unknown>; times: number }): Promise<number[]> {
  const { run } = (window as unknown as ScriptedWindow).emh.commands;
  const ms: number[] = [];
  for (let i = 0; i < args.times; i++) {
    const t = performance.now();
    await run(args.command, args.args);
    ms.push(performance.now() - t);
  }
  return ms;
}
