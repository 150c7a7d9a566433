/**
 * Statistics of an ellipse computed straight from a file's stored pixels (dicom-parser in
 * Node, no viewer code), for checking what the viewer measures. Uncompressed files only.
 */
import { createRequire } from 'node:module';
import type { DataSet } from 'dicom-parser';

const dicomParser = createRequire(import.meta.url)('dicom-parser') as { parseDicom(bytes: Uint8Array): DataSet };

export interface EllipseStats {
  mean: number;
  sd: number;
  min: number;
  max: number;
  count: number;
}

/** Modality values (stored x slope + intercept) of one frame, row by row. */
export function modalityValues(bytes: Uint8Array, frame = 1): { rows: number; columns: number; values: Float64Array } {
  const dataSet = dicomParser.parseDicom(bytes);
  const rows = dataSet.uint16('x00280010') ?? 0;
  const columns = dataSet.uint16('x00280011') ?? 0;
  const signed = dataSet.uint16('x00280103') === 1;
  const functional = dataSet.elements.x52009229?.items?.[0]?.dataSet?.elements.x00289145?.items?.[0]?.dataSet;
  const slope = dataSet.floatString('x00281053') ?? functional?.floatString('x00281053') ?? 1;
  const intercept = dataSet.floatString('x00281052') ?? functional?.floatString('x00281052') ?? 0;
  const pixel = dataSet.elements.x7fe00010!;
  const count = rows * columns;
  const offset = pixel.dataOffset + (frame - 1) * count * 2;
  const buffer = dataSet.byteArray.buffer.slice(dataSet.byteArray.byteOffset + offset, dataSet.byteArray.byteOffset + offset + count * 2);
  const stored = signed ? new Int16Array(buffer) : new Uint16Array(buffer);
  return { rows, columns, values: Float64Array.from(stored, (v) => v * slope + intercept) };
}

/** Pixels whose centres lie inside the ellipse (centre and radii in image indices, axis-aligned). */
export function ellipseStats(
  image: ReturnType<typeof modalityValues>,
  [c0, r0]: [number, number],
  [rc, rr]: [number, number],
): EllipseStats {
  const inside: number[] = [];
  for (let r = 0; r < image.rows; r++) {
    for (let c = 0; c < image.columns; c++) {
      if (((c - c0) / rc) ** 2 + ((r - r0) / rr) ** 2 <= 1) inside.push(image.values[r * image.columns + c]!);
    }
  }
  const mean = inside.reduce((s, v) => s + v, 0) / inside.length;
  const sd = Math.sqrt(inside.reduce((s, v) => s + (v - mean) ** 2, 0) / inside.length);
  return { mean, sd, min: Math.min(...inside), max: Math.max(...inside), count: inside.length };
}

export function uidsOf(bytes: Uint8Array): { frameOfReferenceUID: string; studyInstanceUID: string } {
  const dataSet = dicomParser.parseDicom(bytes);
  return { frameOfReferenceUID: dataSet.string('x00200052') ?? '', studyInstanceUID: dataSet.string('x0020000d') ?? '' };
}
