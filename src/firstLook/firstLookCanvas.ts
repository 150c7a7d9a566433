/**
 * The page's side of the first look (firstLookPainter.ts draws it): a canvas placed where the
 * viewer's first viewport will be, handed to the reading worker before the viewer's code has
 * loaded, and removed when the viewer draws its first image, which is the same image, in the same
 * window, in the same place. Part of the entry chunk: small on purpose.
 */
import type { FirstLookShown, ReadReply } from '../data/reader/readerMessages';
import type { Rect } from './firstLookImage';

/** Where the viewer's first viewport drew, for a window of this size: the next visit's place. */
const AREA_KEY = 'emh.firstLook.area';

interface RememberedArea extends Rect {
  windowWidth: number;
  windowHeight: number;
}

/**
 * Where the viewport is in the viewer's layout (styles.css) when no visit has said it yet: the
 * series list's 220 px and the panels' 380 px beside it, a 2 px cell border, and below the
 * toolbar as it is at the viewer's first image: 76 px from 1400 px wide, 112 px below, where its
 * buttons wrap (measured at 1024, 1280, 1400 and 1920 px). Where that guess is wrong the image
 * moves once, when the viewer draws it; later visits know the place.
 */
const LAYOUT = { left: 222, right: 382, bottom: 2, top: (width: number) => (width >= 1400 ? 76 : 112) };

let placeholder: HTMLCanvasElement | null = null;
let shown: { seriesInstanceUID: string; sopInstanceUID: string } | null = null;

/** What the page's URL opens, when it gets a first look: one manifest, or one PACS study. */
export type LookedOpening = { manifest: string } | { study: string };

/**
 * The opening that gets a first look: one manifest, or one study from a PACS, when the page opens
 * nothing else. Several studies open on the latest visit among them, known only once each has
 * been read; `?config=` names its PACS in a file the entry does not read.
 */
export function firstLookOpening(search: string, base: string): LookedOpening | null {
  const params = new URLSearchParams(search);
  if (params.get('prefetch') === 'off' || ['url', 'config', 'empty'].some((name) => params.has(name))) return null;
  const manifests = params.getAll('manifest');
  const studies = params.getAll('study');
  if (manifests.length === 1 && !params.has('dicomweb')) return { manifest: new URL(manifests[0], base).href };
  if (manifests.length === 0 && params.has('dicomweb') && studies.length === 1) return { study: studies[0] };
  return null;
}

function rememberedArea(): Rect | null {
  try {
    const area = JSON.parse(localStorage.getItem(AREA_KEY) ?? 'null') as RememberedArea | null;
    return area && area.windowWidth === innerWidth && area.windowHeight === innerHeight && area.width > 0 && area.height > 0 ? area : null;
  } catch {
    return null; // storage off (a private window) or unreadable: the layout's guess
  }
}

/** The placeholder, on the page and handed over: what the worker draws on, or null if it cannot. */
export function placeFirstLook(): OffscreenCanvas | null {
  if (typeof HTMLCanvasElement.prototype.transferControlToOffscreen !== 'function') return null;
  const area = rememberedArea() ?? {
    left: LAYOUT.left,
    top: LAYOUT.top(innerWidth),
    width: innerWidth - LAYOUT.left - LAYOUT.right,
    height: innerHeight - LAYOUT.top(innerWidth) - LAYOUT.bottom,
  };
  if (area.width < 64 || area.height < 64) return null;
  const pixelRatio = devicePixelRatio || 1;
  const canvas = document.createElement('canvas');
  canvas.className = 'first-look';
  canvas.setAttribute('aria-hidden', 'true');
  Object.assign(canvas.style, {
    position: 'fixed',
    left: `${area.left}px`,
    top: `${area.top}px`,
    width: `${area.width}px`,
    height: `${area.height}px`,
    pointerEvents: 'none',
    zIndex: '5',
  });
  canvas.width = Math.round(area.width * pixelRatio);
  canvas.height = Math.round(area.height * pixelRatio);
  document.body.append(canvas);
  placeholder = canvas;
  // Anything the reader does ends it: from then on the page is the viewer's.
  for (const type of ['pointerdown', 'keydown', 'wheel']) addEventListener(type, () => endFirstLook(), { capture: true, once: true });
  return canvas.transferControlToOffscreen();
}

/** The worker's read of the first look's file: if it drew it, the viewer opens on that image. */
export function firstLookRead(reply: ReadReply): void {
  if (reply.kind !== 'decoded' || !reply.firstLook || !placeholder) return;
  const { seriesInstanceUID, sopInstanceUID } = reply.header;
  shown = { seriesInstanceUID, sopInstanceUID };
  markShown(reply.firstLook, sopInstanceUID);
}

function markShown(look: FirstLookShown, sopInstanceUID: string): void {
  performance.mark('viewer:first-look', { startTime: look.shownAt - performance.timeOrigin, detail: { sopInstanceUID, url: look.url } });
}

/** The instance the first look shows, when it is of this series and still on screen. */
export function firstLookInstance(seriesInstanceUID: string): string | undefined {
  return placeholder && shown?.seriesInstanceUID === seriesInstanceUID ? shown.sopInstanceUID : undefined;
}

/**
 * The viewer drew (or will not draw) its first image: the placeholder goes. `viewerCanvas`, the
 * canvas of a viewport alone in its grid, is where the next visit's first look goes.
 */
export function endFirstLook(viewerCanvas?: HTMLCanvasElement): void {
  placeholder?.remove();
  placeholder = null;
  shown = null;
  if (!viewerCanvas) return;
  const { left, top, width, height } = viewerCanvas.getBoundingClientRect();
  const area: RememberedArea = { left, top, width, height, windowWidth: innerWidth, windowHeight: innerHeight };
  try {
    localStorage.setItem(AREA_KEY, JSON.stringify(area));
  } catch {
    // storage off: the next visit guesses again
  }
}
