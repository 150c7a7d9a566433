import type { DataSet } from 'dicom-parser';
import type { CalibrationSources, UltrasoundRegion } from './calibration';
import type { PlaneAttributes } from './imagePlane';

/**
 * Reads a frame's Image Plane and calibration attributes from its dataset. For an enhanced
 * multi-frame object the dataset is the frame's own (shared and per-frame functional groups
 * merged on top, as the image loader does), so PlanePositionSequence, PlaneOrientationSequence
 * and PixelMeasuresSequence are looked up inside their items when the top level lacks them.
 */

function numbers(dataSet: DataSet | undefined, tag: string, count: number): number[] | null {
  const text = dataSet?.string(tag);
  if (!text) return null;
  const values = text
    .split('\\')
    .slice(0, count)
    .map((v) => Number(v.trim()));
  return values.length === count && values.every(Number.isFinite) ? values : null;
}

function item(dataSet: DataSet, sequenceTag: string): DataSet | undefined {
  return dataSet.elements[sequenceTag]?.items?.[0]?.dataSet;
}

const PLANE_POSITION = 'x00209113';
const PLANE_ORIENTATION = 'x00209116';
const PIXEL_MEASURES = 'x00289110';

export function planeAttributesOf(dataSet: DataSet): PlaneAttributes {
  return {
    rows: dataSet.uint16('x00280010') ?? 0,
    columns: dataSet.uint16('x00280011') ?? 0,
    imagePositionPatient: numbers(dataSet, 'x00200032', 3) ?? numbers(item(dataSet, PLANE_POSITION), 'x00200032', 3),
    imageOrientationPatient: numbers(dataSet, 'x00200037', 6) ?? numbers(item(dataSet, PLANE_ORIENTATION), 'x00200037', 6),
    pixelSpacing: positivePair(numbers(dataSet, 'x00280030', 2) ?? numbers(item(dataSet, PIXEL_MEASURES), 'x00280030', 2)),
    pixelAspectRatio: positivePair(numbers(dataSet, 'x00280034', 2)),
  };
}

function positivePair(values: number[] | null): [number, number] | null {
  return values && values[0]! > 0 && values[1]! > 0 ? [values[0]!, values[1]!] : null;
}

function ultrasoundRegions(dataSet: DataSet): UltrasoundRegion[] {
  const items = dataSet.elements.x00186011?.items ?? [];
  const regions: UltrasoundRegion[] = [];
  for (const { dataSet: region } of items) {
    if (!region) continue;
    const read = (tag: string, kind: 'uint32' | 'uint16' | 'double'): number | undefined => {
      const element = region.elements[tag];
      if (!element || element.length === 0) return undefined;
      try {
        return region[kind](tag);
      } catch {
        return undefined; // a wrong VR length: no calibration from this region
      }
    };
    const values = {
      minColumn: read('x00186018', 'uint32'),
      minRow: read('x0018601a', 'uint32'),
      maxColumn: read('x0018601c', 'uint32'),
      maxRow: read('x0018601e', 'uint32'),
      unitsX: read('x00186024', 'uint16'),
      unitsY: read('x00186026', 'uint16'),
      deltaX: read('x0018602c', 'double'),
      deltaY: read('x0018602e', 'double'),
    };
    const complete = Object.values(values).every((v) => typeof v === 'number' && Number.isFinite(v));
    if (complete && values.deltaX !== 0 && values.deltaY !== 0) regions.push(values as UltrasoundRegion);
  }
  return regions;
}

export function calibrationSourcesOf(dataSet: DataSet): CalibrationSources {
  return {
    pixelSpacing: planeAttributesOf(dataSet).pixelSpacing as [number, number] | null,
    imagerPixelSpacing: positivePair(numbers(dataSet, 'x00181164', 2)),
    ultrasoundRegions: ultrasoundRegions(dataSet),
  };
}
