import type { DataSet } from 'dicom-parser';
import type { LoaderDecode, LoaderDecoded } from './loaderDecode';
import { greyLayoutOf, rescaleOf, type DecodedGreyFrame } from './predecode';
import { HTJ2K_TRANSFER_SYNTAXES, Htj2kDecoding, type Htj2kCodec } from './htj2kDecoding';
import { firstDecodeAlone } from './firstDecodeAlone';

/**
 * A single-frame compressed greyscale image decoded in the reading worker with the DICOM image
 * loader's own code: its `decodeImageFrame` (the function its decode workers run: codec, then
 * rescale and typing) and its frame extraction. Decoding here instead of in the loader's
 * workers saves the frame's trips through the main thread (parse, a copy there, a copy back, a
 * retype): on 2 cores a JPEG-LS series' load is decoding, and every copy comes out of it.
 * HTJ2K frames go through one kept OpenJPH decoder instead of the loader's codec call
 * (htj2kDecoding.ts says why), then through the loader's own post-processing.
 */

/** Compressed syntaxes whose greyscale frames the loader's decodeImageFrame reads. */
const COMPRESSED_GREY = new Set([
  '1.2.840.10008.1.2.5', // RLE
  '1.2.840.10008.1.2.4.50',
  '1.2.840.10008.1.2.4.51',
  '1.2.840.10008.1.2.4.57',
  '1.2.840.10008.1.2.4.70',
  '1.2.840.10008.1.2.4.80',
  '1.2.840.10008.1.2.4.81',
  '1.2.840.10008.1.2.4.90',
  '1.2.840.10008.1.2.4.91',
  '1.2.840.10008.1.2.4.201',
  '1.2.840.10008.1.2.4.202',
  '1.2.840.10008.1.2.4.203',
  '3.2.840.10008.1.2.4.96',
]);

/** The loader's rescale and typing of a decoded frame, applied to the one decoded here (HTJ2K). */
type PostProcess = (
  decoded: Record<string, unknown>,
  options: Record<string, unknown>,
  start: number,
  decodeConfig: object,
) => LoaderDecoded;

// The loader's package exports neither module by name; their files are its public decode
// path all the same (the index re-exports decodeImageFrame, for use outside its workers).
// Importing the worker module registers its message handler too: it answers only messages of
// its own protocol, never the reading worker's.
const importLoaderModules = (): Promise<
  [{ decodeImageFrame: LoaderDecode; postProcessDecodedPixels: PostProcess }, { default: (dataSet: DataSet, frame: number) => Uint8Array }]
> =>
  Promise.all([
    import('../../../node_modules/@cornerstonejs/dicom-image-loader/dist/esm/decodeImageFrameWorker.js') as unknown as Promise<{
      decodeImageFrame: LoaderDecode;
      postProcessDecodedPixels: PostProcess;
    }>,
    import('../../../node_modules/@cornerstonejs/dicom-image-loader/dist/esm/imageLoader/wadouri/getEncapsulatedImageFrame.js') as unknown as Promise<{
      default: (dataSet: DataSet, frame: number) => Uint8Array;
    }>,
  ]);

let loading: ReturnType<typeof importLoaderModules> | undefined;
const loaderModules = (): ReturnType<typeof importLoaderModules> => (loading ??= importLoaderModules());

// The codec the loader's decodeHTJ2K uses, instantiated the way it does, for one kept decoder.
const importHtj2k = async (): Promise<Htj2kDecoding> => {
  const { default: factory } = await import('@cornerstonejs/codec-openjph/wasmjs');
  const wasm = new URL('@cornerstonejs/codec-openjph/wasm', import.meta.url);
  const codec = (await factory({ locateFile: (file) => (file.endsWith('.wasm') ? wasm.href : file) })) as Htj2kCodec;
  return new Htj2kDecoding(codec);
};

let htj2kLoading: Promise<Htj2kDecoding> | undefined;
const htj2kDecoding = (): Promise<Htj2kDecoding> =>
  (htj2kLoading ??= importHtj2k().catch((error: unknown) => {
    htj2kLoading = undefined;
    throw error;
  }));

const decodeAfterFirst = firstDecodeAlone();

/** Starts loading the decoders (a module of a megabyte and its codecs) before the first frame needs them. */
export function warmCompressedDecoding(): void {
  loaderModules().catch(() => {
    loading = undefined; // tried again, and its failure reported, by the frame that needs it
  });
}

export function isCompressedGreyFrame(dataSet: DataSet, transferSyntaxUID: string): boolean {
  const layout = greyLayoutOf(dataSet);
  const modality = (dataSet.string('x00080060') ?? '').trim();
  return (
    COMPRESSED_GREY.has(transferSyntaxUID) &&
    layout !== null &&
    layout.samplesPerPixel === 1 &&
    (layout.bitsAllocated === 8 || layout.bitsAllocated === 16) &&
    /^MONOCHROME[12]$/.test(layout.photometricInterpretation) &&
    Math.max(1, dataSet.intString('x00280008') ?? 1) === 1 &&
    modality !== 'PT' &&
    modality !== 'RTDOSE' &&
    (dataSet.elements.x7fe00010?.fragments?.length ?? 0) > 0
  );
}

/** The decoded frame, as the loader's createImage would receive it from its worker. */
export async function decodeCompressedGrey(
  dataSet: DataSet,
  transferSyntaxUID: string,
  canRenderFloat: boolean,
): Promise<DecodedGreyFrame> {
  const layout = greyLayoutOf(dataSet);
  if (!layout) throw new Error('not a greyscale frame');
  const [{ decodeImageFrame, postProcessDecodedPixels }, { default: encapsulatedFrame }] = await loaderModules();
  const rescale = rescaleOf(dataSet);
  const modality = (dataSet.string('x00080060') ?? '').trim();
  const imageFrame = {
    samplesPerPixel: layout.samplesPerPixel,
    photometricInterpretation: layout.photometricInterpretation,
    planarConfiguration: dataSet.uint16('x00280006'),
    rows: layout.rows,
    columns: layout.columns,
    bitsAllocated: layout.bitsAllocated,
    bitsStored: dataSet.uint16('x00280101'),
    pixelRepresentation: layout.pixelRepresentation,
    pixelData: undefined,
  };
  const options = {
    preScale: rescale
      ? { enabled: true, scalingParameters: { rescaleSlope: rescale.slope, rescaleIntercept: rescale.intercept, modality } }
      : { enabled: false },
    allowFloatRendering: canRenderFloat,
  };
  const encoded = encapsulatedFrame(dataSet, 0);
  const decoded = HTJ2K_TRANSFER_SYNTAXES.has(transferSyntaxUID)
    ? postProcessDecodedPixels(
        { ...imageFrame, ...(await htj2kDecoding()).decode(encoded, layout.pixelRepresentation) },
        options,
        Date.now(),
        {},
      )
    : await decodeAfterFirst(transferSyntaxUID, () => decodeImageFrame(imageFrame, transferSyntaxUID, encoded, {}, options));
  return {
    pixelData: decoded.pixelData,
    smallest: decoded.smallestPixelValue,
    largest: decoded.largestPixelValue,
    scaled: decoded.preScale?.scaled === true,
    rescale,
    canRenderFloat,
  };
}
