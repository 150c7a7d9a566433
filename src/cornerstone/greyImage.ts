import { canRenderFloatTextures, Enums, metaData, utilities, type Types } from '@cornerstonejs/core';
import dicomImageLoader from '@cornerstonejs/dicom-image-loader';
import imageLoaderParts from '@cornerstonejs/dicom-image-loader/imageLoader';
import { greyPixels, type Rescale } from '../data/greyPixels';
import type { DecodedGreyFrame, GreyLayout } from '../data/reader/predecode';

const { getScalingParameters, isModalityLUTForDisplay } = imageLoaderParts;

/**
 * Uncompressed greyscale frames made into Cornerstone images without the DICOM image loader's
 * decode workers (greyPixels: the loader's rescale and typing, in one place), from the file's
 * bytes or from a frame the reading worker already decoded.
 *
 * Why not through the workers: an uncompressed frame needs no decoding, only a rescale and a
 * min/max, under a millisecond for 512 x 512. The worker round trip around it cost four copies
 * of the frame (slice from the file, structured clone there, clone back, a retype on return),
 * most of them on the main thread, and the main thread is what limits a series' load on a
 * 2-core machine. Compressed frames still decode in the workers.
 */

interface ModalityLutModule {
  rescaleSlope?: number;
  rescaleIntercept?: number;
  modalityLUTSequence?: unknown[];
}

interface VoiLutModule {
  windowCenter?: number[];
  windowWidth?: number[];
  voiLUTFunction?: string[] | string;
  voiLutFunction?: string;
  voiLUTSequence?: unknown[];
}

interface ImagePlaneModule {
  columnPixelSpacing?: number;
  rowPixelSpacing?: number;
}

interface ScalingParameters {
  rescaleSlope: number;
  rescaleIntercept: number;
  suvbw?: number;
  doseGridScaling?: number;
}

/** Cornerstone's scaling for the image, as a plain rescale; null when only the loader can apply it. */
function rescaleFor(imageId: string): { scaling: ScalingParameters | undefined; rescale: Rescale | undefined } | null {
  const scaling = getScalingParameters(metaData, imageId) as ScalingParameters | undefined;
  if (scaling?.suvbw !== undefined || scaling?.doseGridScaling !== undefined) return null;
  return { scaling, rescale: scaling ? { slope: scaling.rescaleSlope, intercept: scaling.rescaleIntercept } : undefined };
}

/**
 * The image of one frame of a native greyscale file (isNativeGreyFrame); undefined for a PET in
 * SUV or an RT dose grid, whose scaling only the loader applies. `bytes` may be a view into the
 * file: greyPixels copies the values out.
 */
export function createGreyImage(imageId: string, bytes: Uint8Array, layout: GreyLayout): Types.IImage | undefined {
  const scales = rescaleFor(imageId);
  if (!scales) return undefined;
  const start = performance.now();
  const pixels = greyPixels(bytes, layout, scales.rescale, canRenderFloatTextures());
  return greyImage(imageId, { ...pixels, rescale: scales.rescale }, scales.scaling, performance.now() - start);
}

/**
 * The image of a frame the reading worker decoded, if it was decoded as Cornerstone would
 * decode it now (same rescale, same float rendering); undefined otherwise, to decode again.
 */
export function decodedGreyImage(imageId: string, frame: DecodedGreyFrame): Types.IImage | undefined {
  const scales = rescaleFor(imageId);
  if (!scales || frame.canRenderFloat !== canRenderFloatTextures()) return undefined;
  const same =
    scales.rescale === undefined
      ? frame.rescale === undefined
      : frame.rescale?.slope === scales.rescale.slope && frame.rescale.intercept === scales.rescale.intercept;
  return same ? greyImage(imageId, frame, scales.scaling, 0) : undefined;
}

/** The image createImage would make of these pixels, field for field (its greyscale branch). */
function greyImage(
  imageId: string,
  pixels: Omit<DecodedGreyFrame, 'canRenderFloat'>,
  scaling: ScalingParameters | undefined,
  decodeTimeInMS: number,
): Types.IImage {
  const { MetadataModules } = Enums;
  const preScale = pixels.scaled ? { enabled: true, scalingParameters: scaling, scaled: true } : undefined;
  const frame = {
    ...dicomImageLoader.getImageFrame(imageId),
    pixelData: pixels.pixelData,
    pixelDataLength: pixels.pixelData.length,
    smallestPixelValue: pixels.smallest,
    largestPixelValue: pixels.largest,
    preScale,
    decodeTimeInMS,
  };
  const imagePlane = (metaData.get(MetadataModules.IMAGE_PLANE, imageId) ?? {}) as ImagePlaneModule;
  const voiLut = (metaData.get(MetadataModules.VOI_LUT, imageId) ?? {}) as VoiLutModule;
  const modalityLut = (metaData.get(MetadataModules.MODALITY_LUT, imageId) ?? {}) as ModalityLutModule;
  const sopCommon = (metaData.get(MetadataModules.SOP_COMMON, imageId) ?? {}) as { sopClassUID?: string };
  const calibration = (metaData.get(MetadataModules.CALIBRATION, imageId) ?? {}) as Types.IImageCalibration;
  const { rows, columns } = frame as { rows: number; columns: number };
  const voxelManager = utilities.VoxelManager.createImageVoxelManager({
    scalarData: frame.pixelData,
    width: columns,
    height: rows,
    numberOfComponents: 1,
  });
  const voiFunction = Array.isArray(voiLut.voiLUTFunction) ? voiLut.voiLUTFunction[0] : voiLut.voiLUTFunction;
  const image = {
    imageId,
    dataType: frame.pixelData.constructor.name,
    color: false,
    calibration,
    columnPixelSpacing: imagePlane.columnPixelSpacing,
    columns,
    height: rows,
    preScale,
    intercept: modalityLut.rescaleIntercept ? modalityLut.rescaleIntercept : 0,
    slope: modalityLut.rescaleSlope ? modalityLut.rescaleSlope : 1,
    invert: String(frame.photometricInterpretation).trim() === 'MONOCHROME1',
    minPixelValue: frame.smallestPixelValue,
    maxPixelValue: frame.largestPixelValue,
    rowPixelSpacing: imagePlane.rowPixelSpacing,
    rows,
    sizeInBytes: frame.pixelData.byteLength,
    width: columns,
    windowCenter: voiLut.windowCenter ? voiLut.windowCenter[0] : undefined,
    windowWidth: voiLut.windowWidth ? voiLut.windowWidth[0] : undefined,
    voiLUTFunction: voiFunction || voiLut.voiLutFunction || undefined,
    decodeTimeInMS: frame.decodeTimeInMS,
    floatPixelData: undefined,
    imageFrame: frame,
    voxelManager,
    rgba: false,
    getPixelData: () => frame.pixelData,
    getCanvas: undefined,
    numberOfComponents: 1,
  } as unknown as Types.IImage;
  if (modalityLut.modalityLUTSequence?.length && isModalityLUTForDisplay(sopCommon.sopClassUID ?? '')) {
    image.modalityLUT = modalityLut.modalityLUTSequence[0] as Types.CPUFallbackLUT;
  }
  if (voiLut.voiLUTSequence?.length) image.voiLUT = voiLut.voiLUTSequence[0] as Types.CPUFallbackLUT;
  if (image.windowCenter === undefined || image.windowWidth === undefined) {
    const level = utilities.windowLevel.toWindowLevel(frame.smallestPixelValue, frame.largestPixelValue);
    image.windowWidth = level.windowWidth;
    image.windowCenter = level.windowCenter;
  }
  return image;
}
