/**
 * The sample case's unenhanced CT read from its files (dicom-parser) as one block of HU, in
 * InstanceNumber order, with each slice's position: what the volume tests grow regions on.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import dicomParser from 'dicom-parser';

import type { Point3 } from './sliceSpacing';
import type { GridSize } from './voxelGrid';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
export const CT_FOLDER = join(REPO, 'sample-dicom/output/ct-nc');

export interface SampleCt {
  readonly dims: GridSize;
  readonly scalars: Float32Array;
  readonly positions: Point3[];
  readonly orientation: readonly number[];
  /** [row spacing, column spacing] as PixelSpacing gives it. */
  readonly pixelSpacing: readonly [number, number];
  readonly files: string[];
  readonly sopInstanceUIDs: string[];
}

function numbers(text: string | undefined): number[] {
  return (text ?? '').split('\\').map(Number);
}

export function readSampleCt(folder = CT_FOLDER): SampleCt {
  const slices = readdirSync(folder)
    .filter((name) => name.endsWith('.dcm'))
    .map((name) => {
      const bytes = new Uint8Array(readFileSync(join(folder, name)));
      return { name, bytes, dataSet: dicomParser.parseDicom(bytes) };
    })
    .sort((a, b) => Number(a.dataSet.string('x00200013')) - Number(b.dataSet.string('x00200013')));
  const first = slices[0].dataSet;
  const columns = first.uint16('x00280011') ?? 0;
  const rows = first.uint16('x00280010') ?? 0;
  const plane = columns * rows;
  const scalars = new Float32Array(plane * slices.length);
  slices.forEach(({ bytes, dataSet }, index) => {
    const element = dataSet.elements.x7fe00010;
    const stored = new Uint16Array(
      bytes.buffer.slice(bytes.byteOffset + element.dataOffset, bytes.byteOffset + element.dataOffset + plane * 2),
    );
    const slope = Number(dataSet.string('x00281053') ?? 1);
    const intercept = Number(dataSet.string('x00281052') ?? 0);
    for (let pixel = 0; pixel < plane; pixel += 1) scalars[index * plane + pixel] = stored[pixel] * slope + intercept;
  });
  const spacing = numbers(first.string('x00280030'));
  return {
    dims: [columns, rows, slices.length],
    scalars,
    positions: slices.map(({ dataSet }): Point3 => {
      const [x, y, z] = numbers(dataSet.string('x00200032'));
      return [x, y, z];
    }),
    orientation: numbers(first.string('x00200037')),
    pixelSpacing: [spacing[0], spacing[1]],
    files: slices.map(({ name }) => join(folder, name)),
    sopInstanceUIDs: slices.map(({ dataSet }) => dataSet.string('x00080018') ?? ''),
  };
}

export function normalOf(orientation: readonly number[]): Point3 {
  const [a, b, c, d, e, f] = orientation;
  return [b * f - c * e, c * d - a * f, a * e - b * d];
}
