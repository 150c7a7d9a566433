/**
 * `emh.segmentLesion`: a lesion's volume grown from a seed within a range of values, bound to
 * the lesion in the patient's segment store; and the SEG of those segments for `emh.export`.
 */
import type { HostServices } from '../../../src/extensions/hostServices';
import type { CommandArgs, CommandDefinition } from '../../../src/extensions/types';
import { patientKey } from '../../../src/data/patientIdentity';
import type { SeriesModel } from '../../../src/data/studyModel';
import type { EmhInventoryStore as InventoryStore } from '../inventory/rules/inventoryStore';
import { compactMask } from './rules/compactMask';
import { regionGrow } from './rules/regionGrow';
import { segmentMean, segmentVolume } from './rules/segmentMeasures';
import type { SegmentStore } from './rules/segmentStore';
import { seriesVolumes } from './seriesVolume';
import { caseSegs, segBytes } from './caseSegs';

/** Beyond this a grown region is taken for a leak into the neighbouring organ, not a lesion. */
export const DEFAULT_MAX_VOLUME_ML = 1000;

export interface SegmentResult {
  readonly volumeMl: number;
  readonly volumeMeanHU: number | null;
  readonly voxels: number;
}

export function text(args: CommandArgs, name: string): string {
  const value = args[name];
  if (typeof value !== 'string' || !value) throw new Error(`"${name}" must be a non-empty string`);
  return value;
}

export function numbers(value: unknown, count: number, name: string, shape: string): number[] {
  if (!Array.isArray(value) || value.length !== count || !value.every((v) => typeof v === 'number' && Number.isFinite(v)))
    throw new Error(`"${name}" must be ${shape}`);
  return value as number[];
}

/** The series, when it is open and is the active patient's: a case belongs to one patient. */
export function patientSeries(services: HostServices, seriesInstanceUID: string): SeriesModel {
  const series = services.data.findSeries(seriesInstanceUID);
  if (!series || series.instances.length === 0) throw new Error(`No open series ${seriesInstanceUID}`);
  const active = services.data.activePatientKey();
  if (active === null) throw new Error('No patient is open');
  if (patientKey(series.instances[0]!.header) !== active)
    throw new Error(`The series ${seriesInstanceUID} is another patient's: a case measures its own patient's images only`);
  return series;
}

export function segmentCommands(services: HostServices, lesions: InventoryStore, segments: SegmentStore): CommandDefinition[] {
  async function segmentLesion(args: CommandArgs): Promise<SegmentResult> {
    const lesionId = text(args, 'lesionId');
    const seriesInstanceUID = text(args, 'seriesInstanceUID');
    const [column, row, instanceNumber] = numbers(args.seed, 3, 'seed', '[column, row, instanceNumber]') as [number, number, number];
    const [low, high] = numbers(args.range, 2, 'range', '[low, high]') as [number, number];
    const maxVolumeMl = args.maxVolumeMl ?? DEFAULT_MAX_VOLUME_ML;
    if (typeof maxVolumeMl !== 'number' || !(maxVolumeMl > 0)) throw new Error('"maxVolumeMl" must be a positive number of mL');
    // The lesion store holds the active patient's lesions only: another patient's is not found.
    if (lesions.lesion(lesionId) === null) {
      const known = lesions.lesionIds();
      throw new Error(`There is no lesion ${lesionId} in this patient's case (it has ${known.length > 0 ? known.join(', ') : 'none'})`);
    }
    await services.data.whenLoaded();
    const series = patientSeries(services, seriesInstanceUID);
    const patient = services.data.activePatientKey()!;
    const slice = series.instances.findIndex((i) => i.header.instanceNumber === instanceNumber);
    if (slice < 0) throw new Error(`The series has no instance number ${instanceNumber}`);
    const volume = await seriesVolumes.get(series);
    const voxelMm3 = volume.spacingMm[0] * volume.spacingMm[1] * volume.spacingMm[2];
    const maxVoxels = Math.floor((maxVolumeMl * 1000) / voxelMm3);
    const grown = regionGrow(volume, [column, row, slice], [low, high], { connectivity: 6, maxVoxels });
    // A leak binds nothing: a partial region would be a wrong volume that looks right.
    if (grown.stoppedAtLimit) throw new Error(`The region leaks beyond ${maxVolumeMl} mL: narrow the range or draw a region`);
    // The patient may have changed while the images loaded; the lesion must still be theirs.
    if (services.data.activePatientKey() !== patient || lesions.lesion(lesionId) === null)
      throw new Error(`The lesion ${lesionId} is no longer open: nothing was bound`);
    const { voxels, volumeMl } = segmentVolume(grown.mask, volume.spacingMm);
    const volumeMeanHU = segmentMean(grown.mask, volume.scalars);
    segments.bind(patient, {
      lesionId,
      seriesInstanceUID,
      mask: compactMask(grown.mask, volume.dims),
      voxels,
      volumeMl,
      volumeMeanHU,
      range: [low, high],
      seed: [column, row, instanceNumber],
      sliceSpacingMm: volume.spacingMm[2],
      method: 'grown',
    });
    return { volumeMl, volumeMeanHU, voxels };
  }

  return [
    {
      name: 'emh.segmentLesion',
      description:
        "Grow a lesion's segment from a seed within a range (HU on CT), 6-connected, and bind it to the lesion: {lesionId, seriesInstanceUID, seed: [column, row, instanceNumber], range: [low, high], maxVolumeMl? (1000)}; returns {volumeMl, volumeMeanHU, voxels}",
      run: segmentLesion,
    },
    {
      name: 'emh.removeSegment',
      description: "Remove a lesion's segment (the lesion stays): {lesionId}",
      run: (args) => {
        const lesionId = text(args, 'lesionId');
        if (!segments.remove(lesionId)) throw new Error(`The lesion ${lesionId} has no segment`);
      },
    },
  ];
}

/**
 * The active patient's segments on one series as a DICOM SEG (default the first segment's series),
 * with the UIDs its content gives (caseSegs.ts): the SEG the SR cites.
 */
export function exportSeg(services: HostServices, lesions: InventoryStore, segments: SegmentStore, args: CommandArgs): Blob {
  const held = segments.segments().filter((s) => lesions.lesion(s.lesionId) !== null);
  if (held.length === 0) throw new Error('No lesion of this case has a segment: there is no SEG to write');
  const seriesInstanceUID = args.seriesInstanceUID === undefined ? held[0]!.seriesInstanceUID : text(args, 'seriesInstanceUID');
  if (!held.some((s) => s.seriesInstanceUID === seriesInstanceUID))
    throw new Error(`No segment of this case is on the series ${seriesInstanceUID}`);
  patientSeries(services, seriesInstanceUID);
  const seg = caseSegs(services, lesions, segments).find((s) => s.series.seriesInstanceUID === seriesInstanceUID);
  if (!seg) throw new Error(`The series ${seriesInstanceUID} is not open: its SEG cannot be written`);
  return new Blob([segBytes(seg) as BlobPart], { type: 'application/dicom' });
}
