/**
 * The lesion segments on the stack images: on every cell showing the segment's series, on the
 * images where it has voxels, a translucent fill and an outline in the lesion's colour, drawn
 * pixel for pixel on a canvas of its own laid over the image (under the annotations), placed
 * through the viewport's worldToCanvas so it follows pan, zoom, scroll, flips and rotation.
 *
 * Why not Cornerstone's labelmap representation: the stacks are drawn by Cornerstone's CPU
 * renderer (faster on software WebGL); a stack labelmap is mounted as vtk image actors
 * (StackViewport.addImages → addActors), which only the GPU path draws: the CPU path draws the
 * base image alone (drawImageSync), so the labelmap would never appear. Drawing as the R2* map
 * does costs one drawImage per segment per render.
 */
import { Enums, type Types } from '@cornerstonejs/core';
import type { HostServices } from '../../../src/extensions/hostServices';
import { LESION_COLOURS } from '../followUp/rules/changeChart';
import type { SlicePoint } from './rules/brushDisc';
import { compactSlice } from './rules/segmentEdits';
import type { LesionSegmentRecord, SegmentStore } from './rules/segmentStore';
import { clearedOverlay } from '../shared/overlayCanvas';

const FILL_ALPHA = 0.35;

/** What is drawn besides the segments: a region being drawn or waiting for its pair, a brush stroke. */
export interface OverlaySketch {
  readonly seriesInstanceUID: string;
  readonly instanceNumber: number;
  readonly kind: 'region' | 'stroke' | 'erase';
  readonly points: readonly SlicePoint[];
  /** Brush radius in pixels along columns and rows (strokes only). */
  readonly radiusPx?: readonly [number, number];
  readonly closed: boolean;
}

export interface OverlaySource {
  shown(lesionId: string): boolean;
  sketches(): readonly OverlaySketch[];
}

/** The colour of a lesion: the follow-up chart's, by its number (L1 the first). */
export function lesionColour(lesionId: string): string {
  const n = Number(/\d+/.exec(lesionId)?.[0] ?? '1');
  return LESION_COLOURS[(Math.max(1, n) - 1) % LESION_COLOURS.length] ?? '#4aa3ff';
}

function rgb(hex: string): [number, number, number] {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

/** A slice of a segment as an image of its box: fill translucent, outline (pixels at the edge) opaque. */
function sliceImage(record: LesionSegmentRecord, slice: number): { canvas: HTMLCanvasElement; column: number; row: number } | null {
  const part = compactSlice(record.mask, slice);
  if (!part) return null;
  const { width, height, pixels } = part;
  const [r, g, b] = rgb(lesionColour(record.lesionId));
  const data = new ImageData(width, height);
  const at = (x: number, y: number): number => (x < 0 || y < 0 || x >= width || y >= height ? 0 : pixels[y * width + x]!);
  for (let y = 0; y < height; y += 1)
    for (let x = 0; x < width; x += 1) {
      if (!at(x, y)) continue;
      const edge = !at(x - 1, y) || !at(x + 1, y) || !at(x, y - 1) || !at(x, y + 1);
      const k = 4 * (y * width + x);
      data.data[k] = r;
      data.data[k + 1] = g;
      data.data[k + 2] = b;
      data.data[k + 3] = edge ? 255 : Math.round(255 * FILL_ALPHA);
    }
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  canvas.getContext('2d')?.putImageData(data, 0, 0);
  return { canvas, column: part.column, row: part.row };
}

interface Layer {
  readonly element: HTMLDivElement;
  readonly canvas: HTMLCanvasElement;
  readonly stop: () => void;
  /** Cleared and nothing drawn since: every render of a study without segments leaves it alone. */
  blank: boolean;
}

export class SegmentOverlay {
  readonly #layers = new Map<number, Layer>();
  /** Slice images per record (a new record for every change, so nothing stale is reused). */
  #images = new WeakMap<LesionSegmentRecord, Map<number, ReturnType<typeof sliceImage>>>();
  #stop: (() => void) | null = null;

  constructor(
    private readonly services: HostServices,
    private readonly segments: SegmentStore,
    private readonly source: OverlaySource,
  ) {}

  start(): void {
    const stops = [this.services.viewports.subscribe(() => this.follow()), this.segments.subscribe(() => this.drawAll())];
    this.#stop = () => stops.forEach((stop) => stop());
    this.follow();
  }

  stop(): void {
    this.#stop?.();
    for (const layer of this.#layers.values()) this.#remove(layer);
    this.#layers.clear();
  }

  #remove(layer: Layer): void {
    layer.stop();
    layer.canvas.remove();
  }

  /** A layer on each mounted cell (cells come and go with the layout and MPR). */
  follow(): void {
    for (const index of [0, 1, 2, 3]) {
      const element = this.services.viewports.element(index);
      const layer = this.#layers.get(index);
      if (layer && layer.element === element && layer.canvas.isConnected) continue;
      if (layer) {
        this.#remove(layer);
        this.#layers.delete(index);
      }
      if (!element) continue;
      const canvas = document.createElement('canvas');
      canvas.className = 'emh-segment-overlay';
      canvas.dataset.testid = `segment-overlay-${index}`;
      canvas.style.cssText = 'position:absolute;left:0;top:0;width:100%;height:100%;pointer-events:none;';
      const imageCanvas = element.querySelector('canvas.cornerstone-canvas');
      if (imageCanvas) imageCanvas.after(canvas);
      else element.append(canvas);
      const rendered = (): void => this.draw(index);
      element.addEventListener(Enums.Events.IMAGE_RENDERED, rendered);
      this.#layers.set(index, {
        element,
        canvas,
        stop: () => element.removeEventListener(Enums.Events.IMAGE_RENDERED, rendered),
        blank: false,
      });
    }
    this.drawAll();
  }

  drawAll(): void {
    for (const index of this.#layers.keys()) this.draw(index);
  }

  /** What cell `index` shows now: its series and the place of its image in the series. */
  #showing(
    index: number,
  ): { viewport: Types.IStackViewport; imageId: string; seriesInstanceUID: string; slice: number; instanceNumber: number } | null {
    const viewport = this.services.viewports.viewport(index);
    const series = this.services.viewports.seriesIn(index);
    const imageId = viewport?.getCurrentImageId();
    if (!viewport || !series || !imageId) return null;
    const slice = series.instances.findIndex((i) => i.imageIds[0] === imageId);
    if (slice < 0) return null;
    return {
      viewport,
      imageId,
      seriesInstanceUID: series.seriesInstanceUID,
      slice,
      instanceNumber: series.instances[slice]!.header.instanceNumber ?? -1,
    };
  }

  draw(index: number): void {
    const layer = this.#layers.get(index);
    if (!layer) return;
    const { element, canvas } = layer;
    // Sizing the canvas reads the layout and clearing it makes the compositor redo it: on every
    // render of every slice while a series loads, for nothing, when there is nothing to draw.
    const nothing = this.segments.segments().length === 0 && this.source.sketches().length === 0;
    if (nothing && layer.blank) return;
    const overlay = clearedOverlay(element, canvas);
    if (!overlay) return;
    layer.blank = nothing;
    if (nothing) {
      canvas.dataset.segments = '0';
      return;
    }
    const { context, ratio } = overlay;
    const showing = this.#showing(index);
    // A cell between stacks has an image id before its image data: nothing to place yet.
    if (!showing || !showing.viewport.getImageData()) return;
    const { viewport, imageId } = showing;
    const toCanvas = (column: number, row: number): Types.Point2 =>
      viewport.worldToCanvas([...this.services.geometry.indexToWorld(imageId, [column, row])] as Types.Point3);
    // The affine map from image pixels to canvas pixels, from three corners.
    const origin = toCanvas(0, 0);
    const across = toCanvas(1, 0);
    const down = toCanvas(0, 1);
    const matrix = (dx: number, dy: number): void =>
      context.setTransform(
        ratio * (across[0] - origin[0]),
        ratio * (across[1] - origin[1]),
        ratio * (down[0] - origin[0]),
        ratio * (down[1] - origin[1]),
        ratio * (origin[0] + (across[0] - origin[0]) * dx + (down[0] - origin[0]) * dy),
        ratio * (origin[1] + (across[1] - origin[1]) * dx + (down[1] - origin[1]) * dy),
      );
    context.imageSmoothingEnabled = false;
    let drawn = 0;
    for (const record of this.segments.segments()) {
      if (record.seriesInstanceUID !== showing.seriesInstanceUID || !this.source.shown(record.lesionId)) continue;
      let cache = this.#images.get(record);
      if (!cache) this.#images.set(record, (cache = new Map()));
      if (!cache.has(showing.slice)) cache.set(showing.slice, sliceImage(record, showing.slice));
      const image = cache.get(showing.slice);
      if (!image) continue;
      // Pixel centres are on whole numbers: the box's first pixel covers column - 0.5 to column + 0.5.
      matrix(image.column - 0.5, image.row - 0.5);
      context.drawImage(image.canvas, 0, 0);
      drawn += 1;
    }
    canvas.dataset.segments = String(drawn);
    for (const sketch of this.source.sketches()) {
      if (sketch.seriesInstanceUID !== showing.seriesInstanceUID || sketch.instanceNumber !== showing.instanceNumber) continue;
      this.#sketch(context, sketch, toCanvas, ratio);
    }
  }

  #sketch(context: CanvasRenderingContext2D, sketch: OverlaySketch, toCanvas: (c: number, r: number) => Types.Point2, ratio: number): void {
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.lineWidth = 1.5;
    if (sketch.kind === 'region') {
      context.strokeStyle = '#ffe082';
      context.setLineDash(sketch.closed ? [6, 4] : []);
      context.beginPath();
      sketch.points.forEach(([c, r], k) => {
        const [x, y] = toCanvas(c, r);
        if (k === 0) context.moveTo(x, y);
        else context.lineTo(x, y);
      });
      if (sketch.closed) context.closePath();
      context.stroke();
      context.setLineDash([]);
      return;
    }
    const [rc, rr] = sketch.radiusPx ?? [1, 1];
    context.fillStyle = sketch.kind === 'erase' ? 'rgba(0, 0, 0, 0.45)' : 'rgba(255, 224, 130, 0.35)';
    context.strokeStyle = sketch.kind === 'erase' ? '#ff8a80' : '#ffe082';
    for (const [c, r] of sketch.points) {
      const centre = toCanvas(c, r);
      const a = toCanvas(c + rc, r);
      const b = toCanvas(c, r + rr);
      context.beginPath();
      context.ellipse(
        centre[0],
        centre[1],
        Math.hypot(a[0] - centre[0], a[1] - centre[1]),
        Math.hypot(b[0] - centre[0], b[1] - centre[1]),
        Math.atan2(a[1] - centre[1], a[0] - centre[0]),
        0,
        2 * Math.PI,
      );
      context.fill();
      if (sketch.points.length === 1 || !sketch.closed) context.stroke();
    }
  }
}
