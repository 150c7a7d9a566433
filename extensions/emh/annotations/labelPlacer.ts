import {
  StackViewport,
  cache,
  eventTarget,
  getEnabledElement,
  getEnabledElements,
  metaData,
  utilities as csUtils,
  type Types,
} from '@cornerstonejs/core';
import { Enums as ToolEnums, annotation as annotationApi, utilities as toolUtils, type Types as ToolTypes } from '@cornerstonejs/tools';
import type { ImageGeometry } from '../../../src/geometry/imageGeometry';
import { isEmhToolName } from './rules/mappings/toolMappings';
import { backgroundThreshold, placeLabel, type Box } from './rules/labelPlacement';

type RenderedEvent = CustomEvent<{ element: HTMLDivElement }>;
type CompletedEvent = CustomEvent<{ annotation: ToolTypes.Annotation }>;

/** Cornerstone's label font and the box around its text (measured on its drawings). */
const LABEL_FONT = '14px Helvetica, Arial, sans-serif';
const LINE_HEIGHT = 14 * 1.2;
/** Labels keep this far from the viewport's edge, in canvas pixels. */
const EDGE = 4;
const DRAWN_BOX_OFFSET: [number, number] = [25, 28.8];

let measuring: CanvasRenderingContext2D | null = null;

function measureLabel(label: string): { width: number; height: number } {
  measuring ??= document.createElement('canvas').getContext('2d');
  const lines = label.split('\n');
  if (measuring) measuring.font = LABEL_FONT;
  const width = Math.max(...lines.map((line) => measuring?.measureText(line).width ?? line.length * 8));
  return { width: Math.ceil(width), height: Math.ceil(lines.length * LINE_HEIGHT + 4) };
}

interface Placement {
  /** What the placement was made for; a change in any part places the label again. */
  readonly key: string;
  readonly world: Types.Point3;
}

/** Pixel values read for the background threshold (a strided sample of the image). */
const THRESHOLD_SAMPLES = 4096;

function boxOf(points: readonly (readonly number[])[]): Box {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}

function beingEdited(annotation: ToolTypes.Annotation): boolean {
  return annotation.highlighted === true || (annotation.data.handles?.activeHandleIndex ?? null) !== null;
}

/** An image's values as the reader sees them: modality values, luminance for colour. */
class ImageValues {
  readonly columns: number;
  readonly rows: number;
  readonly threshold: number;
  private readonly pixels: Types.PixelDataTypedArray;
  private readonly components: number;
  private readonly slope: number;
  private readonly intercept: number;

  constructor(image: Types.IImage, hounsfield: boolean) {
    this.columns = image.columns;
    this.rows = image.rows;
    this.pixels = image.getPixelData();
    this.components = Math.max(1, Math.round(this.pixels.length / (image.columns * image.rows)));
    const scaled = image.preScale?.scaled === true;
    this.slope = scaled ? 1 : (image.slope ?? 1);
    this.intercept = scaled ? 0 : (image.intercept ?? 0);
    const count = image.columns * image.rows;
    const stride = Math.max(1, Math.floor(count / THRESHOLD_SAMPLES));
    const sample: number[] = [];
    for (let i = 0; i < count; i += stride) sample.push(this.atOffset(i));
    this.threshold = backgroundThreshold(sample, hounsfield && this.components === 1);
  }

  /** Undefined outside the image. */
  at(column: number, row: number): number | undefined {
    const c = Math.round(column);
    const r = Math.round(row);
    if (c < 0 || r < 0 || c >= this.columns || r >= this.rows) return undefined;
    return this.atOffset(r * this.columns + c);
  }

  private atOffset(pixel: number): number {
    if (this.components === 1) return this.pixels[pixel] * this.slope + this.intercept;
    const base = pixel * this.components;
    return (this.pixels[base] + this.pixels[base + 1] + this.pixels[base + 2]) / 3;
  }
}

/**
 * Moves each EMH label off the anatomy (see labelPlacement.ts) once the annotation is drawn,
 * and again when its handles, text or the zoom change. A label the reader drags stays where
 * the reader put it. The position is kept in patient coordinates, so panning carries it along.
 */
export class LabelPlacer {
  private readonly placed = new Map<string, Placement>();
  private readonly readerPlaced = new Set<string>();
  private readonly drawnText = new Map<string, string>();
  /** Where Cornerstone draws a text box relative to its anchor point (its padding). */
  private boxOffset: [number, number] = DRAWN_BOX_OFFSET;
  private values: { imageId: string; values: ImageValues } | null = null;

  constructor(private readonly geometry: ImageGeometry) {}

  start(): void {
    // The event is dispatched on each viewport's element and does not bubble; capture sees it.
    document.addEventListener(ToolEnums.Events.ANNOTATION_RENDERED, this.onRendered as EventListener, true);
    eventTarget.addEventListener(ToolEnums.Events.ANNOTATION_COMPLETED, this.onCompleted as EventListener);
  }

  stop(): void {
    document.removeEventListener(ToolEnums.Events.ANNOTATION_RENDERED, this.onRendered as EventListener, true);
    eventTarget.removeEventListener(ToolEnums.Events.ANNOTATION_COMPLETED, this.onCompleted as EventListener);
  }

  private readonly onRendered = (evt: RenderedEvent): void => {
    const viewport = getEnabledElement(evt.detail.element)?.viewport;
    if (viewport instanceof StackViewport) this.placeOn(viewport, true);
  };

  /**
   * A new annotation's label is placed before its first drawing: drawn where Cornerstone
   * puts it (on the anatomy, beside the ROI) for even a frame, it would catch the mouse-down
   * of a reader drawing the next ROI beside the last.
   */
  private readonly onCompleted = (evt: CompletedEvent): void => {
    const { annotation } = evt.detail;
    if (!isEmhToolName(annotation.metadata?.toolName)) return;
    for (const { viewport } of getEnabledElements()) {
      if (viewport instanceof StackViewport && viewport.getCurrentImageId() === annotation.metadata?.referencedImageId) {
        this.placeOn(viewport, false);
      }
    }
  };

  private placeOn(viewport: StackViewport, justDrawn: boolean): void {
    const imageId = viewport.getCurrentImageId();
    if (!imageId || !this.geometry.plane(imageId)) return;
    const onImage = annotationApi.state
      .getAllAnnotations()
      .filter((a) => isEmhToolName(a.metadata?.toolName) && a.metadata?.referencedImageId === imageId);
    if (justDrawn) this.learnFromDrawing(onImage, viewport);
    // Labels moved in this pass are not drawn there yet: others avoid where they will be.
    const movedTo = new Map<ToolTypes.Annotation, Box>();
    for (const annotation of onImage) {
      const box = this.place(annotation, onImage, movedTo, viewport, imageId);
      if (box) movedTo.set(annotation, box);
    }
    // Asked for from inside a rendering pass, a render is dropped when the pass ends.
    if (movedTo.size > 0) requestAnimationFrame(() => toolUtils.triggerAnnotationRenderForViewportIds([viewport.id]));
  }

  /** Which text each drawn box shows, and how far Cornerstone draws a box from its anchor. */
  private learnFromDrawing(onImage: readonly ToolTypes.Annotation[], viewport: StackViewport): void {
    for (const annotation of onImage) {
      const textBox = annotation.data.handles?.textBox;
      const drawn = textBox ? this.drawnBox(textBox, viewport) : null;
      if (!drawn || !textBox?.worldPosition || !annotation.data.label) continue;
      this.drawnText.set(annotation.annotationUID as string, annotation.data.label);
      const anchor = viewport.worldToCanvas(textBox.worldPosition);
      this.boxOffset = [drawn.x - anchor[0], drawn.y - anchor[1]];
    }
  }

  /** The label's size: as drawn when its text has been drawn, else measured in the label font. */
  private labelBox(annotation: ToolTypes.Annotation, viewport: StackViewport): { width: number; height: number } {
    const textBox = annotation.data.handles?.textBox;
    const drawn = textBox ? this.drawnBox(textBox, viewport) : null;
    const label = annotation.data.label ?? '';
    if (drawn && this.drawnText.get(annotation.annotationUID as string) === label) return { width: drawn.width, height: drawn.height };
    return measureLabel(label);
  }

  /** The label's new box on the canvas, or null when it stays. */
  private place(
    annotation: ToolTypes.Annotation,
    onImage: readonly ToolTypes.Annotation[],
    movedTo: ReadonlyMap<ToolTypes.Annotation, Box>,
    viewport: StackViewport,
    imageId: string,
  ): Box | null {
    const uid = annotation.annotationUID as string;
    const textBox = annotation.data.handles?.textBox;
    const points = annotation.data.handles?.points;
    if (!textBox || !points?.length || !annotation.data.label || this.readerPlaced.has(uid) || beingEdited(annotation)) return null;
    // Not moved: drawn anew (undo, restore) where Cornerstone puts it, so placed anew.
    const previous = textBox.hasMoved ? this.placed.get(uid) : undefined;
    if (textBox.hasMoved && (!previous || !textBox.worldPosition || !samePoint(previous.world, textBox.worldPosition))) {
      this.readerPlaced.add(uid);
      return null;
    }
    if (!textBox.worldPosition) return null;
    const size = this.labelBox(annotation, viewport);
    const canvas = viewport.canvas;
    const key = [
      annotation.data.label,
      points.map((p) => p.map((v) => v.toFixed(1)).join(',')).join(';'),
      viewport.getZoom().toPrecision(2),
      `${canvas.clientWidth}x${canvas.clientHeight}`,
    ].join('|');
    if (previous?.key === key) return null;
    const values = this.valuesOf(imageId);
    const others = onImage.filter((a) => a !== annotation);
    const occupied = others.flatMap((other) => {
      const boxes = [boxOf((other.data.handles?.points ?? []).map((p) => viewport.worldToCanvas(p as Types.Point3)))];
      const textBoxOfOther = other.data.handles?.textBox;
      const label = movedTo.get(other) ?? (textBoxOfOther ? this.drawnBox(textBoxOfOther, viewport) : null);
      return label ? [...boxes, label] : boxes;
    });
    const at = placeLabel({
      anchor: boxOf(points.map((p) => viewport.worldToCanvas(p as Types.Point3))),
      size,
      bounds: { x: EDGE, y: EDGE, width: canvas.clientWidth - 2 * EDGE, height: canvas.clientHeight - 2 * EDGE },
      occupied,
      isBackground: (x, y) => {
        if (!values) return false;
        const [column, row] = this.geometry.worldToIndex(imageId, viewport.canvasToWorld([x, y]));
        const value = values.at(column, row);
        return value === undefined || value < values.threshold;
      },
    });
    const [dx, dy] = this.boxOffset;
    const world = viewport.canvasToWorld([at.x - dx, at.y - dy]);
    textBox.worldPosition = world;
    textBox.hasMoved = true;
    this.placed.set(uid, { key, world: [...world] as Types.Point3 });
    return { x: at.x, y: at.y, ...size };
  }

  /** The label as Cornerstone last drew it, on the canvas; null before its first drawing. */
  private drawnBox(textBox: NonNullable<ToolTypes.Annotation['data']['handles']>['textBox'], viewport: StackViewport): Box | null {
    const corners = textBox?.worldBoundingBox;
    if (!corners) return null;
    const box = boxOf([corners.topLeft, corners.topRight, corners.bottomLeft, corners.bottomRight].map((p) => viewport.worldToCanvas(p)));
    return box.width > 0 && box.height > 0 ? box : null;
  }

  private valuesOf(imageId: string): ImageValues | null {
    if (this.values?.imageId === imageId) return this.values.values;
    const image = cache.getImage(imageId);
    if (!image) return null;
    const hounsfield = (metaData.get('generalSeriesModule', imageId) as { modality?: string } | undefined)?.modality === 'CT';
    const values = new ImageValues(image, hounsfield);
    this.values = { imageId, values };
    return values;
  }
}

function samePoint(a: readonly number[], b: readonly number[]): boolean {
  return csUtils.isEqual(a, b, 1e-3);
}
