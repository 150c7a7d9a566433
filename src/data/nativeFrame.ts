import type { DataSet } from 'dicom-parser';

/**
 * Frames the DICOM image loader's decoders cannot read, turned into Explicit VR Little Endian
 * frames they can: big-endian pixel data of 1 or 32 bits (its big-endian path swaps 16-bit
 * words only) and RLE of 32-bit grey values (its RLE decoder stops at 16 bits). Written here
 * because no maintained library in the bundle decodes these; every other frame goes to the
 * loader untouched.
 */

export const EXPLICIT_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
const EXPLICIT_BIG_ENDIAN = '1.2.840.10008.1.2.2';
const RLE_LOSSLESS = '1.2.840.10008.1.2.5';

export interface FrameLayout {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bitsAllocated: number;
}

export function layoutOf(dataSet: DataSet): FrameLayout {
  return {
    rows: dataSet.uint16('x00280010') ?? 0,
    columns: dataSet.uint16('x00280011') ?? 0,
    samplesPerPixel: dataSet.uint16('x00280002') ?? 1,
    bitsAllocated: dataSet.uint16('x00280100') ?? 16,
  };
}

/** True when the loader cannot decode this combination itself and nativeFrame() should. */
export function needsNativeFrame(transferSyntaxUID: string, layout: FrameLayout): boolean {
  if (transferSyntaxUID === EXPLICIT_BIG_ENDIAN) return layout.bitsAllocated === 1 || layout.bitsAllocated === 32;
  if (transferSyntaxUID === RLE_LOSSLESS) return layout.bitsAllocated === 32 && layout.samplesPerPixel === 1;
  return false;
}

/**
 * One frame as little-endian native bytes (1-bit data unpacked to one byte per pixel, as the
 * loader itself does for little-endian files).
 */
export function nativeFrame(transferSyntaxUID: string, dataSet: DataSet, frameIndex: number, layout: FrameLayout): Uint8Array {
  const pixels = dataSet.elements.x7fe00010;
  if (!pixels) throw new Error('The file has no pixel data');
  const samples = layout.rows * layout.columns * layout.samplesPerPixel;
  if (transferSyntaxUID === RLE_LOSSLESS) {
    const fragment = pixelFragment(dataSet, frameIndex);
    return decodeRle(fragment, samples, layout.bitsAllocated / 8);
  }
  const bytes = dataSet.byteArray;
  const start = pixels.dataOffset;
  if (layout.bitsAllocated === 1) {
    // Bits as OW are 16-bit words, so byte i of the little-endian stream is byte i ^ 1 in big
    // endian; as OB they are bytes already, in the same order either way.
    const swap = pixels.vr === 'OW' ? 1 : 0;
    const out = new Uint8Array(samples);
    const first = frameIndex * samples;
    for (let k = 0; k < samples; k++) {
      const bit = first + k;
      out[k] = (bytes[start + ((bit >> 3) ^ swap)]! >> (bit & 7)) & 1;
    }
    return out;
  }
  const size = samples * 4;
  const offset = start + frameIndex * size;
  if (offset + size > bytes.length) throw new Error('The pixel data ends before this frame');
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i += 4) {
    out[i] = bytes[offset + i + 3]!;
    out[i + 1] = bytes[offset + i + 2]!;
    out[i + 2] = bytes[offset + i + 1]!;
    out[i + 3] = bytes[offset + i]!;
  }
  return out;
}

function pixelFragment(dataSet: DataSet, frameIndex: number): Uint8Array {
  const fragments = dataSet.elements.x7fe00010?.fragments ?? [];
  const fragment = fragments[frameIndex];
  if (!fragment || fragments.length < 1) throw new Error('The RLE data has no fragment for this frame');
  return dataSet.byteArray.subarray(fragment.position, fragment.position + fragment.length);
}

/**
 * DICOM RLE (PS3.5 Annex G): a 64-byte header with up to 15 segment offsets, one PackBits
 * segment per byte plane, most significant byte first. Grey values only (one sample).
 */
export function decodeRle(frame: Uint8Array, pixelCount: number, bytesPerSample: number): Uint8Array {
  if (frame.length < 64) throw new Error('The RLE frame is shorter than its header');
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const segments = view.getUint32(0, true);
  if (segments !== bytesPerSample) throw new Error(`The RLE frame has ${segments} segments where ${bytesPerSample} were expected`);
  const out = new Uint8Array(pixelCount * bytesPerSample);
  for (let s = 0; s < segments; s++) {
    const begin = view.getUint32(4 + 4 * s, true);
    const end = s + 1 < segments ? view.getUint32(8 + 4 * s, true) : frame.length;
    // Segment s holds byte (bytesPerSample - 1 - s) of each little-endian sample.
    const lane = bytesPerSample - 1 - s;
    let read = begin;
    let pixel = 0;
    while (read < end && pixel < pixelCount) {
      const n = (frame[read++]! << 24) >> 24; // signed header byte
      if (n >= 0) {
        for (let i = 0; i <= n && pixel < pixelCount && read < end; i++) out[pixel++ * bytesPerSample + lane] = frame[read++]!;
      } else if (n !== -128) {
        const value = frame[read++]!;
        for (let i = 0; i < 1 - n && pixel < pixelCount; i++) out[pixel++ * bytesPerSample + lane] = value;
      }
    }
    if (pixel < pixelCount) throw new Error('The RLE segment ends before the frame is complete');
  }
  return out;
}
