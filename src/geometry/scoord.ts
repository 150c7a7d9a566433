import type { IndexPoint } from './imagePlane';

/**
 * DICOM SR SCOORD (PS3.3 C.18.6.1.1) puts 0\0 at the top-left corner of the top-left pixel,
 * so the centre of the first pixel is 0.5\0.5; image indices put that centre at 0,0.
 */
export const SCOORD_OFFSET = 0.5;

export function indexToScoord([column, row]: IndexPoint): [number, number] {
  return [column + SCOORD_OFFSET, row + SCOORD_OFFSET];
}

export function scoordToIndex([column, row]: IndexPoint): [number, number] {
  return [column - SCOORD_OFFSET, row - SCOORD_OFFSET];
}

/** GraphicData (column\row pairs) -> index points; an odd trailing value is ignored. */
export function scoordDataToIndex(data: readonly number[]): [number, number][] {
  const points: [number, number][] = [];
  for (let i = 0; i + 1 < data.length; i += 2) points.push(scoordToIndex([data[i]!, data[i + 1]!]));
  return points;
}

export function indexToScoordData(points: readonly IndexPoint[]): number[] {
  return points.flatMap((p) => indexToScoord(p));
}
