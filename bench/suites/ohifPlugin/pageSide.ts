/**
 * In-page measures shared by both hosts of the EMH extension (our viewer and OHIF with the
 * plugin). Each function is sent to the page on its own (evaluateInPage), so each is
 * self-contained: the same code times both hosts.
 */

/** Page time (ms from navigation) when a viewport canvas first shows non-black pixels. */
export async function firstPixelsOnAnyViewport(args: { timeoutMs: number }): Promise<{ ms?: number; error?: string }> {
  const probe = document.createElement('canvas');
  probe.width = 64;
  probe.height = 64;
  const ctx = probe.getContext('2d', { willReadFrequently: true });
  const shows = (canvas: HTMLCanvasElement): boolean => {
    // A downscaled copy into a 2D canvas: works for WebGL and 2D canvases alike.
    if (!ctx || canvas.width === 0 || canvas.height === 0) return false;
    ctx.clearRect(0, 0, 64, 64);
    ctx.drawImage(canvas, 0, 0, 64, 64);
    const data = ctx.getImageData(0, 0, 64, 64).data;
    for (let i = 0; i < data.length; i += 4) if (data[i] + data[i + 1] + data[i + 2] > 30) return true;
    return false;
  };
  const started = performance.now();
  for (;;) {
    const canvases = [...document.querySelectorAll<HTMLCanvasElement>('canvas.cornerstone-canvas')];
    if (canvases.some(shows)) return { ms: performance.now() };
    if (performance.now() - started > args.timeoutMs) return { error: `no image on a viewport after ${args.timeoutMs} ms` };
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}

interface ProbeWindow {
  emhBenchProbe?: { lastMove: number; text: string };
}

/** Starts following mouse moves (capture phase: before Cornerstone sees them) and the watched text. */
export function armTextProbe(args: { selector: string }): string {
  const w = window as unknown as ProbeWindow;
  const text = document.querySelector(args.selector)?.textContent ?? '';
  if (!w.emhBenchProbe) {
    const probe = { lastMove: 0, text };
    document.addEventListener('mousemove', () => (probe.lastMove = performance.now()), { capture: true });
    w.emhBenchProbe = probe;
  }
  w.emhBenchProbe.text = text;
  return text;
}

/**
 * After a mouse move: ms from that move's event to the frame painted with the watched text
 * changed (a MessageChannel message posted from the frame's requestAnimationFrame runs once
 * the frame is drawn); undefined when the text did not change within the timeout.
 */
export async function msUntilTextChanges(args: { selector: string; timeoutMs: number }): Promise<{ ms?: number; text: string }> {
  const probe = (window as unknown as ProbeWindow).emhBenchProbe;
  if (!probe) throw new Error('armTextProbe first');
  const started = performance.now();
  for (;;) {
    const text = document.querySelector(args.selector)?.textContent ?? '';
    if (text !== probe.text) {
      const painted = await new Promise<number>((resolve) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve(performance.now());
        channel.port2.postMessage(null);
      });
      return { ms: painted - probe.lastMove, text };
    }
    if (performance.now() - started > args.timeoutMs) return { text };
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}

/**
 * Runs a command once per argument object, each awaited, as a script would, through the host's
 * own command runner (ours: window.emh.commands; OHIF: its commandsManager, which our commands
 * joined); then waits until the panel lists `rows` lesion rows, painted.
 */
export async function addAndList(args: {
  host: 'ours' | 'ohif';
  command: string;
  items: Record<string, unknown>[];
  rows: number;
  timeoutMs: number;
}): Promise<{ addsMs?: number; listedMs?: number; error?: string }> {
  type Run = (name: string, a: Record<string, unknown>) => unknown;
  const w = window as unknown as {
    emh?: { commands: { run: Run } };
    commandsManager?: { runCommand: Run };
  };
  const run: Run | undefined =
    args.host === 'ours' ? w.emh?.commands.run.bind(w.emh.commands) : w.commandsManager?.runCommand.bind(w.commandsManager);
  if (!run) return { error: `no command runner on the ${args.host} page` };
  const t0 = performance.now();
  try {
    for (const item of args.items) await run(args.command, item);
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  const addsMs = performance.now() - t0;
  for (;;) {
    if (document.querySelectorAll('[data-testid^="lesion-row-L"]').length >= args.rows) {
      await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
      return { addsMs, listedMs: performance.now() - t0 };
    }
    if (performance.now() - t0 > args.timeoutMs)
      return { addsMs, error: `the panel did not list ${args.rows} lesions in ${args.timeoutMs} ms` };
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}
