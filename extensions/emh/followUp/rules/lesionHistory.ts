/**
 * A lesion's life over the time points (docs/follow-up.md#status-per-time-point): its status,
 * values, change and hints at each, from the rows each time point's annotations give.
 */

import { DEFAULT_THRESHOLDS, type EmhThresholds } from '../../inventory/rules/config';
import type { LesionMeasuredExport } from '../../inventory/rules/inventoryTypes';
import { effectiveSignalCall } from '../../signal/rules/signalRatio';
import type { FollowUpHint, LesionStatus, LesionStatusMark, LesionTimepointValues, LongAxisChange, Timepoint } from './followUpTypes';
import { followUpHints } from './followUpHints';
import { changeAt, exportedChange, NO_CHANGE, type ChangeAt } from './lesionChange';

/** What is known of one lesion at one time point. */
export interface LesionAtTimepoint {
  readonly timepoint: Timepoint;
  /** The row built from this time point's annotations only. */
  readonly row: LesionMeasuredExport;
  /** Whether any lesion annotation of this time point names the lesion. */
  readonly hasAnnotation: boolean;
  readonly mark: LesionStatusMark | null;
}

export interface LesionHistoryResult {
  readonly status: LesionStatus;
  readonly history: readonly LesionTimepointValues[];
  readonly change: LongAxisChange;
  readonly followUpHints: readonly FollowUpHint[];
}

/**
 * The lesion's first time point: the earliest where it has an annotation or a mark. A lesion
 * with neither (a row made by hand, nothing measured yet) exists from the latest one.
 */
export function firstTimepointIndex(timeline: readonly LesionAtTimepoint[]): number {
  const first = timeline.findIndex((t) => t.hasAnnotation || t.mark !== null);
  return first === -1 ? timeline.length - 1 : first;
}

function statusAt(at: LesionAtTimepoint, index: number, first: number): LesionStatus {
  if (at.mark !== null) return at.mark.status;
  if (!at.hasAnnotation) return 'not-measured';
  // A lesion first seen after the case's first time point is new there.
  return index === first && first > 0 ? 'new' : 'measured';
}

function valuesAt(at: LesionAtTimepoint, status: LesionStatus, isLatest: boolean): LesionTimepointValues {
  const { row } = at;
  // The radiologist's call override is kept per lesion, not per time point: it is taken as the
  // reading of the lesion as shown now, so it counts at the latest time point only.
  const call = (signal: LesionMeasuredExport['t1']) => (isLatest ? effectiveSignalCall(signal.call, signal.override) : signal.call);
  const axes =
    status === 'resolved' ? { longAxisMm: 0, shortAxisMm: 0 } : status === 'not-evaluable' ? { longAxisMm: null, shortAxisMm: null } : row;
  return {
    timepoint: at.timepoint.id,
    date: at.timepoint.date,
    status,
    longAxisMm: axes.longAxisMm,
    shortAxisMm: axes.shortAxisMm,
    ctMeanHU: row.ct.meanHU,
    t1Call: call(row.t1),
    t2Call: call(row.t2),
    ref: row.refs[0] ?? null,
    lengthCalibration: row.lengthCalibration,
  };
}

/** The lesion's baseline row: its first time point with a measured long axis; null when none. */
export function baselineRowIndex(history: readonly LesionTimepointValues[]): number | null {
  const baseline = history.findIndex((row) => (row.status === 'measured' || row.status === 'new') && row.longAxisMm !== null);
  return baseline === -1 ? null : baseline;
}

/**
 * The change at one row of a history (oldest first), by the same rules as the change at the
 * latest: so a table or CSV row of an earlier time point reads what the export said then.
 */
export function changeAtRow(history: readonly LesionTimepointValues[], index: number): ChangeAt {
  return changeAt(
    history.map((row) => row.longAxisMm),
    index,
    baselineRowIndex(history),
  );
}

/**
 * History from the lesion's first time point on, and its change and hints at the latest.
 * Baseline = its first time point with a measured long axis; nadir = the smallest long axis
 * at the earlier time points (resolved: 0).
 */
export function lesionHistory(timeline: readonly LesionAtTimepoint[], thresholds: EmhThresholds = DEFAULT_THRESHOLDS): LesionHistoryResult {
  if (timeline.length === 0) return { status: 'not-measured', history: [], change: NO_CHANGE, followUpHints: [] };
  const first = firstTimepointIndex(timeline);
  const latest = timeline.length - 1;
  const history = timeline.slice(first).map((at, i) => valuesAt(at, statusAt(at, first + i, first), first + i === latest));
  const change = changeAtRow(history, history.length - 1);
  return {
    status: history[history.length - 1]!.status,
    history,
    change: exportedChange(change),
    followUpHints: followUpHints(history, change, thresholds),
  };
}
