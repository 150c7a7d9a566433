/**
 * Reading a DICOM Segmentation back: its segments, each frame's pixels, source image and
 * position, and each segment placed on the slices of the series it was drawn on. Binary
 * segmentations only; a fractional or label-map SEG is refused with the reason.
 */
import { dcmjsData } from '../../../../src/data/dcmjs';
import { SEGMENTATION_STORAGE } from './segCodes';
import type { Point3 } from './sliceSpacing';
import type { SegmentMask } from './voxelGrid';

export interface SegFrame {
  /** The source image the frame cites (DerivationImageSequence), if it cites one. */
  readonly sopInstanceUID: string | null;
  readonly imagePositionPatient: Point3 | null;
  /** rows x columns, one byte per pixel. */
  readonly pixels: SegmentMask;
}

export interface SegSegment {
  readonly number: number;
  /** The lesion's id when we wrote it. */
  readonly label: string;
  readonly algorithmType: string;
  /** SegmentAlgorithmName, when given (it is for SEMIAUTOMATIC and AUTOMATIC segments). */
  readonly algorithmName: string | null;
  readonly trackingUID: string | null;
  readonly categoryCode: string | null;
  readonly typeCode: string | null;
  readonly frames: readonly SegFrame[];
}

export interface SegRead {
  readonly sopInstanceUID: string;
  readonly frameOfReferenceUID: string | null;
  readonly referencedSeriesInstanceUID: string | null;
  readonly rows: number;
  readonly columns: number;
  readonly segments: readonly SegSegment[];
}

type Item = Readonly<Record<string, unknown>>;

function items(value: unknown): Item[] {
  const list = Array.isArray(value) ? (value as unknown[]) : value === undefined || value === null ? [] : [value];
  return list.filter((item): item is Item => typeof item === 'object' && item !== null);
}

function text(value: unknown): string | null {
  const single = Array.isArray(value) ? (value as unknown[])[0] : value;
  return typeof single === 'string' && single !== '' ? single : null;
}

function integer(value: unknown): number | null {
  const single = Array.isArray(value) ? (value as unknown[])[0] : value;
  const number = typeof single === 'string' ? Number(single) : single;
  return typeof number === 'number' && Number.isInteger(number) ? number : null;
}

function point(value: unknown): Point3 | null {
  if (!Array.isArray(value) || value.length !== 3) return null;
  const [x, y, z] = (value as unknown[]).map(Number);
  return [x, y, z].every(Number.isFinite) ? [x, y, z] : null;
}

/** Frame and shared functional groups merged: a per-frame group overrides the shared one. */
function group(shared: Item | undefined, perFrame: Item | undefined, name: string): Item | undefined {
  return items(perFrame?.[name])[0] ?? items(shared?.[name])[0];
}

function pixelBytes(value: unknown): Uint8Array {
  const first = Array.isArray(value) ? (value as unknown[])[0] : value;
  if (first instanceof ArrayBuffer) return new Uint8Array(first);
  if (ArrayBuffer.isView(first)) return new Uint8Array(first.buffer, first.byteOffset, first.byteLength);
  throw new Error('The segmentation has no pixel data');
}

export function segFromDicom(bytes: Uint8Array): SegRead {
  const buffer = new Uint8Array(bytes).buffer;
  const dataset = dcmjsData.DicomMetaDictionary.naturalizeDataset(dcmjsData.DicomMessage.readFile(buffer).dict);
  if (dataset.SOPClassUID !== SEGMENTATION_STORAGE) throw new Error(`Not a DICOM Segmentation (SOP class ${String(dataset.SOPClassUID)})`);
  if (text(dataset.SegmentationType) !== 'BINARY') {
    throw new Error(`Only binary segmentations are read; this one is ${text(dataset.SegmentationType) ?? 'of no stated type'}`);
  }
  const rows = integer(dataset.Rows) ?? 0;
  const columns = integer(dataset.Columns) ?? 0;
  const frameCount = integer(dataset.NumberOfFrames) ?? 1;
  const plane = rows * columns;
  const packed = pixelBytes(dataset.PixelData);
  if (packed.length * 8 < frameCount * plane)
    throw new Error(`The pixel data holds ${packed.length} bytes, too few for ${frameCount} frames of ${rows} x ${columns}`);
  const shared = items(dataset.SharedFunctionalGroupsSequence)[0];
  const perFrame = items(dataset.PerFrameFunctionalGroupsSequence);
  const framesBySegment = new Map<number, SegFrame[]>();
  for (let frame = 0; frame < frameCount; frame += 1) {
    const groups = perFrame[frame];
    const segmentNumber = integer(group(shared, groups, 'SegmentIdentificationSequence')?.ReferencedSegmentNumber);
    if (segmentNumber === null) throw new Error(`Frame ${frame + 1} names no segment`);
    const source = items(group(shared, groups, 'DerivationImageSequence')?.SourceImageSequence)[0];
    const pixels = new Uint8Array(plane);
    for (let pixel = 0; pixel < plane; pixel += 1) {
      const bit = frame * plane + pixel;
      pixels[pixel] = (packed[bit >> 3] >> (bit & 7)) & 1;
    }
    const list = framesBySegment.get(segmentNumber) ?? [];
    list.push({
      sopInstanceUID: text(source?.ReferencedSOPInstanceUID),
      imagePositionPatient: point(group(shared, groups, 'PlanePositionSequence')?.ImagePositionPatient),
      pixels,
    });
    framesBySegment.set(segmentNumber, list);
  }
  const segments = items(dataset.SegmentSequence).map((item): SegSegment => {
    const number = integer(item.SegmentNumber) ?? 0;
    return {
      number,
      label: text(item.SegmentLabel) ?? '',
      algorithmType: text(item.SegmentAlgorithmType) ?? '',
      algorithmName: text(item.SegmentAlgorithmName),
      trackingUID: text(item.TrackingUID),
      categoryCode: text(items(item.SegmentedPropertyCategoryCodeSequence)[0]?.CodeValue),
      typeCode: text(items(item.SegmentedPropertyTypeCodeSequence)[0]?.CodeValue),
      frames: framesBySegment.get(number) ?? [],
    };
  });
  return {
    sopInstanceUID: text(dataset.SOPInstanceUID) ?? '',
    frameOfReferenceUID: text(dataset.FrameOfReferenceUID),
    referencedSeriesInstanceUID: text(items(dataset.ReferencedSeriesSequence)[0]?.SeriesInstanceUID),
    rows,
    columns,
    segments,
  };
}

/** A slice of the series a segment is placed back on, in its grid order. */
export interface TargetSlice {
  readonly sopInstanceUID: string;
  readonly imagePositionPatient: Point3;
}

/**
 * The segment as a mask on the series' grid: each frame goes to the slice it cites, or, when
 * it cites none of them, to the slice whose position along the normal is within half the
 * spacing of its own. Frames that land on no slice are counted, not dropped silently.
 */
export function placeOnSlices(
  segment: SegSegment,
  slices: readonly TargetSlice[],
  normal: Point3,
  sliceSpacingMm: number,
  plane: number,
): { mask: SegmentMask; unplacedFrames: number } {
  const length = Math.hypot(...normal);
  const along = ([x, y, z]: Point3) => (x * normal[0] + y * normal[1] + z * normal[2]) / length;
  const bySop = new Map(slices.map((slice, index) => [slice.sopInstanceUID, index]));
  const mask = new Uint8Array(plane * slices.length);
  let unplacedFrames = 0;
  for (const frame of segment.frames) {
    let slice = frame.sopInstanceUID === null ? undefined : bySop.get(frame.sopInstanceUID);
    if (slice === undefined && frame.imagePositionPatient !== null) {
      const depth = along(frame.imagePositionPatient);
      const nearest = slices.findIndex((candidate) => Math.abs(along(candidate.imagePositionPatient) - depth) <= sliceSpacingMm / 2);
      slice = nearest < 0 ? undefined : nearest;
    }
    if (slice === undefined || frame.pixels.length !== plane) {
      unplacedFrames += 1;
      continue;
    }
    const start = slice * plane;
    for (let pixel = 0; pixel < plane; pixel += 1) if (frame.pixels[pixel] !== 0) mask[start + pixel] = 1;
  }
  return { mask, unplacedFrames };
}
