/**
 * An uncompressed greyscale frame's stored values made into the array Cornerstone keeps: the
 * rescale (slope, intercept) applied, in the smallest integer type that holds the result, else
 * Float32, with its smallest and largest value. Exactly what the DICOM image loader's
 * `decodeImageFrame` + `postProcessDecodedPixels` give for the same frame (greyPixels.test.ts
 * runs both), in two passes over the frame instead of three and without its worker round trip:
 * this is the step every slice of a 1,000-slice series goes through while the user waits.
 * Pure: no DOM, no Cornerstone.
 */

export type GreyArray = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Float32Array;

export interface GreyFrameAttributes {
  bitsAllocated: number;
  bitsStored: number;
  /** 0 unsigned, 1 two's complement. */
  pixelRepresentation: number;
}

export interface Rescale {
  slope: number;
  intercept: number;
}

export interface GreyPixels {
  pixelData: GreyArray;
  /** As Cornerstone reports them: slope x stored extreme + intercept (a negative slope swaps them). */
  smallest: number;
  largest: number;
  /** True when the rescale was applied to the values (image.preScale.scaled). */
  scaled: boolean;
}

/** The frames greyPixels reads: 16-bit either sign, 8-bit unsigned. */
export function isPlainGreyFrame(frame: GreyFrameAttributes): boolean {
  return frame.bitsAllocated === 16 || (frame.bitsAllocated === 8 && frame.pixelRepresentation === 0);
}

/** The loader's getPixelDataTypeFromMinMax. */
export function greyArrayType(min: number, max: number): new (length: number) => GreyArray {
  if (Number.isInteger(min) && Number.isInteger(max)) {
    if (min >= 0) {
      if (max <= 255) return Uint8Array;
      if (max <= 65535) return Uint16Array;
      if (max <= 4294967295) return Uint32Array;
    } else {
      if (min >= -128 && max <= 127) return Int8Array;
      if (min >= -32768 && max <= 32767) return Int16Array;
    }
  }
  return Float32Array;
}

/** The stored values as the file holds them (a view when aligned, else a copy). */
function storedValues(bytes: Uint8Array, frame: GreyFrameAttributes): Uint8Array | Uint16Array | Int16Array {
  if (frame.bitsAllocated === 8) return bytes;
  const aligned = bytes.byteOffset % 2 === 0 ? bytes : bytes.slice();
  const length = aligned.byteLength >> 1;
  return frame.pixelRepresentation === 0
    ? new Uint16Array(aligned.buffer, aligned.byteOffset, length)
    : new Int16Array(aligned.buffer, aligned.byteOffset, length);
}

/**
 * `rescale` undefined: no rescale to apply (slope 1, intercept 0). A non-integer rescale is
 * left unapplied when the renderer cannot draw float pixels, as the loader does.
 */
export function greyPixels(
  bytes: Uint8Array,
  frame: GreyFrameAttributes,
  rescale: Rescale | undefined,
  canRenderFloat: boolean,
): GreyPixels {
  if (!isPlainGreyFrame(frame)) throw new Error(`greyPixels reads 8-bit unsigned or 16-bit frames, not ${frame.bitsAllocated}-bit`);
  const stored = storedValues(bytes, frame);
  const n = stored.length;
  // Signed values narrower than their 16 bits carry their sign in bit (bitsStored - 1).
  const shift = frame.pixelRepresentation === 1 && frame.bitsStored > 0 ? 32 - frame.bitsStored : 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = shift ? (stored[i]! << shift) >> shift : stored[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (n === 0) min = max = 0;
  const floatRescale = rescale !== undefined && (!Number.isInteger(rescale.slope) || !Number.isInteger(rescale.intercept));
  const apply = rescale !== undefined && !(floatRescale && !canRenderFloat);
  const smallest = apply ? rescale.slope * min + rescale.intercept : min;
  const largest = apply ? rescale.slope * max + rescale.intercept : max;
  const out = new (greyArrayType(smallest, largest))(n);
  if (apply) {
    const { slope, intercept } = rescale;
    if (shift) for (let i = 0; i < n; i++) out[i] = ((stored[i]! << shift) >> shift) * slope + intercept;
    // The usual CT rescale (slope 1, whole intercept): an integer add, half the time of a multiply-add.
    else if (slope === 1 && Number.isInteger(intercept)) for (let i = 0; i < n; i++) out[i] = stored[i]! + intercept;
    else for (let i = 0; i < n; i++) out[i] = stored[i]! * slope + intercept;
  } else if (shift) {
    for (let i = 0; i < n; i++) out[i] = (stored[i]! << shift) >> shift;
  } else {
    out.set(stored);
  }
  return { pixelData: out, smallest, largest, scaled: apply };
}
