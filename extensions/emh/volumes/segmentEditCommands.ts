/**
 * The segmentation tools' commands: threshold within a drawn region, the brush and eraser,
 * interpolation between edited slices, undo of the last change, and a slice of a segment read
 * back. Every change is bound to the lesion in the segment store (its volume and mean
 * recomputed), so the card, the exports and autosave follow it.
 */
import type { HostServices } from '../../../src/extensions/hostServices';
import type { CommandArgs, CommandDefinition } from '../../../src/extensions/types';
import type { EmhInventoryStore as InventoryStore } from '../inventory/rules/inventoryStore';
import { compactMask, expandMask } from './rules/compactMask';
import type { SlicePoint } from './rules/brushDisc';
import { slicesToInterpolate } from './rules/editedSlices';
import { thresholdWithin } from './rules/regionGrow';
import { SOFT_TISSUE_HU, seedNeighbourhood, seedRange } from './rules/seedRange';
import { drawnRegion, methodAfterEdit, paintDiscs, slicePixels, strokeCentres } from './rules/segmentEdits';
import { segmentMean, segmentVolume } from './rules/segmentMeasures';
import type { LesionSegmentRecord, SegmentMethodName, SegmentStore } from './rules/segmentStore';
import { interpolateSlices } from './rules/sliceInterpolation';
import type { SegmentMask, ValueRange } from './rules/voxelGrid';
import { numbers, patientSeries, text, type SegmentResult } from './segmentCommands';
import { seriesVolumes, type SeriesVolume } from './seriesVolume';

/** How many changes of a lesion's segment Undo can take back. */
const UNDO_DEPTH = 20;
export const DEFAULT_BRUSH_MM = 5;

export interface SegmentEditResult extends SegmentResult {
  /** Voxels the change added or removed. */
  readonly changed?: number;
}

function instanceNumberOf(volume: SeriesVolume, slice: number): number {
  const instanceNumber = volume.instances[slice]!.header.instanceNumber;
  if (instanceNumber === null) throw new Error(`Slice ${slice + 1} of the series has no instance number`);
  return instanceNumber;
}

function point(value: unknown, name: string): SlicePoint {
  const [column, row] = numbers(value, 2, name, '[column, row]');
  return [column!, row!];
}

export class SegmentEditor {
  /** Per lesion, the slices (0-based) the brush or eraser changed, in the order edited. */
  readonly #edited = new Map<string, number[]>();
  readonly #history = new Map<string, (LesionSegmentRecord | null)[]>();

  constructor(
    private readonly services: HostServices,
    private readonly lesions: InventoryStore,
    private readonly segments: SegmentStore,
  ) {}

  editedSlices(lesionId: string): readonly number[] {
    return this.#edited.get(lesionId) ?? [];
  }

  canUndo(lesionId: string): boolean {
    return (this.#history.get(lesionId)?.length ?? 0) > 0;
  }

  /** The lesion must be the active patient's, and the series too. */
  async #target(lesionId: string, seriesInstanceUID: string): Promise<{ patient: string; volume: SeriesVolume }> {
    if (this.lesions.lesion(lesionId) === null) {
      const known = this.lesions.lesionIds();
      throw new Error(`There is no lesion ${lesionId} in this patient's case (it has ${known.length > 0 ? known.join(', ') : 'none'})`);
    }
    await this.services.data.whenLoaded();
    const patient = this.services.data.activePatientKey();
    if (patient === null) throw new Error('No patient is open');
    const volume = await seriesVolumes.get(patientSeries(this.services, seriesInstanceUID));
    if (this.services.data.activePatientKey() !== patient || this.lesions.lesion(lesionId) === null)
      throw new Error(`The lesion ${lesionId} is no longer open: nothing was changed`);
    return { patient, volume };
  }

  #slice(volume: SeriesVolume, instanceNumber: unknown): number {
    if (typeof instanceNumber !== 'number') throw new Error('"instanceNumber" must be a number');
    const slice = volume.instances.findIndex((i) => i.header.instanceNumber === instanceNumber);
    if (slice < 0) throw new Error(`The series has no instance number ${instanceNumber}`);
    return slice;
  }

  /** The lesion's segment as a full mask on this series' grid; refused when it lies on another series. */
  #currentMask(
    lesionId: string,
    seriesInstanceUID: string,
    volume: SeriesVolume,
  ): { record: LesionSegmentRecord | undefined; mask: SegmentMask } {
    const record = this.segments.segment(lesionId);
    if (record && record.seriesInstanceUID !== seriesInstanceUID)
      throw new Error(`${lesionId}'s segment is on another series: edit it there, or remove it first`);
    return { record, mask: record ? expandMask(record.mask) : new Uint8Array(volume.scalars.length) };
  }

  #bind(
    patient: string,
    lesionId: string,
    seriesInstanceUID: string,
    volume: SeriesVolume,
    mask: SegmentMask,
    fields: { method: SegmentMethodName; range: ValueRange | null; seed: readonly [number, number, number] | null },
  ): SegmentResult {
    const history = this.#history.get(lesionId) ?? [];
    history.push(this.segments.segment(lesionId) ?? null);
    if (history.length > UNDO_DEPTH) history.shift();
    this.#history.set(lesionId, history);
    const { voxels, volumeMl } = segmentVolume(mask, volume.spacingMm);
    const volumeMeanHU = segmentMean(mask, volume.scalars);
    this.segments.bind(patient, {
      lesionId,
      seriesInstanceUID,
      mask: compactMask(mask, volume.dims),
      voxels,
      volumeMl,
      volumeMeanHU,
      sliceSpacingMm: volume.spacingMm[2],
      ...fields,
    });
    return { volumeMl, volumeMeanHU, voxels };
  }

  /** The default range around a voxel (seedRange.ts), CT in HU, MR in signal. */
  async defaultRange(seriesInstanceUID: string, seed: readonly [number, number, number]): Promise<ValueRange> {
    const volume = await seriesVolumes.get(patientSeries(this.services, seriesInstanceUID));
    const slice = this.#slice(volume, seed[2]);
    const modality = volume.instances[0]!.header.modality === 'MR' ? 'MR' : 'CT';
    return seedRange(seedNeighbourhood(volume, [Math.round(seed[0]), Math.round(seed[1]), slice]), modality);
  }

  async threshold(args: CommandArgs): Promise<SegmentResult> {
    const lesionId = text(args, 'lesionId');
    const seriesInstanceUID = text(args, 'seriesInstanceUID');
    const region = args.region as { slices?: unknown } | undefined;
    if (!region || !Array.isArray(region.slices) || region.slices.length === 0)
      throw new Error('"region" must be {slices: [{instanceNumber, polygon: [[column, row], ...]}, ...]}');
    const { patient, volume } = await this.#target(lesionId, seriesInstanceUID);
    const drawn = (region.slices as { instanceNumber?: unknown; polygon?: unknown }[]).map((s) => {
      if (!Array.isArray(s.polygon)) throw new Error('Each drawn slice needs "polygon": [[column, row], ...]');
      return { slice: this.#slice(volume, s.instanceNumber), polygon: s.polygon.map((p) => point(p, 'polygon point')) };
    });
    const sorted = [...drawn].sort((a, b) => a.slice - b.slice);
    const middle = sorted[Math.floor((sorted.length - 1) / 2)]!;
    const centre: [number, number, number] = [
      Math.round(middle.polygon.reduce((s, p) => s + p[0], 0) / middle.polygon.length),
      Math.round(middle.polygon.reduce((s, p) => s + p[1], 0) / middle.polygon.length),
      instanceNumberOf(volume, middle.slice),
    ];
    const isMr = volume.instances[0]!.header.modality === 'MR';
    let range: ValueRange = SOFT_TISSUE_HU;
    if (args.range !== undefined) range = numbers(args.range, 2, 'range', '[low, high]') as [number, number];
    else if (isMr) range = await this.defaultRange(seriesInstanceUID, centre);
    const { mask, voxels } = thresholdWithin(volume, drawnRegion(volume.dims, drawn), range);
    if (voxels === 0) throw new Error(`No voxel of the drawn region lies within ${range[0]} to ${range[1]}: nothing was bound`);
    this.#currentMask(lesionId, seriesInstanceUID, volume);
    this.#edited.delete(lesionId);
    return this.#bind(patient, lesionId, seriesInstanceUID, volume, mask, { method: 'thresholded', range, seed: centre });
  }

  async paint(args: CommandArgs): Promise<SegmentEditResult> {
    const lesionId = text(args, 'lesionId');
    const seriesInstanceUID = text(args, 'seriesInstanceUID');
    const radiusMm = args.radiusMm ?? DEFAULT_BRUSH_MM;
    if (typeof radiusMm !== 'number' || !(radiusMm > 0)) throw new Error('"radiusMm" must be a positive number of mm');
    const path =
      args.centres !== undefined
        ? (Array.isArray(args.centres) ? args.centres : [null]).map((p) => point(p, 'centres'))
        : [point(args.centre, 'centre')];
    if (path.length === 0) throw new Error('"centres" is empty');
    const erase = args.erase === true;
    const { patient, volume } = await this.#target(lesionId, seriesInstanceUID);
    const slice = this.#slice(volume, args.instanceNumber);
    const { record, mask } = this.#currentMask(lesionId, seriesInstanceUID, volume);
    if (erase && !record) throw new Error(`${lesionId} has no segment to erase from`);
    const pixelMm: [number, number] = [volume.spacingMm[0], volume.spacingMm[1]];
    const centres = strokeCentres(path, radiusMm, pixelMm);
    const changed = paintDiscs(mask, volume.dims, slice, centres, radiusMm, pixelMm, erase);
    if (changed === 0) {
      const result = record ?? { volumeMl: 0, volumeMeanHU: null, voxels: 0 };
      return { volumeMl: result.volumeMl, volumeMeanHU: result.volumeMeanHU, voxels: result.voxels, changed };
    }
    const edited = (this.#edited.get(lesionId) ?? []).filter((s) => s !== slice);
    this.#edited.set(lesionId, [...edited, slice]);
    const instanceNumber = instanceNumberOf(volume, slice);
    const result = this.#bind(patient, lesionId, seriesInstanceUID, volume, mask, {
      method: methodAfterEdit(record?.method ?? null),
      range: record?.range ?? null,
      seed: record?.seed ?? [centres[0]![0], centres[0]![1], instanceNumber],
    });
    return { ...result, changed };
  }

  /** Fills between two slices (instance numbers), or between the edited slices around `current`. */
  async interpolate(args: CommandArgs): Promise<SegmentEditResult> {
    const lesionId = text(args, 'lesionId');
    const record = this.segments.segment(lesionId);
    if (!record) throw new Error(`${lesionId} has no segment to interpolate`);
    const { patient, volume } = await this.#target(lesionId, record.seriesInstanceUID);
    let pair: readonly [number, number] | null;
    if (args.from !== undefined || args.to !== undefined) pair = [this.#slice(volume, args.from), this.#slice(volume, args.to)];
    else {
      const current = args.current === undefined ? -1 : this.#slice(volume, args.current);
      pair = slicesToInterpolate(this.editedSlices(lesionId), current);
      if (!pair) throw new Error(`Edit ${lesionId} on two slices with the brush first: Interpolate fills the slices between them`);
    }
    const { mask } = this.#currentMask(lesionId, record.seriesInstanceUID, volume);
    const filled = interpolateSlices(mask, volume.dims, pair[0], pair[1]);
    let changed = 0;
    for (let k = 0; k < mask.length; k += 1) if (mask[k] !== filled[k]) changed += 1;
    const result = this.#bind(patient, lesionId, record.seriesInstanceUID, volume, filled, {
      method: methodAfterEdit(record.method),
      range: record.range,
      seed: record.seed,
    });
    const [a, b] = pair.map((s) => instanceNumberOf(volume, s)) as [number, number];
    return { ...result, changed, from: Math.min(a, b), to: Math.max(a, b) } as SegmentEditResult;
  }

  /** Takes back the lesion's last change (grow, region, stroke or interpolation made here). */
  undo(lesionId: string): SegmentResult | null {
    const history = this.#history.get(lesionId);
    const previous = history?.pop();
    if (previous === undefined) throw new Error(`There is no change of ${lesionId}'s segment to undo`);
    const patient = this.services.data.activePatientKey();
    if (patient === null || this.lesions.lesion(lesionId) === null) throw new Error(`The lesion ${lesionId} is not open`);
    if (previous === null) {
      this.segments.remove(lesionId);
      return null;
    }
    this.segments.bind(patient, previous);
    return { volumeMl: previous.volumeMl, volumeMeanHU: previous.volumeMeanHU, voxels: previous.voxels };
  }

  /** A removed segment's edited slices go with it: Interpolate starts afresh. */
  keepEditsOf(lesionIds: ReadonlySet<string>): void {
    for (const lesionId of [...this.#edited.keys()]) if (!lesionIds.has(lesionId)) this.#edited.delete(lesionId);
  }

  /** Remembers the segment before a grow, so Undo can take the grow back too. */
  beforeGrow(lesionId: string): void {
    const history = this.#history.get(lesionId) ?? [];
    history.push(this.segments.segment(lesionId) ?? null);
    if (history.length > UNDO_DEPTH) history.shift();
    this.#history.set(lesionId, history);
    this.#edited.delete(lesionId);
  }

  /** A grow that bound nothing (a leak) leaves no step to undo. */
  forgetLastChange(lesionId: string): void {
    this.#history.get(lesionId)?.pop();
  }

  async slice(args: CommandArgs): Promise<{ columns: number; rows: number; pixels: number[] }> {
    const lesionId = text(args, 'lesionId');
    const record = this.segments.segment(lesionId);
    if (!record) throw new Error(`${lesionId} has no segment`);
    const volume = await seriesVolumes.get(patientSeries(this.services, record.seriesInstanceUID));
    const [columns, rows] = record.mask.dims;
    return { columns, rows, pixels: slicePixels(expandMask(record.mask), record.mask.dims, this.#slice(volume, args.instanceNumber)) };
  }

  commands(): CommandDefinition[] {
    return [
      {
        name: 'emh.thresholdLesion',
        description:
          "Bind to a lesion the voxels within a range inside a region drawn on one or more slices (slices between two drawn ones interpolated): {lesionId, seriesInstanceUID, region: {slices: [{instanceNumber, polygon: [[column, row], ...]}]}, range? (default: CT -20 to 120 HU; MR the seed rule at the middle region's centre)}",
        run: (args) => this.threshold(args),
      },
      {
        name: 'emh.paintSegment',
        description:
          "Paint into (or erase from) a lesion's segment with a round brush on one slice: {lesionId, seriesInstanceUID, instanceNumber, centre: [column, row] | centres: [[column, row], ...], radiusMm? (5), erase?}; returns {volumeMl, volumeMeanHU, voxels, changed}",
        run: (args) => this.paint(args),
      },
      {
        name: 'emh.interpolateSegment',
        description:
          "Fill the slices between two slices of a lesion's segment by shape interpolation: {lesionId, from, to} (instance numbers), or {lesionId, current?}: between the edited slices around the image `current`",
        run: (args) => this.interpolate(args),
      },
      {
        name: 'emh.undoSegmentEdit',
        description: "Take back the last change of a lesion's segment (grow, region, brush stroke, interpolation): {lesionId}",
        run: (args) => this.undo(text(args, 'lesionId')),
      },
      {
        name: 'emh.segmentSlice',
        description:
          "The pixels of a lesion's segment on one image: {lesionId, instanceNumber}; returns {columns, rows, pixels: [row x columns + column, ...]}",
        run: (args) => this.slice(args),
      },
    ];
  }
}
