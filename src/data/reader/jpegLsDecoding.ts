import type { CodecFrame } from './codecFrame';

/**
 * JPEG-LS frames decoded with one CharLS decoder, kept for every frame: the codec the DICOM
 * image loader uses (@cornerstonejs/codec-charls), called without the loader's worker module.
 * That module carries every codec's code (a megabyte), and each frame paid a copy more: a
 * JPEG-LS series' first frame left the reading worker ~500 ms after its bytes came in on a
 * 2-core machine, ~80 ms with this decoder made as the worker starts. No DOM: unit-tested in
 * Node against the loader's decodeImageFrame.
 */

interface JpegLsDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  decode(): void;
  getFrameInfo(): { width: number; height: number; bitsPerSample: number; componentCount: number };
  /** A view on the codec's memory, valid until its next call. */
  getDecodedBuffer(): Uint8Array;
  delete(): void;
}

/** CharLS's WebAssembly module, as far as decoding goes. */
export interface JpegLsCodec {
  JpegLSDecoder: new () => JpegLsDecoder;
  /** CharLS throws a number (a pointer to its exception); this words it. */
  getExceptionMessage(exception: number): string;
}

/** Lossless and near-lossless (PS3.5 A.4.3). */
export const JPEG_LS_TRANSFER_SYNTAXES: ReadonlySet<string> = new Set(['1.2.840.10008.1.2.4.80', '1.2.840.10008.1.2.4.81']);

export class JpegLsDecoding {
  private decoder: JpegLsDecoder | undefined;

  constructor(private readonly codec: JpegLsCodec) {}

  /** The frame's samples, in the codec's memory until the next call. */
  decodeFrame(encoded: Uint8Array): CodecFrame {
    const decoder = (this.decoder ??= new this.codec.JpegLSDecoder());
    try {
      decoder.getEncodedBuffer(encoded.length).set(encoded);
      decoder.decode();
      const info = decoder.getFrameInfo();
      return {
        samples: decoder.getDecodedBuffer(),
        columns: info.width,
        rows: info.height,
        bitsPerSample: info.bitsPerSample,
        componentCount: info.componentCount,
      };
    } catch (error) {
      // A decoder that threw may be left half way: the next frame gets a new one.
      this.decoder = undefined;
      try {
        decoder.delete();
      } catch {
        // already unusable: dropped either way
      }
      throw new Error(`JPEG-LS frame not decoded: ${typeof error === 'number' ? this.codec.getExceptionMessage(error) : String(error)}`);
    }
  }
}
