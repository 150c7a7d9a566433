/**
 * The pixels a round brush covers on one slice. The brush's radius is in mm, so on an image
 * whose pixels are not square it covers an ellipse of pixels: a pixel belongs to the disc when
 * its centre is within the radius, measured in mm along each axis (pixel-exact on the image
 * grid, the centre where the pointer is, between pixels if it falls there).
 */

/** [column, row] in image pixel indices; pixel centres are on whole numbers. */
export type SlicePoint = readonly [number, number];

/** The offsets (row x columns + column) of the pixels within `radiusMm` of `centre`, clipped to the slice. */
export function brushDisc(
  centre: SlicePoint,
  radiusMm: number,
  pixelMm: readonly [number, number],
  columns: number,
  rows: number,
): number[] {
  if (!(radiusMm > 0) || !Number.isFinite(radiusMm)) throw new Error('The brush radius must be a positive number of mm');
  const [columnMm, rowMm] = pixelMm;
  if (!(columnMm > 0) || !(rowMm > 0)) throw new Error('The pixel spacing must be positive');
  const [cc, cr] = centre;
  const reachColumns = radiusMm / columnMm;
  const reachRows = radiusMm / rowMm;
  const radius2 = radiusMm * radiusMm;
  const offsets: number[] = [];
  const rowFrom = Math.max(0, Math.ceil(cr - reachRows));
  const rowTo = Math.min(rows - 1, Math.floor(cr + reachRows));
  const columnFrom = Math.max(0, Math.ceil(cc - reachColumns));
  const columnTo = Math.min(columns - 1, Math.floor(cc + reachColumns));
  for (let row = rowFrom; row <= rowTo; row += 1) {
    const dy = (row - cr) * rowMm;
    for (let column = columnFrom; column <= columnTo; column += 1) {
      const dx = (column - cc) * columnMm;
      if (dx * dx + dy * dy <= radius2) offsets.push(row * columns + column);
    }
  }
  return offsets;
}
