/**
 * In-page probe for the ROI drag (runs through evaluateInPage: self-contained, type imports
 * only). Neither page exposes Cornerstone, so the probe watches what the user sees: the
 * annotation SVG layer Cornerstone draws into. A MutationObserver notes every change of
 * the on-image text (the statistics: "Mean: 45 HU ..." on the plain tool, "Liver 45 HU"
 * on the viewer's) and of the ellipse geometry, and a capture listener on window notes
 * each mousemove's event.timeStamp (window capture runs before Cornerstone's document
 * listener, which stops propagation while dragging).
 *
 * Painted: Cornerstone draws the SVG inside requestAnimationFrame, so a MessageChannel
 * message posted from the observer runs after that frame's style, layout and paint; its
 * time is taken as "on screen" (presentation adds up to one vsync on real hardware, the
 * same for both pages). State lives under a Symbol.for key, invisible to page code.
 */

export interface TextChange {
  dom: number;
  /** NaN until the frame has been painted. */
  paint: number;
  /** event.timeStamp of the last mousemove before the change, and how many moves so far. */
  lastMove: number;
  moves: number;
  text: string;
}

export interface ShapeChange {
  dom: number;
  paint: number;
}

export interface ProbeLog {
  moves: number[];
  texts: TextChange[];
  shapes: ShapeChange[];
}

export interface ProbeCounts {
  moves: number;
  texts: number;
  shapes: number;
  ellipses: number;
  text: string;
  /** rx of the first ellipse in CSS pixels (canvas coordinates are CSS pixels). */
  rx: number;
}

interface ProbeState extends ProbeLog {
  svg: Element;
  lastText: string;
  lastShape: string;
  waiters: Set<() => void>;
}

/** Installs the probe on the SVG layer of the viewport under page point `at`; returns an error or null. */
export function installRoiProbe(args: { at: [number, number] }): string | null {
  const key = Symbol.for('emh-bench-roi');
  const layers = Array.from(document.querySelectorAll('svg.svg-layer'));
  const svg = layers.find((layer) => {
    const box = layer.getBoundingClientRect();
    return args.at[0] >= box.left && args.at[0] <= box.right && args.at[1] >= box.top && args.at[1] <= box.bottom;
  });
  if (!svg) return `no Cornerstone SVG layer under (${args.at.join(', ')}); ${layers.length} layers on the page`;
  const textOf = (): string => Array.from(svg.querySelectorAll('text'), (t) => t.textContent ?? '').join(' | ');
  const shapeOf = (): string =>
    Array.from(svg.querySelectorAll('ellipse'), (e) => ['cx', 'cy', 'rx', 'ry'].map((a) => e.getAttribute(a)).join(',')).join(';');
  const state: ProbeState = { svg, moves: [], texts: [], shapes: [], lastText: textOf(), lastShape: shapeOf(), waiters: new Set() };
  const afterPaint = (record: (t: number) => void): void => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      record(performance.now());
      for (const waiter of [...state.waiters]) waiter();
    };
    channel.port2.postMessage(null);
  };
  window.addEventListener('mousemove', (e) => state.moves.push(e.timeStamp), { capture: true, passive: true });
  new MutationObserver(() => {
    const dom = performance.now();
    const shape = shapeOf();
    if (shape !== state.lastShape) {
      state.lastShape = shape;
      const change: ShapeChange = { dom, paint: Number.NaN };
      state.shapes.push(change);
      afterPaint((t) => (change.paint = t));
    }
    const text = textOf();
    if (text !== state.lastText) {
      state.lastText = text;
      const change: TextChange = {
        dom,
        paint: Number.NaN,
        lastMove: state.moves[state.moves.length - 1] ?? Number.NaN,
        moves: state.moves.length,
        text,
      };
      state.texts.push(change);
      afterPaint((t) => (change.paint = t));
    }
  }).observe(svg, { subtree: true, childList: true, attributes: true, characterData: true });
  (window as unknown as Record<symbol, ProbeState>)[key] = state;
  return null;
}

export function probeCounts(): ProbeCounts {
  const state = (window as unknown as Record<symbol, ProbeState>)[Symbol.for('emh-bench-roi')];
  const ellipse = state.svg.querySelector('ellipse');
  return {
    moves: state.moves.length,
    texts: state.texts.length,
    shapes: state.shapes.length,
    ellipses: state.svg.querySelectorAll('ellipse').length,
    text: state.lastText,
    rx: Number(ellipse?.getAttribute('rx') ?? Number.NaN),
  };
}

/** Resolves true once more than `count` text changes have been painted, false after the timeout. */
export function waitForText(args: { count: number; timeoutMs: number }): Promise<boolean> {
  const state = (window as unknown as Record<symbol, ProbeState>)[Symbol.for('emh-bench-roi')];
  const done = (): boolean => state.texts.length > args.count && state.texts.slice(args.count).every((c) => Number.isFinite(c.paint));
  return new Promise((resolve) => {
    if (done()) return resolve(true);
    const check = (): void => {
      if (!done()) return;
      clearTimeout(timer);
      state.waiters.delete(check);
      resolve(true);
    };
    const timer = setTimeout(() => {
      state.waiters.delete(check);
      resolve(false);
    }, args.timeoutMs);
    state.waiters.add(check);
  });
}

export function readProbe(): ProbeLog {
  const state = (window as unknown as Record<symbol, ProbeState>)[Symbol.for('emh-bench-roi')];
  return { moves: state.moves, texts: state.texts, shapes: state.shapes };
}
