import { imageLoader } from '@cornerstonejs/core';
import type { HostServices } from '../../../src/extensions/hostServices';
import type { CommandArgs, CommandDefinition } from '../../../src/extensions/types';
import type { ImageInstance } from '../../../src/data/types';
import { slicePosition } from '../../../src/data/studyModel';
import { recogniseEchoSeries, type EchoImage } from './rules/echoTrain';
import { ellipseMean, type PixelImage } from './rules/ellipseMean';
import { isDecayModel, isIronOrgan, ironRoiJson, type IronRoiJson } from './rules/ironReport';
import type { IronStore } from './rules/ironStore';
import { R2starWorkerClient } from './r2starWorkerClient';

type Point = [number, number];

function point(value: unknown, name: string): Point {
  if (!Array.isArray(value) || value.length !== 2 || !value.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw new Error(`"${name}" must be [column, row]`);
  }
  return [value[0], value[1]];
}

function imageTypeOf(instance: ImageInstance): string[] {
  return (instance.headerDataSet.string('x00080008') ?? '')
    .split('\\')
    .map((v) => v.trim().toUpperCase())
    .filter(Boolean);
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
 * `emh.addIronRoi`: an ellipse on any echo of a T2* series measures every echo at that
 * position; the decay of its means is fitted in a worker and kept in the patient's iron case.
 */
export function ironCommands(services: HostServices, iron: IronStore): CommandDefinition[] {
  const { data, viewports } = services;
  const worker = new R2starWorkerClient();

  async function addIronRoi(args: CommandArgs): Promise<IronRoiJson> {
    const seriesInstanceUID = args.seriesInstanceUID;
    if (typeof seriesInstanceUID !== 'string' || !seriesInstanceUID) throw new Error('"seriesInstanceUID" must be a non-empty string');
    const organ = args.organ;
    if (!isIronOrgan(organ)) throw new Error('"organ" must be "liver", "heart", "spleen", "pancreas" or "muscle"');
    const model = args.model ?? 'truncation';
    if (!isDecayModel(model)) throw new Error('"model" must be "truncation" or "offset"');
    const noiseSigma = args.noiseSigma;
    if (noiseSigma !== undefined && !(typeof noiseSigma === 'number' && noiseSigma > 0))
      throw new Error('"noiseSigma" must be a positive number');
    const center = point(args.center, 'center');
    const radii = point(args.radii, 'radii');
    if (!(radii[0] > 0 && radii[1] > 0)) throw new Error('"radii" must be positive');

    // Every echo at the position is needed, not only the image on screen.
    await data.whenLoaded();
    const series = data.findSeries(seriesInstanceUID);
    if (!series) throw new Error(`No open series ${seriesInstanceUID}`);
    const instance =
      typeof args.instanceNumber === 'number'
        ? series.instances.find((i) => i.header.instanceNumber === args.instanceNumber)
        : typeof args.imageIndex === 'number'
          ? data.instanceForImageId(series.imageIds[args.imageIndex] ?? '')?.instance
          : undefined;
    if (!instance) throw new Error('Name the echo by "instanceNumber" (one the series has) or "imageIndex"');
    const patientKey = data.activePatientKey();
    if (!patientKey) throw new Error('No patient is open');

    // Every image of the series as a plain fact; the echo trains are grouped by position.
    const echoImages: EchoImage[] = series.instances.flatMap((i) =>
      i.imageIds.map((imageId) => ({
        id: imageId,
        echoTimeMs: i.header.echoTime,
        slicePositionMm: slicePosition(i.header),
        imageType: imageTypeOf(i),
      })),
    );
    const recognised = recogniseEchoSeries(echoImages);
    if (recognised.kind === 'refused') throw new Error(recognised.reason);
    if (recognised.kind === 'not-multi-echo')
      throw new Error('This series is not a multi-echo (T2*) series: it needs three or more echo times at a position');
    const drawnOn = instance.imageIds[0]!;
    const train = recognised.trains.find((t) => t.echoes.some((e) => e.id === drawnOn));
    if (!train) throw new Error('This image is not a magnitude echo of the series');

    // Shows the echo the ROI was drawn on, as the other ROI commands do.
    await viewports.showSeries(seriesInstanceUID, { imageIndex: Math.max(0, series.imageIds.indexOf(drawnOn)) });

    const means = await Promise.all(
      train.echoes.map(async (echo) => {
        const result = ellipseMean(await pixelImage(echo.id), { center, radii });
        if (!result) throw new Error(`The ellipse at [${center.join(', ')}] holds no pixel of the image`);
        return result;
      }),
    );
    const echoTimesMs = train.echoes.map((e) => e.echoTimeMs);
    const meanSignal = means.map((m) => m.mean);
    const fit = await worker.fit(
      echoTimesMs.map((te, i) => ({ echoTimeMs: te, signal: meanSignal[i]! })),
      { model, ...(noiseSigma !== undefined ? { noiseSigma } : {}) },
    );
    if (!fit) throw new Error('No R2* could be fitted: the ROI has no decaying signal');
    const record = iron.add(patientKey, {
      organ,
      fit,
      meanSignal,
      echoTimesMs,
      pixels: means[0]!.pixels,
      fieldStrengthT: fieldStrengthOf(instance),
      ref: {
        studyInstanceUID: instance.header.studyInstanceUID,
        seriesInstanceUID,
        sopInstanceUID: instance.header.sopInstanceUID,
        instanceNumber: instance.header.instanceNumber,
        slicePositionMm: train.slicePositionMm,
        center,
        radii,
      },
    });
    return ironRoiJson(record);
  }

  return [
    {
      name: 'emh.addIronRoi',
      description:
        'Iron ROI on a T2* series, every echo at its position: {seriesInstanceUID, instanceNumber, center, radii, organ: "liver" | "heart" | "spleen" | "pancreas" | "muscle", model?: "truncation" | "offset", noiseSigma?}; returns its fit',
      run: addIronRoi,
    },
    {
      name: 'emh.removeIronRoi',
      description: 'Delete an iron ROI: {id}',
      run: (args) => {
        if (typeof args.id !== 'string' || !iron.remove(args.id)) throw new Error(`There is no iron ROI ${String(args.id)}`);
      },
    },
  ];
}
