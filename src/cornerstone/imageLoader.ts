import { imageLoader, metaData, type Types } from '@cornerstonejs/core';
import dicomImageLoader from '@cornerstonejs/dicom-image-loader';
import type { DataSet } from 'dicom-parser';
import { instanceStore, parseImageId, readSourceBytes } from '../data/instanceStore';
import { parsePart10 } from '../data/readInstance';
import { decodedFrameProblem, describeDecodeFailure, PixelDataError } from '../data/pixelAttributes';
import { frameDataSet } from '../data/frameDataSet';
import { EXPLICIT_LITTLE_ENDIAN, layoutOf, nativeFrame, needsNativeFrame } from '../data/nativeFrame';
import { frameBytes, greyLayoutOf, isNativeGreyFrame } from '../data/reader/predecode';
import { createGreyImage, decodedGreyImage } from './greyImage';
import { imageGeometry } from '../geometry/imageGeometry';
import { ImagePlaneModules } from './imagePlaneModules';

/**
 * The `instance:` image loader (instances held in the host's instance store). Uncompressed
 * greyscale frames are made into images here (greyImage.ts), most of them already decoded by
 * the reading worker; every other frame goes through the DICOM image loader's own decode path
 * (getPixelData, createImage, its workers and codecs), fed from bytes the host already read.
 * It differs from wadouri in what it keeps: metadata comes from a small header dataset, and
 * the file bytes are let go after decoding instead of being pinned to the cached image
 * (image.data), which would double the memory of every loaded series.
 */
function loadStoredInstance(imageId: string): Types.IImageLoadObject {
  const promise = (async (): Promise<Types.IImage> => {
    const parsed = parseImageId(imageId);
    const instance = parsed ? instanceStore.get(parsed.key) : undefined;
    if (!parsed || !instance) throw new Error(`Unknown image ${imageId}`);
    const frameIndex = (parsed.frame ?? 1) - 1;
    const decoded = instanceStore.takeDecodedFrame(parsed.key);
    const image = (decoded && decodedGreyImage(imageId, decoded)) ?? (await decodeFromFile(imageId, parsed.key, frameIndex));
    const problem = decodedFrameProblem(
      { rows: instance.header.rows, columns: instance.header.columns, samplesPerPixel: displayedSamples(instance.headerDataSet) },
      { rows: image.rows, columns: image.columns, values: image.getPixelData().length },
    );
    if (problem) throw new PixelDataError(problem);
    return image;
  })().catch((error: unknown) => {
    // The codec's own words go to the console for IT; the refusal says what it means.
    if (!(error instanceof PixelDataError)) console.warn(`Decoding ${imageId} failed:`, error);
    const syntax = parseImageId(imageId) ? instanceStore.get(parseImageId(imageId)?.key ?? '')?.header.transferSyntaxUID : undefined;
    throw new PixelDataError(describeDecodeFailure(error, syntax ?? ''));
  });
  return { promise };
}

/** The file read (again, if it was let go), the frame decoded: here if plain grey, else by the loader. */
async function decodeFromFile(imageId: string, key: string, frameIndex: number): Promise<Types.IImage> {
  const instance = instanceStore.get(key);
  if (!instance) throw new Error(`Unknown image ${imageId}`);
  const dataSet = await fullDataSet(key, instance.header.numberOfFrames > 1);
  const { transferSyntaxUID } = instance.header;
  const grey = greyLayoutOf(dataSet);
  const bytes = isNativeGreyFrame(transferSyntaxUID, grey) ? frameBytes(dataSet, frameIndex, grey) : null;
  const image = bytes && grey ? createGreyImage(imageId, bytes, grey) : undefined;
  if (image) return image;
  const layout = layoutOf(dataSet);
  // Combinations the loader's decoders cannot read reach it as little-endian native frames.
  const native = needsNativeFrame(transferSyntaxUID, layout);
  const pixelData = native
    ? nativeFrame(transferSyntaxUID, dataSet, frameIndex, layout)
    : dicomImageLoader.wadouri.getPixelData(dataSet, frameIndex);
  if (!pixelData) throw new Error('The file has no pixel data for this frame');
  return (await dicomImageLoader.createImage(imageId, pixelData, native ? EXPLICIT_LITTLE_ENDIAN : transferSyntaxUID, {})) as Types.IImage;
}

/** Samples a pixel after the loader's colour conversion: palette and YBR images come out as RGB. */
function displayedSamples(header: DataSet): number {
  const photometric = (header.string('x00280004') ?? '').trim();
  return photometric === 'PALETTE COLOR' ? 3 : (header.uint16('x00280002') ?? 1);
}

async function fullDataSet(key: string, multiFrame: boolean): Promise<DataSet> {
  const kept = instanceStore.multiFrame(key);
  if (kept) return kept;
  const instance = instanceStore.get(key);
  if (!instance) throw new Error(`Unknown instance ${key}`);
  const dataSet = instanceStore.takeParsedFile(key) ?? parsePart10(await readSourceBytes(instance.source));
  // Frames of one object decode one by one; keep its parse until the series finishes loading.
  if (multiFrame) instanceStore.rememberMultiFrame(key, dataSet);
  return dataSet;
}

const imagePlaneModules = new ImagePlaneModules<DataSet>((imageId, dataSet) => ({
  ...(dicomImageLoader.wadouri.metaData.metadataForDataset('imagePlaneModule', imageId, dataSet) as object),
  // The renderer places the image where the geometry module says, so drawing and measuring
  // can never disagree about where a pixel is.
  ...imageGeometry.imagePlaneModule(imageId),
}));

/** Serves Cornerstone's metadata modules for `instance:` images with the wadouri module builders. */
function emhMetadataProvider(type: string, imageId: string): unknown {
  if (typeof imageId !== 'string' || !imageId.startsWith('instance:')) return undefined;
  const dataSet = frameDataSet(imageId);
  if (!dataSet) return undefined;
  if (type === 'imagePlaneModule') return imagePlaneModules.get(imageId, dataSet);
  return dicomImageLoader.wadouri.metaData.metadataForDataset(type, imageId, dataSet);
}

export function registerEmhImageLoader(): void {
  imageLoader.registerImageLoader('instance', loadStoredInstance as unknown as Types.ImageLoaderFn);
  metaData.addProvider(emhMetadataProvider, 10000);
}

export function releaseMultiFrame(key: string): void {
  instanceStore.forgetMultiFrame(key);
}
