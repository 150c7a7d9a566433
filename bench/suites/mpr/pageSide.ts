/**
 * Functions that run inside the viewer page (via evaluateInPage): self-contained, only type
 * imports, everything else passed in as arguments.
 */
/** The viewer's window.emh as these functions use it (any command by name). */
interface EmhHooks {
  ready: Promise<unknown>;
  commands: { run(command: string, args: Record<string, unknown>): Promise<unknown> };
}

type Point3 = [number, number, number];

export interface MprStateRead {
  timings: {
    framesAtOpen: number;
    firstRenderMs: number | null;
    framesAtFirstRender: number | null;
    loadedMs: number | null;
    framesLoaded: number;
    totalFrames: number;
  };
  memory: { cacheBytes: number; volumeBytes: number | null; bytesPerVoxel: number | null };
  views: { viewportId: string; plane: string; centre: Point3 | null }[];
}

export interface MprOpened {
  /** ms from the command to its promise resolving (each of the three views drew). */
  layoutMs: number;
  /** ms from navigation start to the same moment. */
  drawnAtMs: number;
  /** ms from navigation start to the command. */
  askedAtMs: number;
  views: number;
  error?: string;
}

export async function openMpr(args: { timeoutMs: number }): Promise<MprOpened> {
  const emh = (window as unknown as { emh?: EmhHooks }).emh;
  if (!emh?.commands) return { layoutMs: NaN, drawnAtMs: NaN, askedAtMs: NaN, views: 0, error: 'window.emh.commands missing' };
  const asked = performance.now();
  let timer = 0;
  try {
    const views = await Promise.race([
      emh.commands.run('viewport.layout', { layout: 'mpr' }),
      new Promise<never>((_, reject) => {
        timer = window.setTimeout(() => reject(new Error(`viewport.layout mpr unresolved after ${args.timeoutMs} ms`)), args.timeoutMs);
      }),
    ]);
    const done = performance.now();
    return { layoutMs: done - asked, drawnAtMs: done, askedAtMs: asked, views: Array.isArray(views) ? views.length : 0 };
  } catch (e) {
    return { layoutMs: NaN, drawnAtMs: NaN, askedAtMs: asked, views: 0, error: e instanceof Error ? e.message : String(e) };
  } finally {
    window.clearTimeout(timer);
  }
}

/** Resolves with mprState once the volume has all its slices (or after timeoutMs). */
export async function whenVolumeLoaded(args: { timeoutMs: number }): Promise<MprStateRead | null> {
  const emh = (window as unknown as { emh?: EmhHooks }).emh;
  const until = performance.now() + args.timeoutMs;
  for (;;) {
    const state = (await emh?.commands.run('viewport.mprState', {})) as MprStateRead | null | undefined;
    if (!state || state.timings.loadedMs !== null || performance.now() > until) return state ?? null;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Counts IMAGE_RENDERED per viewport and mouse down/up times, from now until readDragCount. */
export function startDragCount(args: { renderedEvent: string }): void {
  const record = { renders: [] as [string, number][], down: NaN, up: NaN, moves: 0 };
  (window as unknown as { __mprBenchDrag?: typeof record }).__mprBenchDrag = record;
  document.addEventListener(
    args.renderedEvent,
    (e) => record.renders.push([(e as CustomEvent<{ viewportId?: string } | null>).detail?.viewportId ?? 'unknown', performance.now()]),
    true,
  );
  document.addEventListener('pointerdown', () => (record.down = performance.now()), true);
  document.addEventListener(
    'pointermove',
    () => (record.moves += Number.isFinite(record.down) && !Number.isFinite(record.up) ? 1 : 0),
    true,
  );
  document.addEventListener('pointerup', () => (record.up = performance.now()), true);
}

export interface DragCount {
  dragMs: number;
  moves: number;
  /** Renders between pointer down and up, per viewport. */
  frames: [string, number][];
}

export function readDragCount(): DragCount {
  const record = (window as unknown as { __mprBenchDrag?: { renders: [string, number][]; down: number; up: number; moves: number } })
    .__mprBenchDrag;
  if (!record) return { dragMs: NaN, moves: 0, frames: [] };
  const frames = new Map<string, number>();
  for (const [id, t] of record.renders) if (t >= record.down && t <= record.up) frames.set(id, (frames.get(id) ?? 0) + 1);
  return { dragMs: record.up - record.down, moves: record.moves, frames: [...frames.entries()] };
}

export interface GrowTimes {
  ms: number[];
  voxels: number[];
  volumeMl: number[];
  error?: string;
}

/** Adds the lesion, then grows its segment `repeats` times (each replaces the last). */
export async function growLesion(args: {
  seriesInstanceUID: string;
  instanceNumber: number;
  longAxis: number[][];
  shortAxis: number[][];
  seed: number[];
  range: number[];
  repeats: number;
}): Promise<GrowTimes> {
  const emh = (window as unknown as { emh?: EmhHooks }).emh;
  const out: GrowTimes = { ms: [], voxels: [], volumeMl: [] };
  if (!emh?.commands) return { ...out, error: 'window.emh.commands missing' };
  try {
    const lesionId = (await emh.commands.run('emh.addLesion', {
      seriesInstanceUID: args.seriesInstanceUID,
      instanceNumber: args.instanceNumber,
      longAxis: args.longAxis,
      shortAxis: args.shortAxis,
    })) as string;
    for (let i = 0; i < args.repeats; i++) {
      const t0 = performance.now();
      const grown = (await emh.commands.run('emh.segmentLesion', {
        lesionId,
        seriesInstanceUID: args.seriesInstanceUID,
        seed: args.seed,
        range: args.range,
      })) as { voxels: number; volumeMl: number };
      out.ms.push(performance.now() - t0);
      out.voxels.push(grown.voxels);
      out.volumeMl.push(grown.volumeMl);
    }
  } catch (e) {
    out.error = e instanceof Error ? e.message : String(e);
  }
  return out;
}
