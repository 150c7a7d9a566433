/**
 * The mean of an elliptical ROI on one image, in image indices (pixel centres on integers): a
 * pixel belongs to the ROI when its centre lies inside or on the ellipse. Pure: the pixels come
 * as a plain array with the image's rescale.
 */

export interface PixelImage {
  readonly columns: number;
  readonly rows: number;
  /** Stored values, row by row. */
  readonly pixels: ArrayLike<number>;
  /** Modality rescale (1 and 0 when the values are already rescaled). */
  readonly slope: number;
  readonly intercept: number;
}

export interface EllipseIndices {
  readonly center: readonly [number, number];
  readonly radii: readonly [number, number];
}

/** The ROI's mean and pixel count, or null when no pixel centre falls inside it. */
export function ellipseMean(image: PixelImage, { center, radii }: EllipseIndices): { mean: number; pixels: number } | null {
  const [cx, cy] = center;
  const [rx, ry] = radii;
  if (!(rx > 0) || !(ry > 0)) return null;
  const firstRow = Math.max(0, Math.ceil(cy - ry));
  const lastRow = Math.min(image.rows - 1, Math.floor(cy + ry));
  const firstColumn = Math.max(0, Math.ceil(cx - rx));
  const lastColumn = Math.min(image.columns - 1, Math.floor(cx + rx));
  let sum = 0;
  let count = 0;
  for (let row = firstRow; row <= lastRow; row++) {
    for (let column = firstColumn; column <= lastColumn; column++) {
      if (((column - cx) / rx) ** 2 + ((row - cy) / ry) ** 2 > 1) continue;
      sum += image.pixels[row * image.columns + column]!;
      count += 1;
    }
  }
  if (count === 0) return null;
  return { mean: (sum / count) * image.slope + image.intercept, pixels: count };
}

type IndexPoint = readonly [number, number];

/**
 * Centre and radii (image indices) of an ellipse from its four handles as Cornerstone keeps
 * them: the vertical axis' two ends, then the horizontal axis' two ends.
 */
export function ellipseOfHandles(points: readonly IndexPoint[]): { center: [number, number]; radii: [number, number] } {
  if (points.length !== 4) throw new Error('An ellipse has four handles');
  const [a, b, c, d] = points as [IndexPoint, IndexPoint, IndexPoint, IndexPoint];
  return {
    center: [(a[0] + b[0] + c[0] + d[0]) / 4, (a[1] + b[1] + c[1] + d[1]) / 4],
    radii: [Math.hypot(d[0] - c[0], d[1] - c[1]) / 2, Math.hypot(b[0] - a[0], b[1] - a[1]) / 2],
  };
}
