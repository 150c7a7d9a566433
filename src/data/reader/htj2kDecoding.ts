import type { CodecFrame } from './codecFrame';

/**
 * HTJ2K frames decoded with one OpenJPH decoder, kept for every frame. The DICOM image loader's
 * decodeHTJ2K makes a new decoder per frame and never frees it (cornerstone3D PR #1388, still
 * open): in Node its WebAssembly memory grew by 0.75 MB a frame, so a reading worker would hold
 * ~375 MB after its half of a 1,000-slice HTJ2K series, and a few such series would exhaust
 * it. It also copies each frame three times. This is the codec call only: greyscale frames
 * are then read by greyFromCodecFrame, the others by the loader's postProcessDecodedPixels.
 * No DOM: unit-tested in Node against the loader's decodeImageFrame.
 */

export interface Htj2kFrameInfo {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
  isSigned: boolean;
}

interface Htj2kDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  decodeSubResolution(level: number): void;
  getFrameInfo(): Htj2kFrameInfo;
  /** Empty after a decode that worked: OpenJPH reports a failure here, it does not throw. */
  getLastErrorMessage(): string;
  /** A view on the codec's memory, valid until its next call. */
  getDecodedBuffer(): Uint8Array;
  delete(): void;
}

/** The OpenJPH WebAssembly module (@cornerstonejs/codec-openjph), as far as decoding goes. */
export interface Htj2kCodec {
  HTJ2KDecoder: new () => Htj2kDecoder;
  HEAPU8: Uint8Array;
}

export type StoredArray = Uint8Array | Int8Array | Uint16Array | Int16Array;

export interface Htj2kFrame {
  /** The stored values, typed as the loader types them (by depth and the dataset's sign). */
  pixelData: StoredArray;
  columns: number;
  rows: number;
}

/** PS3.5 A.4.11 and the pre-standard 3.2...96 Cornerstone's loader also reads. */
export const HTJ2K_TRANSFER_SYNTAXES: ReadonlySet<string> = new Set([
  '1.2.840.10008.1.2.4.201',
  '1.2.840.10008.1.2.4.202',
  '1.2.840.10008.1.2.4.203',
  '3.2.840.10008.1.2.4.96',
]);

/**
 * The loader's getPixelData for a decoded buffer (shared/decoders/getPixelData.js) as this
 * project's build patches it (scripts/webpack/jpeg2000Signedness.cjs): the dataset's
 * PixelRepresentation, not the codestream's flag, says whether the samples are signed.
 */
function typedStored(bytes: Uint8Array, info: Htj2kFrameInfo, pixelRepresentation: number | undefined): StoredArray {
  const signed = (pixelRepresentation === undefined ? info.isSigned : pixelRepresentation === 1) && info.componentCount === 1;
  if (info.bitsPerSample > 8) {
    const length = bytes.byteLength >> 1;
    return signed ? new Int16Array(bytes.buffer, 0, length) : new Uint16Array(bytes.buffer, 0, length);
  }
  return signed ? new Int8Array(bytes.buffer) : bytes;
}

export class Htj2kDecoding {
  private decoder: Htj2kDecoder | undefined;

  constructor(private readonly codec: Htj2kCodec) {}

  /** `pixelRepresentation`: the dataset's (0 unsigned, 1 signed), when it has one. */
  decode(encoded: Uint8Array, pixelRepresentation?: number): Htj2kFrame {
    const { samples, info } = this.decodeInPlace(encoded);
    // One copy out of the codec's memory, which the next frame overwrites.
    return { pixelData: typedStored(samples.slice(), info, pixelRepresentation), columns: info.width, rows: info.height };
  }

  /** The frame's samples, in the codec's memory until the next call (greyFromCodecFrame reads them). */
  decodeFrame(encoded: Uint8Array): CodecFrame {
    const { samples, info } = this.decodeInPlace(encoded);
    return { samples, columns: info.width, rows: info.height, bitsPerSample: info.bitsPerSample, componentCount: info.componentCount };
  }

  private decodeInPlace(encoded: Uint8Array): { samples: Uint8Array; info: Htj2kFrameInfo } {
    const decoder = (this.decoder ??= new this.codec.HTJ2KDecoder());
    try {
      decoder.getEncodedBuffer(encoded.length).set(encoded);
      decoder.decodeSubResolution(0);
      // A kept decoder still holds the last frame's pixels when a codestream fails: they must
      // not pass for this frame's (tested).
      const failure = decoder.getLastErrorMessage();
      const info = decoder.getFrameInfo();
      if (failure || info.width === 0 || info.height === 0) throw new Error(`HTJ2K frame not decoded: ${failure || 'no image size'}`);
      return { samples: decoder.getDecodedBuffer(), info };
    } catch (error) {
      // A frame that failed may leave the decoder half way: the next frame gets a new one.
      this.decoder = undefined;
      try {
        decoder.delete();
      } catch {
        // already unusable: dropped either way
      }
      throw error;
    }
  }

  /** Bytes of WebAssembly memory the codec holds (it grows, never shrinks). */
  memoryBytes(): number {
    return this.codec.HEAPU8.length;
  }
}
