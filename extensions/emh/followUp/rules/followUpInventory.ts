/**
 * The inventory over time (docs/follow-up.md#how-it-is-computed): the state is split by time
 * point (by study), each part goes through the same per-time-point rules as a one-visit case,
 * and the rows are joined per lesion into history, change and hints. The lesion, liver and
 * warning fields at the top are the latest time point's, so a one-visit case reads as before.
 */

import type { EmhWarning } from '../../inventory/rules/common';
import type { EmhThresholds } from '../../inventory/rules/config';
import type {
  EmhInventory,
  InventoryContext,
  InventoryRef,
  InventoryState,
  LesionExport,
  LiverRoiExport,
  TimepointInventory,
} from '../../inventory/rules/inventoryTypes';
import type { DatedStudy, LesionStatusMark, LiverTimepointValues, Timepoint } from './followUpTypes';
import { lesionHistory, type LesionAtTimepoint } from './lesionHistory';
import { sumOfLongAxes } from './sumOfLongAxes';
import { groupIntoTimepoints, isoDate } from './timepoints';

/** The per-time-point rules (lesionInventory's), handed in so the two modules do not import each other. */
export type BuildAtTimepoint = (state: InventoryState) => TimepointInventory;

type FollowUpPart = Omit<EmhInventory, 'format' | 'version' | 'patient' | 'studies'>;

/** Every study the case knows of: those annotated, those a status is marked on, and the open ones. */
export function datedStudies(state: InventoryState, context: InventoryContext = {}): DatedStudy[] {
  return [
    ...state.annotations.map((a) => ({ studyInstanceUID: a.ref.studyInstanceUID, date: a.series.studyDate ?? null })),
    ...state.statusMarks.map((m) => ({ studyInstanceUID: m.studyInstanceUID, date: m.studyDate })),
    ...(context.studies ?? []).map((s) => ({ studyInstanceUID: s.studyInstanceUID, date: s.date })),
  ];
}

/** The case's time points, dates as in DICOM (YYYYMMDD), with the warnings of the grouping. */
export function caseTimepoints(
  state: InventoryState,
  thresholds: EmhThresholds,
  context: InventoryContext = {},
): ReturnType<typeof groupIntoTimepoints> {
  return groupIntoTimepoints(datedStudies(state, context), thresholds.followUp.timepointWindowDays);
}

/** The part of the state on this time point's studies (lesion records and overrides stay whole). */
export function stateAtTimepoint(state: InventoryState, timepoint: Timepoint): InventoryState {
  const studies = new Set(timepoint.studyInstanceUIDs);
  return {
    ...state,
    annotations: state.annotations.filter((a) => studies.has(a.ref.studyInstanceUID)),
    statusMarks: state.statusMarks.filter((m) => studies.has(m.studyInstanceUID)),
  };
}

const exported = (timepoint: Timepoint): Timepoint => ({ ...timepoint, date: isoDate(timepoint.date) });

/** lesion id -> time point index -> what marks it there (a later mark on the same time point wins). */
function marksByLesion(
  marks: readonly LesionStatusMark[],
  timepointOf: ReadonlyMap<string, number>,
): Map<string, Map<number, LesionStatusMark>> {
  const byLesion = new Map<string, Map<number, LesionStatusMark>>();
  for (const mark of marks) {
    const at = timepointOf.get(mark.studyInstanceUID);
    if (at === undefined) continue;
    let perTimepoint = byLesion.get(mark.lesionId);
    if (!perTimepoint) byLesion.set(mark.lesionId, (perTimepoint = new Map()));
    perTimepoint.set(at, mark);
  }
  return byLesion;
}

/** The latest time point's warnings, reworded for what follow-up knows about a lesion there. */
function latestWarnings(warnings: readonly EmhWarning[], lesions: readonly LesionExport[], latest: Timepoint | null): EmhWarning[] {
  const byId = new Map(lesions.map((l) => [l.id, l]));
  const out: EmhWarning[] = [];
  for (const warning of warnings) {
    const lesion = warning.lesionId === undefined ? undefined : byId.get(warning.lesionId);
    if (warning.code !== 'no-measurement' || !lesion) {
      out.push(warning);
      continue;
    }
    // Resolved or not evaluable: no measurement is expected there.
    if (lesion.status === 'resolved' || lesion.status === 'not-evaluable') continue;
    if (lesion.history.length > 1 && latest !== null) {
      const when = latest.date === null ? '' : ` (${isoDate(latest.date)})`;
      out.push({ ...warning, message: `Not measured at ${latest.id}${when}; earlier time points are in its history` });
    } else out.push(warning);
  }
  return out;
}

/**
 * Every time point's liver and spleen ROIs, so nothing measured at an earlier visit leaves the
 * export: each names its time point, and only the latest visit's count in the summary.
 */
function liverRoisOverTime(slices: readonly TimepointInventory[], timepoints: readonly Timepoint[]): LiverRoiExport[] {
  if (slices.length <= 1) return [...(slices[0]?.liver.rois ?? [])];
  const latest = slices.length - 1;
  return slices.flatMap((slice, i) =>
    slice.liver.rois.map((roi) => ({ ...roi, timepoint: timepoints[i]?.id, inSummary: i === latest && roi.inSummary })),
  );
}

/** The inventory's content over time; `buildAt` gives the rows of one time point's state. */
export function inventoryOverTime(
  state: InventoryState,
  thresholds: EmhThresholds,
  context: InventoryContext,
  buildAt: BuildAtTimepoint,
): FollowUpPart {
  const grouping = caseTimepoints(state, thresholds, context);
  const timepoints = grouping.timepoints;
  // One time point (or none): its state is the whole state, so it is built once, as before.
  const slices = timepoints.length <= 1 ? [buildAt(state)] : timepoints.map((t) => buildAt(stateAtTimepoint(state, t)));
  const latestIndex = slices.length - 1;
  const latest = slices[latestIndex]!;

  const timepointOf = new Map<string, number>();
  timepoints.forEach((t, i) => t.studyInstanceUIDs.forEach((uid) => timepointOf.set(uid, i)));
  const annotated = new Map<string, Set<number>>();
  for (const a of state.annotations) {
    if (!a.lesionId) continue;
    let at = annotated.get(a.lesionId);
    if (!at) annotated.set(a.lesionId, (at = new Set()));
    at.add(timepointOf.get(a.ref.studyInstanceUID) ?? 0);
  }
  const marks = marksByLesion(state.statusMarks, timepointOf);
  const exportedTimepoints = timepoints.map(exported);

  const lesions: LesionExport[] = latest.lesions.map((row, k) => {
    const record = state.lesions[k]!;
    const timeline: LesionAtTimepoint[] = exportedTimepoints.map((timepoint, i) => ({
      timepoint,
      row: slices[i]!.lesions[k]!,
      hasAnnotation: annotated.get(record.id)?.has(i) ?? false,
      mark: marks.get(record.id)?.get(i) ?? null,
    }));
    const life = lesionHistory(timeline, thresholds);
    const earlierRefs: InventoryRef[] = [];
    for (let i = latestIndex - 1; i >= 0; i -= 1) earlierRefs.push(...slices[i]!.lesions[k]!.refs);
    return {
      ...row,
      refs: earlierRefs.length === 0 ? row.refs : [...row.refs, ...earlierRefs],
      status: life.status,
      trackingUid: record.trackingUid,
      history: life.history,
      change: life.change,
      followUpHints: life.followUpHints,
    };
  });

  const liverHistory: LiverTimepointValues[] = exportedTimepoints.map((timepoint, i) => ({
    timepoint: timepoint.id,
    date: timepoint.date,
    meanHU: slices[i]!.liver.meanHU,
    call: slices[i]!.liver.call,
  }));
  return {
    timepoints: exportedTimepoints,
    sumOfLongAxes: sumOfLongAxes(
      exportedTimepoints,
      lesions.map((l) => ({ lesionId: l.id, history: l.history })),
    ),
    lesions,
    liver: { ...latest.liver, rois: liverRoisOverTime(slices, exportedTimepoints), history: liverHistory },
    muscleReferences: slices.flatMap((s) => s.muscleReferences),
    series: slices.flatMap((s) => s.series),
    warnings: [...latestWarnings(latest.warnings, lesions, timepoints[latestIndex] ?? null), ...grouping.warnings],
  };
}

/** "Not measured at T2 (2024-09-10)": the date in brackets that a warning may carry. */
const DATE_IN_WARNING = / \(\d{4}-\d{2}-\d{2}\)/g;

/**
 * Teaching files carry no dates and no study UIDs of the case: time points keep their ids
 * (T1, T2 say the order), every date of the follow-up fields becomes null, and the warnings
 * lose the dates they name.
 */
export function followUpForTeaching<I extends Pick<EmhInventory, 'timepoints' | 'sumOfLongAxes' | 'lesions' | 'liver' | 'warnings'>>(
  inventory: I,
): I {
  return {
    ...inventory,
    timepoints: inventory.timepoints.map((t) => ({ id: t.id, date: null, studyInstanceUIDs: [] })),
    sumOfLongAxes: inventory.sumOfLongAxes.map((s) => ({ ...s, date: null })),
    lesions: inventory.lesions.map((l) => ({ ...l, history: l.history.map((h) => ({ ...h, date: null })) })),
    liver: { ...inventory.liver, history: inventory.liver.history.map((h) => ({ ...h, date: null })) },
    warnings: inventory.warnings.map((w) => ({ ...w, message: w.message.replace(DATE_IN_WARNING, '') })),
  };
}
