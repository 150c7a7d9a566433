/**
 * The shapes of follow-up over time (docs/follow-up.md): time points, a lesion's history and
 * change, the sum of long axes and the liver over time. Additive to the version-1 inventory:
 * a case with one time point exports what it always did, plus these fields.
 */

import type { InventoryRef } from '../../inventory/rules/inventoryTypes';
import type { LengthCalibration } from '../../lesions/rules/lesionMeasurement';
import type { LiverCall } from '../../liver/rules/liverAttenuation';
import type { SignalCall } from '../../signal/rules/signalRatio';

/** A lesion's state at one time point. */
export type LesionStatus = 'measured' | 'new' | 'resolved' | 'not-evaluable' | 'not-measured';

/** The statuses a radiologist sets by hand; the others follow from the measurements. */
export type MarkedStatus = Extract<LesionStatus, 'resolved' | 'not-evaluable'>;

/** A study as time points group it: StudyDate is YYYYMMDD (DICOM DA), null when absent. */
export interface DatedStudy {
  readonly studyInstanceUID: string;
  readonly date: string | null;
}

/** One visit: the patient's studies within the window of each other, oldest time point first. */
export interface Timepoint {
  /** `T1`, `T2`, ... oldest first. */
  readonly id: string;
  /** The earliest study date in it (YYYYMMDD), null when none of its studies has a date. */
  readonly date: string | null;
  readonly studyInstanceUIDs: readonly string[];
}

/**
 * A status the radiologist set for a lesion at a time point. It is kept against a study of
 * that time point (time point ids shift when an earlier study is opened; study UIDs do not),
 * with that study's date so the time point is known even when nothing else is measured there.
 */
export interface LesionStatusMark {
  readonly lesionId: string;
  readonly studyInstanceUID: string;
  readonly studyDate: string | null;
  readonly status: MarkedStatus;
}

/** One row of `history` (docs/follow-up.md#planned-export-fields). Resolved counts 0 mm. */
export interface LesionTimepointValues {
  readonly timepoint: string;
  readonly date: string | null;
  readonly status: LesionStatus;
  readonly longAxisMm: number | null;
  readonly shortAxisMm: number | null;
  readonly ctMeanHU: number | null;
  /** The call in force: the radiologist's override, else the automatic one. */
  readonly t1Call: SignalCall | null;
  readonly t2Call: SignalCall | null;
  /**
   * The image the size was measured on at this time point (else its first value's image),
   * null when nothing of the lesion is on this time point's images. Optional: absent in
   * inventories written before it, so a reader falls back to the lesion's `refs`.
   */
  readonly ref?: InventoryRef | null;
  /** How the axes of this time point were calibrated (optional, as `ref`). */
  readonly lengthCalibration?: LengthCalibration | null;
}

/** Change of the long axis in %, at the latest time point; null when not computable, never 0. */
export interface LongAxisChange {
  readonly fromPriorPct: number | null;
  readonly fromBaselinePct: number | null;
  readonly fromNadirPct: number | null;
}

export type FollowUpHintCode = 'fatty-involution' | 'iron-deposition' | 'growth-from-nadir' | 'reappeared';

export interface FollowUpHint {
  readonly code: FollowUpHintCode;
  readonly timepoint: string;
  readonly message: string;
}

/** What follow-up adds to a lesion's export row. */
export interface LesionFollowUp {
  readonly trackingUid: string;
  /** Oldest first, from the lesion's first time point (earlier ones: the lesion did not exist). */
  readonly history: readonly LesionTimepointValues[];
  readonly change: LongAxisChange;
  readonly followUpHints: readonly FollowUpHint[];
}

/** The sum of long axes at a time point, with the lesions that could not be counted. */
export interface SumOfLongAxes {
  readonly timepoint: string;
  readonly date: string | null;
  readonly sumMm: number;
  readonly lesionsCounted: number;
  /** Lesions present at this time point with no long axis (not evaluable, not measured, uncalibrated). */
  readonly notCounted: readonly string[];
  readonly change: LongAxisChange;
}

export interface LiverTimepointValues {
  readonly timepoint: string;
  readonly date: string | null;
  readonly meanHU: number | null;
  readonly call: LiverCall | null;
}
