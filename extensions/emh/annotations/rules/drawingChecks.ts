import { isOnImage, type ImagePlane, type IndexPoint } from '../../../../src/geometry/imagePlane';

/** Below this, in image pixels, a drawing is a slip of the hand, not a measurement. */
export const MIN_MEASUREMENT_PX = 2;

export type DrawingShape = 'axes' | 'ellipse';

/**
 * Why a drawing made with the mouse cannot be a measurement, or null when it can. Points are
 * image indices [column, row]: a lesion's axes as [long 1, long 2, short 1, short 2], an
 * ellipse as Cornerstone keeps it, [bottom, top, left, right].
 */
export function drawingRefusal(
  plane: Pick<ImagePlane, 'rows' | 'columns'>,
  shape: DrawingShape,
  points: readonly IndexPoint[],
): string | null {
  if (points.some((p) => !isOnImage(plane as ImagePlane, p))) {
    return `Not measured: the drawing reaches outside the image (${plane.columns} x ${plane.rows} pixels). Draw it within the image.`;
  }
  const size = shape === 'axes' ? distance(points[0], points[1]) : Math.min(distance(points[0], points[1]), distance(points[2], points[3]));
  if (!(size >= MIN_MEASUREMENT_PX)) {
    return `Not measured: the drawing is too small (${size.toFixed(1)} pixels; at least ${MIN_MEASUREMENT_PX} pixels across). Drag further, or zoom in.`;
  }
  return null;
}

function distance(a: IndexPoint | undefined, b: IndexPoint | undefined): number {
  return a && b ? Math.hypot(a[0] - b[0], a[1] - b[1]) : 0;
}
