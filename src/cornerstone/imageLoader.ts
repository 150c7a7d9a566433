import { imageLoader, metaData, type Types } from '@cornerstonejs/core';
import dicomImageLoader from '@cornerstonejs/dicom-image-loader';
import { combineFrameInstanceDataset } from '@cornerstonejs/dicom-image-loader/wadouri/combineFrameInstanceDataset';
import type { DataSet } from 'dicom-parser';
import { instanceStore, parseImageId, readSourceBytes } from '../data/instanceStore';
import { parsePart10 } from '../data/readInstance';
import { decodedFrameProblem, describeDecodeFailure, PixelDataError } from '../data/pixelAttributes';

/**
 * The `emh:` image loader: the DICOM image loader's own decode path (getPixelData, createImage,
 * its workers and codecs), fed from bytes the host already read. It differs from wadouri only
 * in what it keeps: metadata comes from a small header dataset, and the file bytes are let go
 * after decoding instead of being pinned to the cached image (image.data), which would double
 * the memory of every loaded series.
 */
function loadEmhImage(imageId: string): Types.IImageLoadObject {
  const promise = (async (): Promise<Types.IImage> => {
    const parsed = parseImageId(imageId);
    const instance = parsed ? instanceStore.get(parsed.key) : undefined;
    if (!parsed || !instance) throw new Error(`Unknown image ${imageId}`);
    const frameIndex = (parsed.frame ?? 1) - 1;
    const dataSet = await fullDataSet(parsed.key, instance.header.numberOfFrames > 1);
    const pixelData = dicomImageLoader.wadouri.getPixelData(dataSet, frameIndex);
    if (!pixelData) throw new Error('The file has no pixel data for this frame');
    const image = (await dicomImageLoader.createImage(imageId, pixelData, instance.header.transferSyntaxUID, {})) as Types.IImage;
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

const frameDataSets = new Map<string, DataSet>();

function dataSetForMetadata(imageId: string): DataSet | undefined {
  const parsed = parseImageId(imageId);
  const instance = parsed ? instanceStore.get(parsed.key) : undefined;
  if (!parsed || !instance) return undefined;
  if (parsed.frame === null || !instance.headerDataSet.elements.x52009230) return instance.headerDataSet;
  let frameDataSet = frameDataSets.get(imageId);
  if (!frameDataSet) {
    frameDataSet = combineFrameInstanceDataset(parsed.frame, instance.headerDataSet) as DataSet;
    frameDataSets.set(imageId, frameDataSet);
  }
  return frameDataSet;
}

/** Serves Cornerstone's metadata modules for `emh:` images with the wadouri module builders. */
function emhMetadataProvider(type: string, imageId: string): unknown {
  if (typeof imageId !== 'string' || !imageId.startsWith('emh:')) return undefined;
  const dataSet = dataSetForMetadata(imageId);
  if (!dataSet) return undefined;
  return dicomImageLoader.wadouri.metaData.metadataForDataset(type, imageId, dataSet);
}

export function registerEmhImageLoader(): void {
  imageLoader.registerImageLoader('emh', loadEmhImage as unknown as Types.ImageLoaderFn);
  metaData.addProvider(emhMetadataProvider, 10000);
}

export function releaseMultiFrame(key: string): void {
  instanceStore.forgetMultiFrame(key);
}
