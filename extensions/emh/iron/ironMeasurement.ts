import { imageLoader } from '@cornerstonejs/core';
import type { DataManager } from '../../../src/data/dataManager';
import type { ImageInstance } from '../../../src/data/types';
import type { SeriesModel as Series } from '../../../src/data/studyModel';
import type { EchoTrain } from './rules/echoTrain';
import { echoSeriesOf } from './echoSeries';
import { ellipseMean, type EllipseIndices, type PixelImage } from './rules/ellipseMean';
import { airNoiseSigma } from './rules/airNoise';
import type { IronRoiRecord, NoiseSource } from './rules/ironReport';
import type { IronOrgan } from './rules/ironSummary';
import type { DecayModel } from './rules/r2starFit';
import type { R2starWorkerClient } from './r2starWorkerClient';

/**
 * What the `emh.addIronRoi` command and the mouse tool share: the echo train an image belongs
 * to (or why there is none), and the ROI measured on every echo of it and fitted. One code path,
 * so a drawing and a script on the same ellipse give the same numbers.
 */

/** The echo an ROI is drawn on, and every echo at its position. */
export interface EchoPosition {
  readonly series: Series;
  readonly instance: ImageInstance;
  readonly drawnOnImageId: string;
  readonly train: EchoTrain;
}

function fieldStrengthOf(instance: ImageInstance): number | null {
  const value = instance.headerDataSet.floatString('x00180087');
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : null;
}

/** The decoded pixels of an image, from Cornerstone's cache (loaded into it when not there). */
async function pixelImage(imageId: string): Promise<PixelImage> {
  const image = await imageLoader.loadAndCacheImage(imageId);
  // The loader may have rescaled the values already (preScale); then they are used as they are.
  const scaled = image.preScale?.scaled === true;
  return {
    columns: image.columns,
    rows: image.rows,
    pixels: image.getPixelData(),
    slope: scaled ? 1 : (image.slope ?? 1),
    intercept: scaled ? 0 : (image.intercept ?? 0),
  };
}

/**
 * The echo train of the image `imageId` of `series`, or an error saying why it cannot be
 * measured for T2* (not multi-echo, phase images, an image that is no magnitude echo).
 */
export function echoPositionOf(series: Series, imageId: string): EchoPosition {
  const instance = series.instances.find((i) => i.imageIds.includes(imageId));
  if (!instance) throw new Error('This image is not in the series');
  // The series' own reading: an enhanced object's frames each with their echo time and position.
  const recognised = echoSeriesOf(series);
  if (recognised.kind === 'refused') throw new Error(recognised.reason);
  if (recognised.kind === 'not-multi-echo')
    throw new Error('This series is not a multi-echo (T2*) series: it needs three or more echo times at a position');
  const train = recognised.trains.find((t) => t.echoes.some((e) => e.id === imageId));
  if (!train) throw new Error('This image is not a magnitude echo of the series');
  return { series, instance, drawnOnImageId: imageId, train };
}

/** The echo train an open image belongs to, once every image of its series is in. */
export async function loadedEchoPosition(data: DataManager, imageId: string): Promise<EchoPosition> {
  // Every echo at the position is needed, not only the image on screen.
  await data.whenLoaded();
  const found = data.instanceForImageId(imageId);
  const series = found ? data.findSeries(found.instance.header.seriesInstanceUID) : undefined;
  if (!series) throw new Error('This image is not open');
  return echoPositionOf(series, imageId);
}

export interface IronRoiRequest {
  readonly ellipse: EllipseIndices;
  readonly organ: IronOrgan;
  readonly model: DecayModel;
  /** The caller's noise sigma; without it, it is measured in the air of the first echo. */
  readonly noiseSigma?: number;
}

/** The ROI's mean on every echo at its position, the noise, and the fit: a record for the iron store. */
export async function measureIronRoi(
  worker: R2starWorkerClient,
  { instance, series, train }: EchoPosition,
  { ellipse, organ, model, noiseSigma }: IronRoiRequest,
): Promise<Omit<IronRoiRecord, 'id'>> {
  const images = await Promise.all(train.echoes.map((echo) => pixelImage(echo.id)));
  const means = images.map((image) => {
    const result = ellipseMean(image, ellipse);
    if (!result) throw new Error(`The ellipse at [${ellipse.center.join(', ')}] holds no pixel of the image`);
    return result;
  });
  // The first echo has the most signal in the body and the same noise in the air as the others.
  const air = noiseSigma === undefined ? airNoiseSigma(images[0]!) : null;
  const sigma = noiseSigma ?? air?.sigma ?? null;
  const noiseSource: NoiseSource = noiseSigma !== undefined ? 'given' : air ? 'air' : 'none';
  const echoTimesMs = train.echoes.map((e) => e.echoTimeMs);
  const meanSignal = means.map((m) => m.mean);
  const fit = await worker.fit(
    echoTimesMs.map((te, i) => ({ echoTimeMs: te, signal: meanSignal[i]! })),
    { model, ...(sigma !== null ? { noiseSigma: sigma } : {}) },
  );
  if (!fit) throw new Error('No R2* could be fitted: the ROI has no decaying signal');
  return {
    organ,
    fit,
    meanSignal,
    echoTimesMs,
    pixels: means[0]!.pixels,
    fieldStrengthT: fieldStrengthOf(instance),
    noiseSigma: sigma,
    noiseSource,
    ref: {
      studyInstanceUID: instance.header.studyInstanceUID,
      seriesInstanceUID: series.seriesInstanceUID,
      sopInstanceUID: instance.header.sopInstanceUID,
      instanceNumber: instance.header.instanceNumber,
      slicePositionMm: train.slicePositionMm,
      center: [ellipse.center[0], ellipse.center[1]],
      radii: [ellipse.radii[0], ellipse.radii[1]],
    },
  };
}
