/**
 * Shared acquisition geometry: every series uses the same grid so a pixel index means the same
 * patient point in all four series (MR only differs in its frame of reference UID).
 */

export const ROWS = 256;
export const COLUMNS = 256;
export const PIXEL_SPACING_MM = 1.5;
export const SLICE_THICKNESS_MM = 5;
export const SLICE_SPACING_MM = 5;
export const SLICE_COUNT = 60;

/**
 * Patient (LPS) position of pixel [0,0]. Chosen so pixel [128,128] is x = y = 0, which keeps
 * every position an exact multiple of 0.5 mm and therefore short and exact in DS.
 */
export const ORIGIN_X_MM = -192;
export const ORIGIN_Y_MM = -192;
/** z of instance 1, the most superior slice; z falls by SLICE_SPACING_MM per instance. */
export const Z_OF_INSTANCE_1_MM = 150;

/** Rows run along +x (patient left), columns along +y (posterior): standard axial view. */
export const IMAGE_ORIENTATION_PATIENT: readonly number[] = [1, 0, 0, 0, 1, 0];

export function zOfInstance(instance: number): number {
  return Z_OF_INSTANCE_1_MM - (instance - 1) * SLICE_SPACING_MM;
}

/** Pixel index [column, row] (centres on integers) on a given slice to LPS millimetres. */
export function patientPointMm(column: number, row: number, instance: number): [number, number, number] {
  return [ORIGIN_X_MM + column * PIXEL_SPACING_MM, ORIGIN_Y_MM + row * PIXEL_SPACING_MM, zOfInstance(instance)];
}

export function cmToPixels(cm: number): number {
  return (cm * 10) / PIXEL_SPACING_MM;
}
