/**
 * Functions that run inside the viewer page (via evaluateInPage): self-contained, type
 * imports only.
 */
interface Commands {
  run(name: string, args?: Record<string, unknown>): Promise<unknown>;
}
interface Emh {
  ready: Promise<unknown>;
  series(): { studyInstanceUID: string; imageCount: number }[];
  commands: Commands;
}

export interface BesideArgs {
  priorStudy: string;
  timeoutMs: number;
}

export interface BesideTimes {
  /** From navigation until the prior's first image is on screen beside the current one. */
  bothFirstImagesMs?: number;
  /** From the click (command) to the prior on screen, and to the registration done. */
  besideShownAfterMs?: number;
  registeredAfterMs?: number;
  method?: string;
  error?: string;
}

/**
 * As soon as the prior has arrived, opens it beside the current study, as a reader would click
 * "Open beside" the moment it is listed.
 */
export async function openBesideAsap(args: BesideArgs): Promise<BesideTimes> {
  const emh = (window as unknown as { emh: Emh }).emh;
  await emh.ready;
  const started = performance.now();
  const wait = async (ok: () => Promise<boolean> | boolean, what: string): Promise<void> => {
    while (!(await ok())) {
      if (performance.now() - started > args.timeoutMs) throw new Error(`${what} not reached in ${args.timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  try {
    await wait(() => emh.series().some((s) => s.studyInstanceUID === args.priorStudy) && emh.series().length >= 2, 'both studies');
    // The current study on screen first: the prior opens beside what is shown.
    await wait(async () => (await emh.commands.run('viewport.image', { viewport: 0 })) !== null, 'first image');
    const clicked = performance.now();
    const opened = emh.commands.run('viewer.openBeside', { studyInstanceUID: args.priorStudy }) as Promise<{ method: string }>;
    let shownAt = 0;
    await wait(async () => {
      const right = (await emh.commands.run('viewport.image', { viewport: 1 })) as { studyInstanceUID: string } | null;
      if (right?.studyInstanceUID !== args.priorStudy) return false;
      shownAt = performance.now();
      return true;
    }, 'prior beside');
    const { method } = await opened;
    return {
      bothFirstImagesMs: shownAt,
      besideShownAfterMs: shownAt - clicked,
      registeredAfterMs: performance.now() - clicked,
      method,
    };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

export interface SyncScrollArgs {
  steps: number;
  renderedEvent: string;
  shiftZ: number;
}

export interface SyncScrollResult {
  elapsedMs: number;
  framesByViewport: [string, number][];
  /** After the last step: |prior z - shift - current z|, mm. */
  finalErrorMm: number | null;
}

/** Steps the left viewport `steps` times with the page's command; the right one follows by sync. */
export async function syncScroll(args: SyncScrollArgs): Promise<SyncScrollResult> {
  const emh = (window as unknown as { emh: Emh }).emh;
  const frames = new Map<string, number>();
  const onRendered = (e: Event): void => {
    const id = (e as CustomEvent<{ viewportId?: string } | null>).detail?.viewportId ?? 'unknown';
    frames.set(id, (frames.get(id) ?? 0) + 1);
  };
  document.addEventListener(args.renderedEvent, onRendered, true);
  const started = performance.now();
  for (let i = 0; i < args.steps; i++) await emh.commands.run('viewport.scroll', { delta: 1 });
  // The follower's last frame comes a moment after the leader's: wait for it (bounded).
  type Shown = { imagePositionPatient: [number, number, number] } | null;
  const z = async (v: number) => ((await emh.commands.run('viewport.image', { viewport: v })) as Shown)?.imagePositionPatient[2];
  let error: number | null = null;
  for (let tries = 0; tries < 50; tries++) {
    const [left, right] = [await z(0), await z(1)];
    error = left === undefined || right === undefined ? null : Math.abs(right - args.shiftZ - left);
    if (error !== null && error < 0.5) break;
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
  const elapsedMs = performance.now() - started;
  document.removeEventListener(args.renderedEvent, onRendered, true);
  return { elapsedMs, framesByViewport: [...frames.entries()], finalErrorMm: error };
}
