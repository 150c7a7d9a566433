/**
 * A closed region drawn on a slice as the pixels it holds: a pixel belongs to the region when
 * its centre is inside the polygon (even-odd rule, so a figure-of-eight drawn by hand holds
 * both loops and not the crossing's outside). Pixel centres are on whole numbers of the image's
 * [column, row] indices.
 */
import type { SlicePoint } from './brushDisc';

/** One byte per pixel of the slice (row x columns + column), 1 inside the polygon. */
export function fillPolygon(polygon: readonly SlicePoint[], columns: number, rows: number): Uint8Array {
  if (polygon.length < 3) throw new Error('A region needs at least three points');
  if (!polygon.every((p) => Number.isFinite(p[0]) && Number.isFinite(p[1]))) throw new Error('A region point is not a number');
  const inside = new Uint8Array(columns * rows);
  const ys = polygon.map((p) => p[1]);
  const rowFrom = Math.max(0, Math.ceil(Math.min(...ys)));
  const rowTo = Math.min(rows - 1, Math.floor(Math.max(...ys)));
  const crossings: number[] = [];
  for (let row = rowFrom; row <= rowTo; row += 1) {
    crossings.length = 0;
    for (let k = 0; k < polygon.length; k += 1) {
      const [x0, y0] = polygon[k]!;
      const [x1, y1] = polygon[(k + 1) % polygon.length]!;
      // Half-open in y: a vertex on the row is counted once, by the edge that leaves it upwards or downwards.
      if (y0 <= row !== y1 <= row) crossings.push(x0 + ((row - y0) * (x1 - x0)) / (y1 - y0));
    }
    crossings.sort((a, b) => a - b);
    for (let k = 0; k + 1 < crossings.length; k += 2) {
      const from = Math.max(0, Math.ceil(crossings[k]!));
      const to = Math.min(columns - 1, Math.ceil(crossings[k + 1]!) - 1);
      for (let column = from; column <= to; column += 1) inside[row * columns + column] = 1;
    }
  }
  return inside;
}
