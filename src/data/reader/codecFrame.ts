import { greyPixels, isPlainGreyFrame, type GreyFrameAttributes, type GreyPixels, type Rescale } from '../greyPixels';

/**
 * A frame as a kept WebAssembly codec hands it out: its samples in the codec's own memory, which
 * its next call overwrites. Read it (greyFromCodecFrame) before decoding another frame.
 */
export interface CodecFrame {
  /** Little-endian samples, a view on the codec's memory. */
  samples: Uint8Array;
  columns: number;
  rows: number;
  bitsPerSample: number;
  componentCount: number;
}

export interface CodecGreyLayout extends GreyFrameAttributes {
  rows: number;
  columns: number;
  samplesPerPixel: number;
}

/**
 * The decoded frame as Cornerstone keeps it (rescale applied, smallest type: greyPixels, which
 * gives what the loader's post-processing gives), copied out of the codec's memory in the same
 * pass. Null when the codestream disagrees with the dataset (size, depth, components): the DICOM
 * image loader then reads the frame, and its answer or refusal stays the viewer's.
 */
export function greyFromCodecFrame(
  frame: CodecFrame,
  layout: CodecGreyLayout,
  rescale: Rescale | undefined,
  canRenderFloat: boolean,
): GreyPixels | null {
  const bytesPerSample = frame.bitsPerSample > 8 ? 2 : 1;
  const agrees =
    isPlainGreyFrame(layout) &&
    layout.samplesPerPixel === 1 &&
    frame.componentCount === 1 &&
    frame.columns === layout.columns &&
    frame.rows === layout.rows &&
    bytesPerSample * 8 === layout.bitsAllocated &&
    frame.samples.byteLength === frame.columns * frame.rows * bytesPerSample;
  return agrees ? greyPixels(frame.samples, layout, rescale, canRenderFloat) : null;
}
