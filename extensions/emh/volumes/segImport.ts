/**
 * DICOM SEG back onto the case's lesions (docs/volumes.md#importing-a-seg). A SEG of the active
 * patient is placed on its source series (segRead.ts), each segment's voxels, volume and mean
 * computed again from the mask and the series' values, and bound to its lesion (rules/segBinding.ts).
 * A SEG whose source series is not open waits until the series is loaded; a SEG of another
 * patient is refused. A report's volume groups (TID 1411) name the SEG and segment of each
 * lesion's volume: the volume is shown from the report until that SEG is loaded, in either order.
 */
import { Observable } from '../../../src/state/observable';
import type { HostServices } from '../../../src/extensions/hostServices';
import { patientKey } from '../../../src/data/patientIdentity';
import { readInstance } from '../../../src/data/readInstance';
import { readSourceBytes } from '../../../src/data/instanceStore';
import { errorMessage } from '../../../src/util/errorMessage';
import type { SeriesModel } from '../../../src/data/studyModel';
import type { EmhInventoryStore as InventoryStore } from '../inventory/rules/inventoryStore';
import type { ReadLesionVolume } from '../sr/rules/srVolumeRead';
import { compactMask } from './rules/compactMask';
import { matchSegment, type CitedSegment } from './rules/segBinding';
import { placeOnSlices, segFromDicom, type SegRead, type SegSegment } from './rules/segRead';
import { segmentMean, segmentVolume } from './rules/segmentMeasures';
import type { LesionSegmentRecord, ReportedVolume, SegmentStore } from './rules/segmentStore';
import type { SegmentMethod } from './rules/segWrite';
import { loadSeriesVolume } from './seriesVolume';

export interface BoundSegment {
  readonly lesionId: string;
  readonly segmentNumber: number;
  readonly voxels: number;
  readonly volumeMl: number;
  readonly volumeMeanHU: number | null;
  readonly by: 'tracking UID' | 'report' | 'label';
}

export interface SegImportReport {
  readonly segSopInstanceUID: string;
  /** `pending`: the source series is not open; the SEG is placed when it is loaded. */
  readonly status: 'placed' | 'pending';
  readonly bound: readonly BoundSegment[];
  /** Segments that match no lesion of the case, with the reason: listed, never attached. */
  readonly unmatched: readonly string[];
  readonly message: string;
}

/** A placed SEG kept for binding later (a report read after it may name its segments). */
interface PlacedSeg {
  readonly patient: string;
  readonly sopInstanceUID: string;
  readonly segments: ReadonlyMap<number, { readonly segment: SegSegment; readonly record: Omit<LesionSegmentRecord, 'lesionId'> }>;
}

function methodOf(segment: SegSegment): SegmentMethod {
  return segment.algorithmType === 'MANUAL'
    ? { type: 'MANUAL' }
    : { type: 'SEMIAUTOMATIC', algorithm: segment.algorithmName ?? segment.algorithmType };
}

export class SegImports extends Observable {
  readonly #placed = new Map<string, PlacedSeg>();
  readonly #pending = new Map<string, { patient: string; bytes: Uint8Array; seriesInstanceUID: string }>();
  readonly #seen = new Set<string>();

  constructor(
    private readonly services: HostServices,
    private readonly lesions: InventoryStore,
    private readonly segments: SegmentStore,
  ) {
    super();
  }

  /** SEG files opened like any file (local, dropped, URL, DICOMweb) are imported as they arrive. */
  watch(): () => void {
    const stopDocuments = this.services.data.onDocument((document) => {
      if (document.sopClassUID !== '1.2.840.10008.5.1.4.1.1.66.4' || this.#seen.has(document.sopInstanceUID)) return;
      this.#seen.add(document.sopInstanceUID);
      readSourceBytes(document.source)
        .then((bytes) => this.importSeg(bytes))
        .then(
          (report) => this.announce(report),
          (error: unknown) => this.services.notifications.show('error', `${document.description}: ${errorMessage(error)}`),
        );
    });
    const stopImages = this.services.data.subscribe(() => void this.retryPending());
    return () => {
      stopDocuments();
      stopImages();
    };
  }

  announce(report: SegImportReport): void {
    const kind = report.unmatched.length > 0 || report.status === 'pending' ? 'warning' : 'info';
    this.services.notifications.show(kind, report.message);
  }

  /** Reads a SEG into the active patient's case; refused with the reason for another patient's. */
  async importSeg(bytes: Uint8Array): Promise<SegImportReport> {
    const read = readInstance(bytes);
    if (read.kind === 'refused') throw new Error(`Not a readable DICOM file (${read.reason})`);
    const header = read.header;
    const active = this.services.data.activePatientKey();
    if (active === null) throw new Error('No patient is open: open the images the SEG was drawn on first');
    const segPatient = patientKey(header);
    if (segPatient !== active) {
      throw new Error(
        `This SEG belongs to patient ${header.patientID || '(no ID)'}, not to the open case (${this.services.data.activePatient()?.identity.id ?? active}); nothing was imported.`,
      );
    }
    const seg = segFromDicom(bytes);
    const seriesInstanceUID = seg.referencedSeriesInstanceUID;
    if (!seriesInstanceUID) throw new Error('The SEG names no source series (ReferencedSeriesSequence): it cannot be placed');
    const series = this.services.data.findSeries(seriesInstanceUID);
    if (!series || series.instances.length === 0 || patientKey(series.instances[0]!.header) !== active) {
      this.#pending.set(seg.sopInstanceUID, { patient: active, bytes, seriesInstanceUID });
      return {
        segSopInstanceUID: seg.sopInstanceUID,
        status: 'pending',
        bound: [],
        unmatched: [],
        message: `The SEG's source series ${seriesInstanceUID} is not open: its segments will be placed when that series is loaded.`,
      };
    }
    this.#pending.delete(seg.sopInstanceUID);
    await this.services.data.whenLoaded();
    const placed = await this.place(seg, series, active);
    this.#placed.set(seg.sopInstanceUID, placed);
    return this.bindPlaced(placed, [...seg.segments.map((s) => s.number)]);
  }

  /** Each segment on the series' grid, its voxels, volume and mean computed from the mask and the values. */
  private async place(seg: SegRead, series: SeriesModel, patient: string): Promise<PlacedSeg> {
    const volume = await loadSeriesVolume(series);
    const [columns, rows] = volume.dims;
    if (seg.rows !== rows || seg.columns !== columns)
      throw new Error(`The SEG's frames are ${seg.columns} x ${seg.rows}, its source series ${columns} x ${rows}: it cannot be placed`);
    const slices = volume.instances.map((i) => ({
      sopInstanceUID: i.header.sopInstanceUID,
      imagePositionPatient: i.header.imagePositionPatient!,
    }));
    const segments = new Map<number, { segment: SegSegment; record: Omit<LesionSegmentRecord, 'lesionId'> }>();
    for (const segment of seg.segments) {
      const { mask, unplacedFrames } = placeOnSlices(segment, slices, volume.normal, volume.spacingMm[2], columns * rows);
      if (unplacedFrames > 0)
        throw new Error(
          `Segment ${segment.number} of the SEG has ${unplacedFrames} frame(s) on no slice of its source series: nothing was imported`,
        );
      const { voxels, volumeMl } = segmentVolume(mask, volume.spacingMm);
      segments.set(segment.number, {
        segment,
        record: {
          seriesInstanceUID: series.seriesInstanceUID,
          mask: compactMask(mask, volume.dims),
          voxels,
          volumeMl,
          volumeMeanHU: segmentMean(mask, volume.scalars),
          range: null,
          seed: null,
          sliceSpacingMm: volume.spacingMm[2],
          method: 'imported',
          imported: { segSopInstanceUID: seg.sopInstanceUID, algorithm: methodOf(segment) },
        },
      });
    }
    return { patient, sopInstanceUID: seg.sopInstanceUID, segments };
  }

  /** Binds the placed SEG's segments (those given) to their lesions; the rest are listed. */
  private bindPlaced(placed: PlacedSeg, numbers: readonly number[]): SegImportReport {
    const lesions = this.lesions.inventory().lesions.map((l) => ({ id: l.id, trackingUid: l.trackingUid }));
    const bound: BoundSegment[] = [];
    const unmatched: string[] = [];
    for (const number of numbers) {
      const entry = placed.segments.get(number);
      if (!entry) continue;
      const match = matchSegment(entry.segment, placed.sopInstanceUID, lesions, this.cited());
      if (match.lesionId === null) {
        unmatched.push(match.reason);
        continue;
      }
      this.segments.bind(placed.patient, { lesionId: match.lesionId, ...entry.record });
      const { voxels, volumeMl, volumeMeanHU } = entry.record;
      bound.push({ lesionId: match.lesionId, segmentNumber: number, voxels, volumeMl, volumeMeanHU, by: match.by });
    }
    this.notify();
    const boundText =
      bound.length > 0 ? `${bound.length} segment(s) restored onto ${bound.map((b) => b.lesionId).join(', ')}` : 'no segment restored';
    const unmatchedText = unmatched.length > 0 ? `; not attached: ${unmatched.join('; ')} (kept: a report naming them binds them)` : '';
    return {
      segSopInstanceUID: placed.sopInstanceUID,
      status: 'placed',
      bound,
      unmatched,
      message: `SEG: ${boundText}${unmatchedText}.`,
    };
  }

  /** The segments the active patient's imported reports cite, by lesion. */
  private cited(): CitedSegment[] {
    return this.segments
      .reported()
      .flatMap((v) =>
        v.segSopInstanceUID && v.segmentNumber !== null
          ? [{ lesionId: v.lesionId, segSopInstanceUID: v.segSopInstanceUID, segmentNumber: v.segmentNumber }]
          : [],
      );
  }

  /** Pending SEGs whose source series has arrived are placed now. */
  private async retryPending(): Promise<void> {
    const active = this.services.data.activePatientKey();
    for (const [sop, pending] of [...this.#pending]) {
      if (pending.patient !== active || !this.services.data.findSeries(pending.seriesInstanceUID)) continue;
      this.#pending.delete(sop);
      try {
        this.announce(await this.importSeg(pending.bytes));
      } catch (error) {
        this.services.notifications.show('error', `SEG ${sop}: ${errorMessage(error)}`);
      }
    }
  }

  /**
   * A report's volume groups, read into the active patient's case: each lesion's volume is kept
   * as the report states it, and the segments of a SEG already loaded are bound to their lesions.
   * Returns the lesions whose segment was restored.
   */
  fromReport(volumes: readonly ReadLesionVolume[]): string[] {
    const patient = this.services.data.activePatientKey();
    if (patient === null || volumes.length === 0) return [];
    const known = new Set(this.lesions.lesionIds());
    const reported: ReportedVolume[] = volumes.flatMap((v) =>
      v.trackingIdentifier && known.has(v.trackingIdentifier)
        ? [
            {
              lesionId: v.trackingIdentifier,
              volumeMl: v.volumeMl,
              mean: v.mean,
              segSopInstanceUID: v.seg?.sopInstanceUID ?? null,
              segmentNumber: v.seg?.segmentNumber ?? null,
            },
          ]
        : [],
    );
    this.segments.setReported(patient, reported);
    const restored: string[] = [];
    for (const placed of this.#placed.values()) {
      if (placed.patient !== patient) continue;
      const numbers = reported.filter((v) => v.segSopInstanceUID === placed.sopInstanceUID).map((v) => v.segmentNumber!);
      if (numbers.length > 0) restored.push(...this.bindPlaced(placed, numbers).bound.map((b) => b.lesionId));
    }
    return restored;
  }

  /** SEGs waiting for their source series. */
  pending(): string[] {
    return [...this.#pending.keys()];
  }
}
