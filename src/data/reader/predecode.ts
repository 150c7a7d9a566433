import type { DataSet } from 'dicom-parser';
import { greyPixels, isPlainGreyFrame, type GreyArray, type Rescale } from '../greyPixels';

/**
 * A single-frame uncompressed greyscale image, decoded where its file was read (the reading
 * worker), so the main thread receives the finished pixel array instead of the file. Pure: no
 * DOM, no Cornerstone.
 */
export interface DecodedGreyFrame {
  pixelData: GreyArray;
  smallest: number;
  largest: number;
  scaled: boolean;
  /** The rescale the values were decoded with, checked against Cornerstone's before use. */
  rescale: Rescale | undefined;
  canRenderFloat: boolean;
}

/** Native little endian (a deflated file is inflated when parsed). */
const NATIVE_LITTLE_ENDIAN = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1', '1.2.840.10008.1.2.1.99']);

export interface GreyLayout {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bitsAllocated: number;
  bitsStored: number;
  pixelRepresentation: number;
  photometricInterpretation: string;
}

/**
 * The frame's layout, or null when an attribute it needs is missing: such a file goes to the
 * DICOM image loader, whose refusal (or reading) of it stays the one the viewer gives.
 */
export function greyLayoutOf(dataSet: DataSet): GreyLayout | null {
  const samplesPerPixel = dataSet.uint16('x00280002');
  const bitsAllocated = dataSet.uint16('x00280100');
  const pixelRepresentation = dataSet.uint16('x00280103');
  const photometricInterpretation = dataSet.string('x00280004');
  if (samplesPerPixel === undefined || bitsAllocated === undefined || pixelRepresentation === undefined || !photometricInterpretation)
    return null;
  return {
    rows: dataSet.uint16('x00280010') ?? 0,
    columns: dataSet.uint16('x00280011') ?? 0,
    samplesPerPixel,
    bitsAllocated,
    bitsStored: dataSet.uint16('x00280101') ?? bitsAllocated,
    pixelRepresentation,
    photometricInterpretation: photometricInterpretation.trim(),
  };
}

/**
 * Frames decoded outside the DICOM image loader: one sample of 16 bits or 8 unsigned, native
 * little endian, MONOCHROME1/2. Colour, palettes, 1- or 32-bit, big endian and compressed
 * frames go to the loader.
 */
export function isNativeGreyFrame(transferSyntaxUID: string, layout: GreyLayout | null): layout is GreyLayout {
  return (
    layout !== null &&
    NATIVE_LITTLE_ENDIAN.has(transferSyntaxUID) &&
    layout.samplesPerPixel === 1 &&
    isPlainGreyFrame(layout) &&
    /^MONOCHROME[12]$/.test(layout.photometricInterpretation)
  );
}

/**
 * One native frame's bytes, a view into the file; null when the pixel data is not all there
 * (the loader then says how much is missing).
 */
export function frameBytes(dataSet: DataSet, frameIndex: number, layout: GreyLayout): Uint8Array | null {
  const pixels = dataSet.elements.x7fe00010 ?? dataSet.elements.x7fe00008;
  if (!pixels) return null;
  const size = layout.rows * layout.columns * layout.samplesPerPixel * (layout.bitsAllocated / 8);
  const offset = pixels.dataOffset + frameIndex * size;
  const bytes = dataSet.byteArray;
  if (offset + size > bytes.length || offset + size > pixels.dataOffset + pixels.length) return null;
  return new Uint8Array(bytes.buffer, bytes.byteOffset + offset, size);
}

/** Slope and intercept as the loader's metadata reads them: none when they change nothing. */
export function rescaleOf(dataSet: DataSet): Rescale | undefined {
  const slope = dataSet.floatString('x00281053') ?? 1;
  const intercept = dataSet.floatString('x00281052') ?? 0;
  return slope === 1 && intercept === 0 ? undefined : { slope, intercept };
}

/**
 * The decoded frame of a single-frame native greyscale image; undefined for anything else, and
 * for PET and RT dose, whose scaling (SUV, dose grid) only the loader applies.
 */
export function predecodeGrey(dataSet: DataSet, transferSyntaxUID: string, canRenderFloat: boolean): DecodedGreyFrame | undefined {
  const frames = Math.max(1, dataSet.intString('x00280008') ?? 1);
  const modality = (dataSet.string('x00080060') ?? '').trim();
  const layout = greyLayoutOf(dataSet);
  if (frames !== 1 || modality === 'PT' || modality === 'RTDOSE' || !isNativeGreyFrame(transferSyntaxUID, layout)) return undefined;
  const rescale = rescaleOf(dataSet);
  if (rescale && !(Number.isFinite(rescale.slope) && Number.isFinite(rescale.intercept))) return undefined;
  const bytes = frameBytes(dataSet, 0, layout);
  if (!bytes) return undefined;
  const decoded = greyPixels(bytes, layout, rescale, canRenderFloat);
  return {
    pixelData: decoded.pixelData,
    smallest: decoded.smallest,
    largest: decoded.largest,
    scaled: decoded.scaled,
    rescale,
    canRenderFloat,
  };
}
