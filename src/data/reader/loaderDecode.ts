import type { GreyArray } from '../greyPixels';

/**
 * The DICOM image loader's `decodeImageFrame` (the function its decode workers run: codec, then
 * rescale and typing), as the reading worker calls it and as the tests compare greyPixels with
 * it. The loader's package types it only inside its worker module.
 */
export interface LoaderDecoded {
  pixelData: GreyArray;
  smallestPixelValue: number;
  largestPixelValue: number;
  preScale?: { scaled?: boolean };
}

export type LoaderDecode<Decoded = LoaderDecoded> = (
  imageFrame: Record<string, unknown>,
  transferSyntaxUID: string,
  pixelData: Uint8Array,
  decodeConfig: Record<string, unknown>,
  options: Record<string, unknown>,
) => Promise<Decoded>;
