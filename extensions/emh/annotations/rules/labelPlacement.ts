/**
 * Where an annotation's label goes: off the anatomy. Cornerstone puts a label beside the
 * right-hand edge of its annotation, which on a liver ROI is on the liver, where the next
 * ROI is drawn and where a reader looks. Here the label goes to the nearest place around the
 * annotation that shows background (air, outside the body, outside the image), covers no
 * other annotation or label, and stays inside the viewport; a link line joins it to its
 * annotation. All in canvas pixels; no DOM.
 */

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface LabelPlacementInput {
  /** The annotation's own extent. */
  readonly anchor: Box;
  /** The label as drawn. */
  readonly size: { readonly width: number; readonly height: number };
  /** Where a label may go (the viewport's canvas). */
  readonly bounds: Box;
  /** Other annotations and labels on the same image: a label covers none of them. */
  readonly occupied: readonly Box[];
  /** True where the image shows background rather than anatomy. */
  readonly isBackground: (x: number, y: number) => boolean;
}

/** Distances from the annotation tried in turn, in canvas pixels. */
const GAPS = [8, 24, 48, 80, 120, 170, 230, 300];
/** Right first, as Cornerstone does, then left, above, below, then the corners. */
const DIRECTIONS: readonly (readonly [number, number])[] = [
  [1, 0],
  [-1, 0],
  [0, -1],
  [0, 1],
  [1, -1],
  [-1, -1],
  [1, 1],
  [-1, 1],
];
const SAMPLES_X = 8;
const SAMPLES_Y = 3;

/** Weights: anatomy under the label costs most, then covering annotations, then distance. */
const ANATOMY_COST = 10;
const OVERLAP_COST = 20;
const DISTANCE_COST = 2;

function overlapArea(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

function clampInto(box: Box, bounds: Box): Box {
  const x = Math.min(Math.max(box.x, bounds.x), bounds.x + bounds.width - box.width);
  const y = Math.min(Math.max(box.y, bounds.y), bounds.y + bounds.height - box.height);
  return { ...box, x: Math.max(x, bounds.x), y: Math.max(y, bounds.y) };
}

/** Fraction of the box that shows anatomy, from a grid of samples. */
export function anatomyUnder(box: Box, isBackground: (x: number, y: number) => boolean): number {
  let anatomy = 0;
  for (let i = 0; i < SAMPLES_X; i++) {
    for (let j = 0; j < SAMPLES_Y; j++) {
      const x = box.x + ((i + 0.5) / SAMPLES_X) * box.width;
      const y = box.y + ((j + 0.5) / SAMPLES_Y) * box.height;
      if (!isBackground(x, y)) anatomy += 1;
    }
  }
  return anatomy / (SAMPLES_X * SAMPLES_Y);
}

function gapBetween(a: Box, b: Box): number {
  const dx = Math.max(0, a.x - (b.x + b.width), b.x - (a.x + a.width));
  const dy = Math.max(0, a.y - (b.y + b.height), b.y - (a.y + a.height));
  return Math.hypot(dx, dy);
}

function candidate(anchor: Box, size: LabelPlacementInput['size'], [dx, dy]: readonly [number, number], gap: number): Box {
  const x = dx > 0 ? anchor.x + anchor.width + gap : dx < 0 ? anchor.x - gap - size.width : anchor.x + (anchor.width - size.width) / 2;
  const y = dy > 0 ? anchor.y + anchor.height + gap : dy < 0 ? anchor.y - gap - size.height : anchor.y + (anchor.height - size.height) / 2;
  return { x, y, width: size.width, height: size.height };
}

/** The label's top-left corner. */
export function placeLabel(input: LabelPlacementInput): { x: number; y: number } {
  const { anchor, size, bounds, occupied, isBackground } = input;
  const diagonal = Math.hypot(bounds.width, bounds.height) || 1;
  const labelArea = Math.max(size.width * size.height, 1);
  let best: Box | null = null;
  let bestCost = Infinity;
  for (const gap of GAPS) {
    for (const direction of DIRECTIONS) {
      const box = clampInto(candidate(anchor, size, direction, gap), bounds);
      const covered = overlapArea(box, anchor) * 2 + occupied.reduce((sum, other) => sum + overlapArea(box, other), 0);
      const cost =
        ANATOMY_COST * anatomyUnder(box, isBackground) +
        OVERLAP_COST * (covered / labelArea) +
        DISTANCE_COST * (gapBetween(box, anchor) / diagonal);
      // Strictly lower: among equals the nearer, and the earlier direction, wins.
      if (cost < bestCost - 1e-9) {
        best = box;
        bestCost = cost;
      }
    }
  }
  return best ? { x: best.x, y: best.y } : { x: anchor.x + anchor.width, y: anchor.y };
}

/**
 * The value below which a pixel is background. On CT in HU, air and lung are below -400 HU
 * (fat is about -100). Other images have no scale, so the darkest tenth between the 5th and
 * 95th centiles counts: MR background is noise near zero, well below any tissue.
 */
export function backgroundThreshold(values: ArrayLike<number>, hounsfield: boolean): number {
  if (hounsfield) return -400;
  const sorted = Float64Array.from(values).sort();
  if (sorted.length === 0) return -Infinity;
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const low = at(0.05);
  return low + 0.1 * (at(0.95) - low);
}
