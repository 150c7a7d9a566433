import type { Types } from '@cornerstonejs/core';
import type { ImageGeometry } from '../../../src/geometry/imageGeometry';
import { legendTicks, mapPixels, R2STAR_SCALE_HZ, r2starColour, valueLabel } from './rules/r2starColours';
import type { R2starMap } from './rules/r2starMap';
import { clearedOverlay } from '../shared/overlayCanvas';

/**
 * Draws an R2* map over one viewport: a canvas of its own laid over Cornerstone's image
 * canvas (under the annotations' SVG), each map pixel drawn as a square at the image pixel it
 * belongs to through the viewport's worldToCanvas, so it follows pan, zoom and any rotation
 * or flip at every render; and a legend in the cell with the value under the cursor.
 *
 * A canvas rather than Cornerstone's labelmap / fusion: a labelmap holds integer labels (the
 * map's colours would be quantised labels with their own colour table, and `emh.r2starAt`
 * would read labels back, not Hz), it belongs to a segmentation tied to the stack's images
 * (here one map serves the 12 echoes of a position), and a fusion viewport would need a
 * second image stack of floats. The canvas keeps the values in Hz, the colours exactly the
 * colour scale's, and costs one drawImage per render.
 */

const OPACITY = 0.6;
const CSS = `
.emh-r2star-map { position: absolute; left: 0; top: 0; width: 100%; height: 100%; pointer-events: none; opacity: ${OPACITY}; }
.emh-r2star-legend { position: absolute; left: 8px; bottom: 8px; z-index: 3;
  pointer-events: none; background: rgba(12, 14, 18, 0.85); border: 1px solid #3a4048; border-radius: 4px;
  padding: 6px 8px; color: #e6e8eb; font-size: 12px; line-height: 1.2; font-variant-numeric: tabular-nums; }
.emh-r2star-legend .title { font-weight: 600; margin-bottom: 4px; white-space: nowrap; }
.emh-r2star-legend .scale { display: grid; grid-template-columns: 44px 14px 44px; column-gap: 6px; height: 150px; margin: 6px 0; }
.emh-r2star-legend .ticks { position: relative; }
.emh-r2star-legend .ticks span { position: absolute; transform: translateY(50%); white-space: nowrap; }
.emh-r2star-legend .hz span { right: 0; }
.emh-r2star-legend canvas { width: 14px; height: 150px; border: 1px solid #5b6470; box-sizing: border-box; }
.emh-r2star-legend .heads { display: grid; grid-template-columns: 44px 14px 44px; column-gap: 6px; color: #aeb6c0; white-space: nowrap; }
.emh-r2star-legend .heads span:first-child { text-align: right; }
.emh-r2star-legend .value { margin-top: 4px; width: 150px; min-height: 2.4em; color: #fff; }
`;

function ensureStyle(): void {
  if (document.querySelector('style[data-emh-r2star]')) return;
  const style = document.createElement('style');
  style.dataset.emhR2star = '';
  style.textContent = CSS;
  document.head.append(style);
}

function legendElement(): { root: HTMLDivElement; value: HTMLDivElement } {
  const root = document.createElement('div');
  root.className = 'emh-r2star-legend';
  root.dataset.testid = 'r2star-legend';
  const title = document.createElement('div');
  title.className = 'title';
  title.textContent = 'R2* map';
  const heads = document.createElement('div');
  heads.className = 'heads';
  heads.innerHTML = '<span>R2* Hz</span><span></span><span>T2* ms</span>';
  const scale = document.createElement('div');
  scale.className = 'scale';
  const hz = document.createElement('div');
  hz.className = 'ticks hz';
  const ms = document.createElement('div');
  ms.className = 'ticks ms';
  for (const tick of legendTicks()) {
    const bottom = `${(tick.at * 100).toFixed(1)}%`;
    const left = document.createElement('span');
    left.style.bottom = bottom;
    left.textContent = tick.hzLabel;
    hz.append(left);
    const right = document.createElement('span');
    right.style.bottom = bottom;
    right.textContent = tick.t2starLabel;
    ms.append(right);
  }
  // The bar is drawn with the overlay's own colours, 256 steps from the bottom up.
  const bar = document.createElement('canvas');
  bar.width = 1;
  bar.height = 256;
  const context = bar.getContext('2d');
  if (context) {
    const [low, high] = R2STAR_SCALE_HZ;
    for (let y = 0; y < 256; y++) {
      const [r, g, b] = r2starColour(high - ((high - low) * y) / 255);
      context.fillStyle = `rgb(${r}, ${g}, ${b})`;
      context.fillRect(0, y, 1, 1);
    }
  }
  scale.append(hz, bar, ms);
  const value = document.createElement('div');
  value.className = 'value';
  value.dataset.testid = 'r2star-value';
  value.textContent = 'Point at the image for its R2*';
  root.append(title, heads, scale, value);
  return { root, value };
}

export class R2starMapView {
  readonly #canvas = document.createElement('canvas');
  readonly #legend = legendElement();
  #pixels: HTMLCanvasElement | null = null;
  #map: R2starMap | null = null;
  #imageId: string | null = null;

  constructor(
    private readonly element: HTMLDivElement,
    private readonly viewport: () => Types.IStackViewport | undefined,
    private readonly geometry: ImageGeometry,
  ) {
    ensureStyle();
    this.#canvas.className = 'emh-r2star-map';
    this.#canvas.dataset.testid = 'r2star-map';
    const imageCanvas = element.querySelector('canvas.cornerstone-canvas');
    if (imageCanvas) imageCanvas.after(this.#canvas);
    else element.append(this.#canvas);
    element.parentElement?.append(this.#legend.root);
  }

  /** The map to show on `imageId` (any echo of its position), or none while it is computed. */
  setMap(map: R2starMap | null, imageId: string | null): void {
    this.#imageId = imageId;
    // Colours are made once per map; pan, zoom and the echoes of one position only redraw them.
    if (map === this.#map) {
      this.draw();
      return;
    }
    this.#map = map;
    if (!map) {
      this.#pixels = null;
    } else {
      const pixels = document.createElement('canvas');
      pixels.width = map.columns;
      pixels.height = map.rows;
      pixels.getContext('2d')?.putImageData(new ImageData(mapPixels(map.r2starHz), map.columns, map.rows), 0, 0);
      this.#pixels = pixels;
    }
    this.draw();
  }

  showValue(r2starHz: number | null): void {
    this.#legend.value.textContent = valueLabel(r2starHz);
  }

  /** Redraws at the viewport's current camera; called at every render of the viewport. */
  draw(): void {
    const canvas = this.#canvas;
    const overlay = clearedOverlay(this.element, canvas);
    if (!overlay) return;
    const { context, ratio } = overlay;
    const viewport = this.viewport();
    const pixels = this.#pixels;
    const imageId = this.#imageId;
    if (!viewport || !pixels || !imageId) return;
    // Pixel centres are on integers: pixel (0, 0) covers -0.5 to 0.5. Three corners fix the
    // affine map from map pixels to canvas pixels.
    const at = (column: number, row: number): Types.Point2 =>
      viewport.worldToCanvas([...this.geometry.indexToWorld(imageId, [column, row])] as Types.Point3);
    const origin = at(-0.5, -0.5);
    const across = at(pixels.width - 0.5, -0.5);
    const down = at(-0.5, pixels.height - 0.5);
    context.setTransform(
      (ratio * (across[0] - origin[0])) / pixels.width,
      (ratio * (across[1] - origin[1])) / pixels.width,
      (ratio * (down[0] - origin[0])) / pixels.height,
      (ratio * (down[1] - origin[1])) / pixels.height,
      ratio * origin[0],
      ratio * origin[1],
    );
    context.imageSmoothingEnabled = false;
    context.drawImage(pixels, 0, 0);
  }

  remove(): void {
    this.#canvas.remove();
    this.#legend.root.remove();
  }
}
