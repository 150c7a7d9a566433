import type { DataSet } from 'dicom-parser';
import { transferSyntaxName } from './transferSyntaxes';
import { codestreamSize } from './codestreamSize';

/**
 * Read-time consistency of the attributes that describe the pixel data. A file the reader
 * accepts must also decode, so everything the decoder would trip over is refused here, from
 * the header alone, before a pixel is copied or decoded.
 */

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/**
 * What the viewer agrees to hold: a decoded frame (a 16-bit 16k x 16k image is 512 MiB), a whole
 * decoded object, and a frame count (a long cine run has a few thousand).
 */
export const PIXEL_LIMITS = { frameBytes: 512 * MiB, imageBytes: 4 * GiB, frames: 20_000 } as const;

const NATIVE_TRANSFER_SYNTAXES = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1', '1.2.840.10008.1.2.1.99', '1.2.840.10008.1.2.2']);
const RLE = '1.2.840.10008.1.2.5';
const JPEG_2000_SYNTAXES = new Set([
  '1.2.840.10008.1.2.4.90',
  '1.2.840.10008.1.2.4.91',
  '3.2.840.10008.1.2.4.96',
  '1.2.840.10008.1.2.4.201',
  '1.2.840.10008.1.2.4.202',
  '1.2.840.10008.1.2.4.203',
]);
const JPEG_SYNTAXES = new Set([
  '1.2.840.10008.1.2.4.50',
  '1.2.840.10008.1.2.4.51',
  '1.2.840.10008.1.2.4.53',
  '1.2.840.10008.1.2.4.55',
  '1.2.840.10008.1.2.4.57',
  '1.2.840.10008.1.2.4.70',
]);
const JPEG_LS_SYNTAXES = new Set(['1.2.840.10008.1.2.4.80', '1.2.840.10008.1.2.4.81']);

/** The codestream a transfer syntax's frames are, as codestreamSize() names it; null for others. */
function codestreamFormat(transferSyntaxUID: string): string | null {
  if (JPEG_2000_SYNTAXES.has(transferSyntaxUID)) return 'JPEG 2000';
  if (JPEG_SYNTAXES.has(transferSyntaxUID)) return 'JPEG';
  if (JPEG_LS_SYNTAXES.has(transferSyntaxUID)) return 'JPEG-LS';
  return null;
}
/** Some writers wrap the codestream in a JP2 file (its 12-byte signature box); OpenJPEG reads it. */
const isJp2File = (head: Uint8Array): boolean =>
  head.length >= 12 && head[3] === 0x0c && head[4] === 0x6a && head[5] === 0x50 && head[6] === 0x20 && head[7] === 0x20;

/** Samples per pixel each Photometric Interpretation takes. */
const PHOTOMETRIC_SAMPLES: Readonly<Record<string, number>> = {
  MONOCHROME1: 1,
  MONOCHROME2: 1,
  'PALETTE COLOR': 1,
  RGB: 3,
  YBR_FULL: 3,
  YBR_FULL_422: 3,
  YBR_PARTIAL_420: 3,
  YBR_ICT: 3,
  YBR_RCT: 3,
};

/** The attributes that size a decoded image. */
export interface PixelLayout {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bitsAllocated: number;
  frames: number;
}

const inconsistent = (text: string): string => `inconsistent pixel attributes: ${text}`;
const unsupported = (text: string): string => `unsupported pixel format: ${text}`;

/** Why the pixel data of this file cannot be shown, or null when it can be decoded. */
export function pixelAttributeProblem(dataSet: DataSet, pixelTag: string, transferSyntaxUID: string): string | null {
  const layoutOrProblem = readPixelLayout(dataSet);
  if (typeof layoutOrProblem === 'string') return layoutOrProblem;
  const layout = layoutOrProblem;
  const sizeProblem = absurdSize(layout);
  if (sizeProblem) return sizeProblem;
  if (pixelTag === 'x7fe00008') return unsupported('floating-point pixels (Float Pixel Data)');
  if (pixelTag === 'x7fe00009') return unsupported('double-precision pixels (Double Float Pixel Data)');
  if (layout.bitsAllocated === 64) return unsupported('Bits Allocated 64 (double-precision pixels)');
  const photometric = (dataSet.string('x00280004') ?? '').trim().toUpperCase();
  // The loader's RLE decoder stops at 16 bits; nativeFrame.ts decodes 32-bit grey, not colour.
  const rleDecoded = [1, 8, 16].includes(layout.bitsAllocated) || (layout.bitsAllocated === 32 && layout.samplesPerPixel === 1);
  if (transferSyntaxUID === RLE && !rleDecoded) {
    return unsupported(
      `RLE Lossless with Bits Allocated ${layout.bitsAllocated} and ${layout.samplesPerPixel} samples (1, 8 and 16 bits are decoded, and 32 bits of grey)`,
    );
  }
  const element = dataSet.elements[pixelTag];
  const native = NATIVE_TRANSFER_SYNTAXES.has(transferSyntaxUID);
  const syntax = transferSyntaxName(transferSyntaxUID);
  if (native && element.encapsulatedPixelData) {
    return `inconsistent pixel data: the transfer syntax ${syntax} says uncompressed, but the pixel data is encapsulated (compressed)`;
  }
  if (!native && !element.encapsulatedPixelData) {
    return `inconsistent pixel data: the transfer syntax ${syntax} says compressed, but the pixel data is not encapsulated`;
  }
  if (element.encapsulatedPixelData) {
    return (
      encapsulatedProblem(dataSet, pixelTag, layout) ??
      (transferSyntaxUID === RLE
        ? rleHeaderProblem(dataSet, pixelTag, layout)
        : firstFrameSizeProblem(dataSet, pixelTag, layout, transferSyntaxUID))
    );
  }
  // Stored as two samples a pixel, which the loader hands on unconverted: the colours would be wrong.
  if (photometric === 'YBR_FULL_422') return unsupported('uncompressed YBR_FULL_422 (its colour is not converted for display)');
  return nativeLengthProblem(dataSet, pixelTag, layout);
}

/** The pixel layout the header claims, or why the claim is impossible. */
export function readPixelLayout(dataSet: DataSet): PixelLayout | string {
  const rows = dataSet.uint16('x00280010') ?? 0;
  const columns = dataSet.uint16('x00280011') ?? 0;
  const bitsAllocated = dataSet.uint16('x00280100');
  if (bitsAllocated === undefined) return 'missing attributes: Bits Allocated';
  if (![1, 8, 16, 32, 64].includes(bitsAllocated)) {
    return inconsistent(`Bits Allocated ${bitsAllocated} (must be 1, 8, 16, 32 or 64)`);
  }
  const bitsStored = dataSet.uint16('x00280101') ?? bitsAllocated;
  if (bitsStored < 1 || bitsStored > bitsAllocated) {
    return inconsistent(`Bits Stored ${bitsStored} (must be from 1 to Bits Allocated, ${bitsAllocated})`);
  }
  const highBit = dataSet.uint16('x00280102') ?? bitsStored - 1;
  if (highBit < bitsStored - 1 || highBit > bitsAllocated - 1) {
    return inconsistent(
      `High Bit ${highBit} (must be from Bits Stored - 1, ${bitsStored - 1}, to Bits Allocated - 1, ${bitsAllocated - 1})`,
    );
  }
  const pixelRepresentation = dataSet.uint16('x00280103') ?? 0;
  if (pixelRepresentation !== 0 && pixelRepresentation !== 1) {
    return inconsistent(`Pixel Representation ${pixelRepresentation} (must be 0, unsigned, or 1, signed)`);
  }
  const samplesPerPixel = dataSet.uint16('x00280002') ?? 1;
  if (samplesPerPixel !== 1 && samplesPerPixel !== 3) {
    return inconsistent(`Samples per Pixel ${samplesPerPixel} (must be 1 or 3)`);
  }
  const photometric = (dataSet.string('x00280004') ?? '').trim().toUpperCase();
  if (photometric) {
    const expected = PHOTOMETRIC_SAMPLES[photometric];
    if (expected === undefined) return unsupported(`Photometric Interpretation ${printable(photometric)}`);
    if (expected !== samplesPerPixel) {
      return inconsistent(
        `Photometric Interpretation ${photometric} needs ${expected} Samples per Pixel, the file says ${samplesPerPixel}`,
      );
    }
  }
  if (bitsAllocated === 1 && samplesPerPixel !== 1) return inconsistent('Bits Allocated 1 with colour samples');
  // Read as the loader reads it (an integer string, leading digits win), but never less than 1.
  const frames = dataSet.intString('x00280008') ?? 1;
  if (!Number.isInteger(frames) || frames < 1) {
    return inconsistent(`Number of Frames ${printable(dataSet.string('x00280008') ?? '')} (must be a whole number, 1 or more)`);
  }
  return { rows, columns, samplesPerPixel, bitsAllocated, frames };
}

/** Decoded bytes of one frame: the decoders give at least one byte per sample. */
export function decodedFrameBytes(layout: PixelLayout): number {
  return layout.rows * layout.columns * layout.samplesPerPixel * Math.max(1, layout.bitsAllocated / 8);
}

function absurdSize(layout: PixelLayout): string | null {
  const frameBytes = decodedFrameBytes(layout);
  const imageBytes = frameBytes * layout.frames;
  if (layout.frames <= PIXEL_LIMITS.frames && frameBytes <= PIXEL_LIMITS.frameBytes && imageBytes <= PIXEL_LIMITS.imageBytes) return null;
  const plural = layout.frames === 1 ? '' : 's';
  const perFrame = layout.frames > 1 ? `, ${bytes(frameBytes)} a frame` : '';
  return (
    `image too large: ${layout.columns} x ${layout.rows} pixels x ${layout.frames} frame${plural} would need ${bytes(imageBytes)}${perFrame} ` +
    `(the viewer's limits are ${bytes(PIXEL_LIMITS.imageBytes)} an image, ${bytes(PIXEL_LIMITS.frameBytes)} a frame, ` +
    `${PIXEL_LIMITS.frames.toLocaleString('en-US')} frames)`
  );
}

function nativeLengthProblem(dataSet: DataSet, pixelTag: string, layout: PixelLayout): string | null {
  const expected = Math.ceil((layout.rows * layout.columns * layout.samplesPerPixel * layout.frames * layout.bitsAllocated) / 8);
  const element = dataSet.elements[pixelTag];
  const available = Math.max(0, Math.min(element.length, dataSet.byteArray.length - element.dataOffset));
  return available < expected ? `truncated: pixel data is ${expected - available} bytes short` : null;
}

function encapsulatedProblem(dataSet: DataSet, pixelTag: string, layout: PixelLayout): string | null {
  const element = dataSet.elements[pixelTag];
  const fragments = element.fragments ?? [];
  if (fragments.length === 0) return 'truncated: the compressed pixel data holds no frame';
  // Every frame is at least one fragment; the offset table, when present, lists one per frame.
  if (fragments.length < layout.frames) {
    return `inconsistent pixel data: Number of Frames ${layout.frames}, but the compressed pixel data holds ${fragments.length} fragment${fragments.length === 1 ? '' : 's'}`;
  }
  const offsets = element.basicOffsetTable ?? [];
  if (offsets.length > 0 && offsets.length !== layout.frames) {
    return `inconsistent pixel data: Number of Frames ${layout.frames}, but the offset table lists ${offsets.length} frames`;
  }
  const lastFragment = fragments[fragments.length - 1];
  if (offsets.some((offset) => offset < 0 || offset > lastFragment.offset)) {
    return 'inconsistent pixel data: the offset table points outside the compressed pixel data';
  }
  return null;
}

/** The first compressed frame's own size against Rows/Columns (the others are checked when decoded). */
function firstFrameSizeProblem(dataSet: DataSet, pixelTag: string, layout: PixelLayout, transferSyntaxUID: string): string | null {
  const first = dataSet.elements[pixelTag].fragments?.[0];
  if (!first) return null;
  const head = dataSet.byteArray.subarray(first.position, Math.min(first.position + first.length, first.position + 4096));
  const size = codestreamSize(head);
  // OpenJPEG's wrapper does not fail on a frame it cannot start reading: it hands back the
  // previous image it decoded. A JPEG 2000 frame must therefore open with its SOC and SIZ here,
  // and no frame may be another codec's codestream than its transfer syntax names.
  const expected = codestreamFormat(transferSyntaxUID);
  if (expected === 'JPEG 2000' && !size && !isJp2File(head)) return 'inconsistent pixel data: the JPEG 2000 frame header is damaged';
  if (expected && size && size.format !== expected) {
    return `inconsistent pixel data: the transfer syntax ${transferSyntaxName(transferSyntaxUID)} needs a ${expected} frame, but the frame is ${size.format}`;
  }
  if (size?.damaged) return `inconsistent pixel data: the ${size.format} frame header is damaged`;
  if (!size || (size.rows === layout.rows && size.columns === layout.columns)) return null;
  return `inconsistent pixel data: the ${size.format} frame is ${size.columns} x ${size.rows} pixels, but the header says ${layout.columns} x ${layout.rows}`;
}

/** Image storage SOP classes (CT, MR, CR, DX, MG, US, NM, PET, SC, XA, RF, enhanced and legacy). */
const IMAGE_SOP_CLASS =
  /^1\.2\.840\.10008\.5\.1\.4\.1\.1\.(1|1\.\d+(\.\d+)?|2|2\.\d+|3\.1|4|4\.\d+|6\.\d+|7(\.\d+)?|12\.\d+(\.\d+)?|13\.1\.\d+|20|128|130|481\.1)$/;

/** An image object (an image SOP class, or Rows, Columns or Bits Allocated) must carry its pixels. */
export function missingPixelDataProblem(dataSet: DataSet): string | null {
  const sopClass = (dataSet.string('x00080016') ?? dataSet.string('x00020002') ?? '').replace(/\0/g, '').trim();
  const imageLike = IMAGE_SOP_CLASS.test(sopClass) || ['x00280010', 'x00280011', 'x00280100'].some((tag) => dataSet.elements[tag]);
  return imageLike ? 'missing attributes: Pixel Data (an image without its pixels, or a file cut short)' : null;
}

/**
 * The RLE header of each frame (DICOM Part 5 Annex G): the segment count and offsets. The
 * decoder trusts them, and garbage there makes it loop over billions of bytes that are not there.
 */
function rleHeaderProblem(dataSet: DataSet, pixelTag: string, layout: PixelLayout): string | null {
  const element = dataSet.elements[pixelTag];
  const fragments = element.fragments ?? [];
  const offsets = element.basicOffsetTable ?? [];
  const starts =
    offsets.length > 0
      ? offsets.map((offset) => fragments.find((fragment) => fragment.offset === offset))
      : fragments.length === layout.frames
        ? fragments
        : [fragments[0]];
  const segments = layout.samplesPerPixel * Math.max(1, layout.bitsAllocated / 8);
  const view = new DataView(dataSet.byteArray.buffer, dataSet.byteArray.byteOffset, dataSet.byteArray.byteLength);
  for (const [index, fragment] of starts.entries()) {
    const frame = index + 1;
    if (!fragment) return 'inconsistent pixel data: the offset table points between fragments';
    if (fragment.length < 64 || fragment.position + 64 > dataSet.byteArray.length) {
      return `inconsistent pixel data: RLE frame ${frame} is shorter than its 64-byte header`;
    }
    const count = view.getUint32(fragment.position, true);
    if (count !== segments) {
      return `inconsistent pixel data: RLE frame ${frame} has ${count} segments, but ${layout.samplesPerPixel} sample${layout.samplesPerPixel === 1 ? '' : 's'} of ${layout.bitsAllocated} bits need ${segments}`;
    }
    const starts: number[] = [];
    for (let segment = 0; segment < count; segment++) {
      const start = view.getUint32(fragment.position + 4 + segment * 4, true);
      if (start <= (starts.at(-1) ?? 63) || start >= element.length) {
        return `inconsistent pixel data: RLE frame ${frame} segment ${segment + 1} starts outside the frame`;
      }
      starts.push(start);
    }
    // A two-byte replicate run gives at most 128 bytes: a segment cannot hold more pixels than
    // 64 times its length. The decoder would pad the rest of a too-large image with zeros.
    const frameLength = fragments.length === layout.frames ? fragment.length : element.length;
    const shortest = Math.min(...starts.map((start, i) => (starts[i + 1] ?? frameLength) - start));
    if (shortest * 64 < layout.rows * layout.columns) {
      return `inconsistent pixel data: RLE frame ${frame} holds at most ${shortest * 64} pixels, but the header says ${layout.columns} x ${layout.rows}`;
    }
  }
  return null;
}

/**
 * Checked after a frame is decoded: a compressed frame must hold the pixels the header
 * describes, or measurements and overlays would address pixels that are not there. Colour
 * frames may come back as RGBA.
 */
export function decodedFrameProblem(
  expected: Pick<PixelLayout, 'rows' | 'columns' | 'samplesPerPixel'>,
  decoded: { rows: number; columns: number; values: number },
): string | null {
  const { rows, columns, samplesPerPixel } = expected;
  if (decoded.rows !== rows || decoded.columns !== columns) {
    return `inconsistent pixel data: the decoded frame is ${decoded.columns} x ${decoded.rows} pixels, but the header says ${columns} x ${rows}`;
  }
  const values = rows * columns * samplesPerPixel;
  if (decoded.values === values || (samplesPerPixel === 3 && decoded.values === rows * columns * 4)) return null;
  return `inconsistent pixel data: the decoded frame holds ${decoded.values} values, but ${columns} x ${rows} pixels x ${samplesPerPixel} sample${samplesPerPixel === 1 ? '' : 's'} need ${values}`;
}

function bytes(count: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = count;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
}

/** Attribute text as a person can read it: control bytes and long garbage are not shown raw. */
function printable(text: string): string {
  const clean = text.replace(/[^A-Za-z0-9 _.+-]/g, '?');
  return `"${clean.length > 24 ? `${clean.slice(0, 24)}...` : clean}"`;
}

/** A decode refusal already worded for a person; it travels through the loader unchanged. */
export class PixelDataError extends Error {}

/**
 * What a decode failure means to the reader. Codec messages ("Cannot read properties...",
 * emscripten aborts) say nothing to a radiologist; they are logged for IT, not shown.
 */
export function describeDecodeFailure(error: unknown, transferSyntaxUID: string): string {
  if (error instanceof PixelDataError) return error.message;
  const syntax = transferSyntaxName(transferSyntaxUID);
  return NATIVE_TRANSFER_SYNTAXES.has(transferSyntaxUID)
    ? `could not be decoded: the uncompressed (${syntax}) pixel data does not match the header`
    : `could not be decoded: the ${syntax} compressed pixel data is damaged`;
}
