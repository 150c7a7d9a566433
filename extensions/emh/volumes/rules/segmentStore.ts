/**
 * The lesion segments of each patient, apart from the lesion inventory (as the iron is): a
 * segment is a block of voxels on one series, too big and too different from the 2D
 * measurements to live in the lesion store's undo history. Bound by lesion id: one segment per
 * lesion, the latest grown replacing the one before. Pure: the viewer says which patient is
 * active and which lesions exist.
 */

import { Observable } from '../../../../src/state/observable';
import type { CompactMask } from './compactMask';
import type { ValueRange } from './voxelGrid';
import type { SegmentMethod } from './segWrite';

export interface LesionSegmentRecord {
  readonly lesionId: string;
  readonly seriesInstanceUID: string;
  readonly mask: CompactMask;
  readonly voxels: number;
  readonly volumeMl: number;
  /** Mean of the voxels' values (HU on CT); null for an empty segment. */
  readonly volumeMeanHU: number | null;
  /**
   * The range of values it was grown or thresholded within; null when painted by hand only, or
   * imported from a SEG (which does not say).
   */
  readonly range: ValueRange | null;
  /**
   * [column, row, instanceNumber] it began from: the seed, the drawn region's centre or the first
   * brush stroke; null for an imported segment.
   */
  readonly seed: readonly [number, number, number] | null;
  /** The voxel's depth used: the spacing between slice positions, mm. */
  readonly sliceSpacingMm: number;
  /** How it was made, for the SEG's algorithm (segmentMethod.ts). */
  readonly method: SegmentMethodName;
  /** An imported segment: the SEG it came from and how that SEG says it was made (written again so). */
  readonly imported?: ImportedFrom;
}

export interface ImportedFrom {
  readonly segSopInstanceUID: string;
  readonly algorithm: SegmentMethod;
}

/**
 * grown: region growing from a seed; thresholded: a range within a drawn region; edited: one of
 * those corrected with the brush, eraser or interpolation; painted: drawn with the brush only;
 * imported: read from a DICOM SEG (its algorithm kept in `imported`).
 */
export type SegmentMethodName = 'grown' | 'thresholded' | 'edited' | 'painted' | 'imported';
export const SEGMENT_METHODS: readonly SegmentMethodName[] = ['grown', 'thresholded', 'edited', 'painted', 'imported'];

/** What the inventory shows of a lesion's segment. */
export interface LesionVolume {
  readonly volumeMl: number;
  readonly volumeMeanHU: number | null;
  /** True when the volume is a report's (TID 1411) and the SEG holding its segment is not loaded. */
  readonly segmentNotLoaded?: true;
}

/** A lesion's volume as an imported report states it, and the SEG segment it cites. */
export interface ReportedVolume {
  readonly lesionId: string;
  readonly volumeMl: number | null;
  readonly mean: number | null;
  readonly segSopInstanceUID: string | null;
  readonly segmentNumber: number | null;
}

const NO_SEGMENTS: readonly LesionSegmentRecord[] = Object.freeze([]);

export class SegmentStore extends Observable {
  readonly #byPatient = new Map<string, LesionSegmentRecord[]>();
  readonly #reported = new Map<string, ReadonlyMap<string, ReportedVolume>>();

  /** `activePatient` names the patient whose segments segments() gives. */
  constructor(private readonly activePatient: () => string | null) {
    super();
  }

  segments(): readonly LesionSegmentRecord[] {
    const key = this.activePatient();
    return key === null ? NO_SEGMENTS : this.segmentsOf(key);
  }

  /** A patient's segments whether on screen or not. */
  segmentsOf(patientKey: string): readonly LesionSegmentRecord[] {
    return this.#byPatient.get(patientKey) ?? NO_SEGMENTS;
  }

  segment(lesionId: string): LesionSegmentRecord | undefined {
    return this.segments().find((s) => s.lesionId === lesionId);
  }

  /** Binds a segment to a lesion of a patient, in place of the lesion's earlier one. */
  bind(patientKey: string, record: LesionSegmentRecord): void {
    const others = this.segmentsOf(patientKey).filter((s) => s.lesionId !== record.lesionId);
    this.#byPatient.set(patientKey, [...others, record]);
    this.notify();
  }

  /** Puts a patient's saved segments back (autosave restore), in place of any held. */
  restore(patientKey: string, records: readonly LesionSegmentRecord[]): void {
    this.#byPatient.set(patientKey, [...records]);
    this.notify();
  }

  /** Removes a lesion's segment from the active patient's case; false when it had none. */
  remove(lesionId: string): boolean {
    const key = this.activePatient();
    if (key === null || !this.segmentsOf(key).some((s) => s.lesionId === lesionId)) return false;
    this.#byPatient.set(
      key,
      this.segmentsOf(key).filter((s) => s.lesionId !== lesionId),
    );
    this.notify();
    return true;
  }

  /**
   * Drops the active patient's segments whose lesion is gone (deleted, cleared): a segment never
   * outlives its lesion, whichever way the lesion went. Returns the lesion ids dropped.
   */
  keepLesions(lesionIds: ReadonlySet<string>): string[] {
    const key = this.activePatient();
    if (key === null) return [];
    const held = this.segmentsOf(key);
    const gone = held.filter((s) => !lesionIds.has(s.lesionId)).map((s) => s.lesionId);
    if (gone.length === 0) return [];
    this.#byPatient.set(
      key,
      held.filter((s) => lesionIds.has(s.lesionId)),
    );
    this.notify();
    return gone;
  }

  /** Keeps the volumes an imported report states for a patient's lesions, in place of an earlier report's. */
  setReported(patientKey: string, volumes: readonly ReportedVolume[]): void {
    const held = new Map(this.#reported.get(patientKey) ?? []);
    for (const volume of volumes) held.set(volume.lesionId, volume);
    this.#reported.set(patientKey, held);
    this.notify();
  }

  /** The volumes imported reports state for the active patient's lesions. */
  reported(): readonly ReportedVolume[] {
    const key = this.activePatient();
    return key === null ? [] : this.reportedOf(key);
  }

  reportedOf(patientKey: string): readonly ReportedVolume[] {
    return [...(this.#reported.get(patientKey)?.values() ?? [])];
  }

  /**
   * The active patient's volumes by lesion id, for the inventory and the exports: each segment's,
   * else the volume a report states with `segmentNotLoaded` (its SEG is not loaded yet).
   */
  volumes(): ReadonlyMap<string, LesionVolume> {
    const volumes = new Map<string, LesionVolume>(
      this.segments().map((s) => [s.lesionId, { volumeMl: s.volumeMl, volumeMeanHU: s.volumeMeanHU }]),
    );
    for (const r of this.reported()) {
      if (!volumes.has(r.lesionId) && r.volumeMl !== null)
        volumes.set(r.lesionId, { volumeMl: r.volumeMl, volumeMeanHU: r.mean, segmentNotLoaded: true });
    }
    return volumes;
  }
}
