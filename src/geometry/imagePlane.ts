import { add, cross, dot, length, normalize, scale, subtract, type Vec3 } from './vec3';

/**
 * Where an image's pixels are in the patient. Image indices are [column, row] with pixel
 * centres on integers ([0, 0] is the centre of the first pixel, where ImagePositionPatient
 * points). PixelSpacing (0028,0030) is [row spacing, column spacing]: moving one column moves
 * PixelSpacing[1] mm along the row direction cosines (the first three values of
 * ImageOrientationPatient), moving one row moves PixelSpacing[0] mm along the column cosines.
 */
export interface ImagePlane {
  readonly rows: number;
  readonly columns: number;
  /** Patient position of the centre of pixel [0, 0], mm. */
  readonly origin: Vec3;
  /** Unit vector along which the column index grows (ImageOrientationPatient[0..2]). */
  readonly rowDirection: Vec3;
  /** Unit vector along which the row index grows (ImageOrientationPatient[3..5]). */
  readonly columnDirection: Vec3;
  /** rowDirection x columnDirection: the slice normal. */
  readonly normal: Vec3;
  /** mm between the centres of neighbouring columns: PixelSpacing[1]. */
  readonly columnSpacing: number;
  /** mm between the centres of neighbouring rows: PixelSpacing[0]. */
  readonly rowSpacing: number;
  /**
   * True when position, orientation and spacing all came from the file. Otherwise the image is
   * placed as the viewer draws it (origin 0, axial, 1 "mm" per pixel) and nothing it measures
   * is millimetres of the patient.
   */
  readonly inPatientSpace: boolean;
  /** The file gave usable ImageOrientationPatient: orientation letters can be trusted. */
  readonly hasOrientation: boolean;
  /** The file gave ImagePositionPatient and orientation: slices can be ordered and spaced. */
  readonly hasPosition: boolean;
}

/** The Image Plane attributes of one frame, as read from the file (null when absent). */
export interface PlaneAttributes {
  readonly rows: number;
  readonly columns: number;
  readonly imagePositionPatient: readonly number[] | null;
  readonly imageOrientationPatient: readonly number[] | null;
  readonly pixelSpacing: readonly number[] | null;
  /**
   * PixelAspectRatio (0028,0034), vertical\horizontal: the shape of a pixel when there is no
   * PixelSpacing. It makes the image look right; it calibrates nothing.
   */
  readonly pixelAspectRatio?: readonly number[] | null;
}

export type IndexPoint = readonly [number, number];

const AXIAL_ROW: Vec3 = [1, 0, 0];
const AXIAL_COLUMN: Vec3 = [0, 1, 0];

function finite(values: readonly number[] | null, count: number): boolean {
  return values !== null && values.length >= count && values.slice(0, count).every(Number.isFinite);
}

function usableOrientation(o: readonly number[] | null): [Vec3, Vec3] | null {
  if (!o || !finite(o, 6)) return null;
  const row: Vec3 = [o[0]!, o[1]!, o[2]!];
  const column: Vec3 = [o[3]!, o[4]!, o[5]!];
  // Cosines that are not (near) unit and orthogonal describe no plane; the file is wrong.
  if (Math.abs(length(row) - 1) > 0.01 || Math.abs(length(column) - 1) > 0.01 || Math.abs(dot(row, column)) > 0.01) return null;
  return [normalize(row), normalize(column)];
}

/** The plane of one frame; missing or unusable attributes fall back to how the viewer draws it. */
export function imagePlaneOf(attributes: PlaneAttributes): ImagePlane {
  const { imagePositionPatient: p, pixelSpacing: s } = attributes;
  const orientation = usableOrientation(attributes.imageOrientationPatient);
  const position = p && finite(p, 3) ? ([p[0]!, p[1]!, p[2]!] as Vec3) : null;
  const spacing = s && finite(s, 2) && s[0]! > 0 && s[1]! > 0 ? ([s[0]!, s[1]!] as const) : null;
  const [rowDirection, columnDirection] = orientation ?? [AXIAL_ROW, AXIAL_COLUMN];
  const aspect = attributes.pixelAspectRatio;
  // A 4\3 pixel is drawn 4 units high and 3 wide; with no aspect either, one unit square.
  const shape =
    !spacing && aspect && finite(aspect, 2) && aspect[0]! > 0 && aspect[1]! > 0 ? ([aspect[0]! / aspect[1]!, 1] as const) : null;
  return {
    rows: attributes.rows,
    columns: attributes.columns,
    origin: position ?? [0, 0, 0],
    rowDirection,
    columnDirection,
    normal: cross(rowDirection, columnDirection),
    rowSpacing: spacing ? spacing[0] : (shape?.[0] ?? 1),
    columnSpacing: spacing ? spacing[1] : (shape?.[1] ?? 1),
    inPatientSpace: Boolean(position && orientation && spacing),
    hasOrientation: orientation !== null,
    hasPosition: Boolean(position && orientation),
  };
}

/** Image index [column, row] -> patient position (mm, or viewer units without geometry). */
export function indexToPatient(plane: ImagePlane, [column, row]: IndexPoint): Vec3 {
  return add(
    plane.origin,
    add(scale(plane.rowDirection, column * plane.columnSpacing), scale(plane.columnDirection, row * plane.rowSpacing)),
  );
}

/**
 * Patient position -> image index [column, row] of its projection on the plane, and how far
 * the point lies off the plane along the normal (mm).
 */
export function patientToIndex(plane: ImagePlane, point: Vec3): { index: [number, number]; offPlaneMm: number } {
  const d = subtract(point, plane.origin);
  return {
    index: [dot(d, plane.rowDirection) / plane.columnSpacing, dot(d, plane.columnDirection) / plane.rowSpacing],
    offPlaneMm: dot(d, plane.normal),
  };
}

/**
 * Position of the plane along its own normal, mm: orders slices and measures between them.
 * Needs position and orientation only: the distance between slices does not depend on the
 * pixel spacing.
 */
export function slicePositionOf(plane: ImagePlane): number | null {
  return plane.hasPosition ? dot(plane.origin, plane.normal) : null;
}

/** True when the index lies on the image (pixel edges included). */
export function isOnImage(plane: ImagePlane, [column, row]: IndexPoint): boolean {
  return column >= -0.5 && row >= -0.5 && column <= plane.columns - 0.5 && row <= plane.rows - 0.5;
}
