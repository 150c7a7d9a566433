import type { DataSet } from 'dicom-parser';
import { frameDataSet } from '../../../src/data/frameDataSet';
import { sliceNormal, type SeriesModel } from '../../../src/data/studyModel';
import { SERIES_LABEL } from '../../../src/extensions/types';
import { recogniseEchoSeries, type EchoImage, type EchoSeries } from './rules/echoTrain';

/**
 * Reads each image of a series (each frame of an enhanced object, through its functional groups)
 * as the plain facts the echo train rules need, and says what the series is for T2*.
 */

function numbers(dataSet: DataSet, tag: string, count: number): number[] | null {
  const values: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const value = dataSet.floatString(tag, i);
    if (value === undefined || !Number.isFinite(value)) return null;
    values.push(value);
  }
  return values;
}

function values(dataSet: DataSet, tag: string): string[] {
  return (dataSet.string(tag) ?? '')
    .split('\\')
    .map((v) => v.trim().toUpperCase())
    .filter((v) => v !== '');
}

/**
 * A frame's functional group macro (its per-frame or shared item, e.g. PlanePositionSequence),
 * or the image itself for a classic single-frame image.
 */
function macro(dataSet: DataSet, sequenceTag: string): DataSet {
  return dataSet.elements[sequenceTag]?.items?.[0]?.dataSet ?? dataSet;
}

/** EffectiveEchoTime of an enhanced MR frame (MREchoSequence), else EchoTime. */
function echoTimeOf(frame: DataSet): number | null {
  const dataSet = macro(frame, 'x00189114');
  const effective = dataSet.elements.x00189082 ? dataSet.double('x00189082') : undefined;
  if (effective !== undefined && Number.isFinite(effective)) return effective;
  const classic = frame.floatString('x00180081');
  return classic !== undefined && Number.isFinite(classic) ? classic : null;
}

function slicePositionOf(frame: DataSet): number | null {
  const position = numbers(macro(frame, 'x00209113'), 'x00200032', 3);
  const orientation = numbers(macro(frame, 'x00209116'), 'x00200037', 6);
  if (!position || !orientation) return null;
  const n = sliceNormal(orientation);
  return position[0]! * n[0] + position[1]! * n[1] + position[2]! * n[2];
}

export function echoImagesOf(series: SeriesModel): EchoImage[] {
  const images: EchoImage[] = [];
  for (const instance of series.instances) {
    for (const imageId of instance.imageIds) {
      const dataSet = frameDataSet(imageId) ?? instance.headerDataSet;
      // An enhanced frame says magnitude or phase in FrameType (MRImageFrameTypeSequence).
      const frameType = values(macro(dataSet, 'x00189226'), 'x00089007');
      images.push({
        id: imageId,
        echoTimeMs: echoTimeOf(dataSet),
        slicePositionMm: slicePositionOf(dataSet),
        imageType: frameType.length > 0 ? frameType : values(dataSet, 'x00080008'),
      });
    }
  }
  return images;
}

// Series models are replaced image list and all when an image joins: one answer per list.
const recognised = new WeakMap<SeriesModel['instances'], EchoSeries>();

export function echoSeriesOf(series: SeriesModel): EchoSeries {
  let answer = recognised.get(series.instances);
  if (!answer) {
    // Cheap first: single-frame images with under three echo times in their headers are not one.
    const singleFrames = series.instances.every((i) => i.imageIds.length === 1);
    const echoTimes = new Set(series.instances.map((i) => i.header.echoTime));
    const cannotBe = series.modality !== 'MR' || (singleFrames && echoTimes.size < 3);
    answer = cannotBe ? { kind: 'not-multi-echo' } : recogniseEchoSeries(echoImagesOf(series));
    recognised.set(series.instances, answer);
  }
  return answer;
}

/** What `emh.series()` and the series browser show of a T2* series, or of one refused for T2*. */
export function echoSeriesInfo(series: SeriesModel): Record<string, unknown> {
  const echo = echoSeriesOf(series);
  if (echo.kind === 't2star')
    return {
      [SERIES_LABEL]: echo.description,
      echoTimesMs: [...echo.echoTimesMs],
      positions: echo.trains.length,
    };
  if (echo.kind === 'refused') return { [SERIES_LABEL]: `Not for T2*: ${echo.reason}`, t2starRefused: echo.reason };
  return {};
}
