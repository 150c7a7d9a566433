import dicomParser, { type DataSet } from 'dicom-parser';
import type { LoaderDecode, LoaderDecoded } from './loaderDecode';
import { greyLayoutOf, rescaleOf, type DecodedGreyFrame } from './predecode';
import { HTJ2K_TRANSFER_SYNTAXES, Htj2kDecoding, type Htj2kCodec } from './htj2kDecoding';
import { JPEG_LS_TRANSFER_SYNTAXES, JpegLsDecoding, type JpegLsCodec } from './jpegLsDecoding';
import { greyFromCodecFrame, type CodecFrame } from './codecFrame';
import { firstDecodeAlone } from './firstDecodeAlone';

/**
 * A single-frame compressed greyscale image decoded in the reading worker with the DICOM image
 * loader's own code: its `decodeImageFrame` (the function its decode workers run: codec, then
 * rescale and typing) and its frame extraction. Decoding here instead of in the loader's
 * workers saves the frame's trips through the main thread (parse, a copy there, a copy back, a
 * retype): on 2 cores a JPEG-LS series' load is decoding, and every copy comes out of it.
 * JPEG-LS and HTJ2K, the syntaxes PACS archives keep CT and MR in, skip the loader's module:
 * one kept decoder each (jpegLsDecoding.ts, htj2kDecoding.ts say why), whose samples
 * greyFromCodecFrame copies out with the rescale applied. The loader reads whatever those
 * decoders and that copy do not take.
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

// Imported by the first frame that needs it: a JPEG-LS or HTJ2K series never does.
const loaderModules = once(importLoaderModules);

/** One kept decoder per syntax, made once: by warmKeptCodecs as the reading worker starts, else by the first frame. */
export interface KeptCodecs {
  jpegLs(): Promise<JpegLsDecoding>;
  htj2k(): Promise<Htj2kDecoding>;
}

/** A codec made once; a failure to make it is reported by the frame that needed it, and tried again by the next. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let making: Promise<T> | undefined;
  return () =>
    (making ??= make().catch((error: unknown) => {
      making = undefined;
      throw error;
    }));
}

// Each codec instantiated the way the loader's own decoder module does it. Their code is part of
// the reading worker's file ("eager"): as chunks of their own, the worker fetched them with a
// blocking importScripts when it started, before it read its first file.
const workerCodecs: KeptCodecs = {
  jpegLs: once(async () => {
    const { default: factory } = await import(/* webpackMode: "eager" */ '@cornerstonejs/codec-charls/decodewasmjs');
    const wasm = new URL('@cornerstonejs/codec-charls/decodewasm', import.meta.url);
    const codec = (await factory({ locateFile: (file) => (file.endsWith('.wasm') ? wasm.href : file) })) as JpegLsCodec;
    return new JpegLsDecoding(codec);
  }),
  htj2k: once(async () => {
    const { default: factory } = await import(/* webpackMode: "eager" */ '@cornerstonejs/codec-openjph/wasmjs');
    const wasm = new URL('@cornerstonejs/codec-openjph/wasm', import.meta.url);
    const codec = (await factory({ locateFile: (file) => (file.endsWith('.wasm') ? wasm.href : file) })) as Htj2kCodec;
    return new Htj2kDecoding(codec);
  }),
};

const decodeAfterFirst = firstDecodeAlone();

/**
 * Starts making the kept decoders (two codecs of 200-360 KB) while the first file is on its way,
 * so that a compressed series' first frame does not wait for them.
 */
export function warmKeptCodecs(codecs: KeptCodecs = workerCodecs): void {
  for (const make of [codecs.jpegLs, codecs.htj2k]) make().catch(() => undefined); // the frame that needs it reports a failure
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

/** A single frame's codestream: every fragment of the pixel data (a basic offset table, if any, has one entry). */
function singleFrameCodestream(dataSet: DataSet): Uint8Array {
  const pixels = dataSet.elements.x7fe00010!;
  return dicomParser.readEncapsulatedPixelDataFromFragments(dataSet, pixels, 0, pixels.fragments!.length);
}

/** The decoded frame, as the loader's createImage would receive it from its worker. */
export async function decodeCompressedGrey(
  dataSet: DataSet,
  transferSyntaxUID: string,
  canRenderFloat: boolean,
  codecs: KeptCodecs = workerCodecs,
): Promise<DecodedGreyFrame> {
  const layout = greyLayoutOf(dataSet);
  if (!layout) throw new Error('not a greyscale frame');
  const rescale = rescaleOf(dataSet);
  const kept = JPEG_LS_TRANSFER_SYNTAXES.has(transferSyntaxUID)
    ? codecs.jpegLs
    : HTJ2K_TRANSFER_SYNTAXES.has(transferSyntaxUID)
      ? codecs.htj2k
      : undefined;
  const finite = rescale === undefined || (Number.isFinite(rescale.slope) && Number.isFinite(rescale.intercept));
  if (kept && finite) {
    const decoding = await kept();
    const frame: CodecFrame = decoding.decodeFrame(singleFrameCodestream(dataSet));
    const grey = greyFromCodecFrame(frame, layout, rescale, canRenderFloat);
    if (grey)
      return { pixelData: grey.pixelData, smallest: grey.smallest, largest: grey.largest, scaled: grey.scaled, rescale, canRenderFloat };
  }
  const [{ decodeImageFrame, postProcessDecodedPixels }, { default: encapsulatedFrame }] = await loaderModules();
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
        { ...imageFrame, ...(await codecs.htj2k()).decode(encoded, layout.pixelRepresentation) },
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
