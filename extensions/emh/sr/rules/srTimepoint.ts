/**
 * What the SR of one time point holds (docs/exports.md#sr-time-points): that visit's
 * annotations, the lesions it knows (none first seen later), their statuses there, the liver
 * summary of that visit, filed in a study of the visit (the CT one first).
 */

import type { EmhAnnotation } from '../../inventory/rules/annotationTypes';
import type { EmhThresholds } from '../../inventory/rules/config';
import type { EmhInventory, InventoryContext, InventoryState, InventoryStudy } from '../../inventory/rules/inventoryTypes';
import { buildInventory } from '../../inventory/rules/lesionInventory';
import { datedStudies, stateAtTimepoint } from '../../followUp/rules/followUpInventory';
import type { MarkedStatus, Timepoint } from '../../followUp/rules/followUpTypes';

export interface TimepointReport {
  /** The time point as the inventory exports it (ISO date). */
  readonly timepoint: Timepoint;
  /** The inventory of this time point alone: its rows, liver summary and series. */
  readonly inventory: EmhInventory;
  readonly annotations: readonly EmhAnnotation[];
  /** Lesions marked resolved or not evaluable at this time point. */
  readonly statuses: Readonly<Record<string, MarkedStatus>>;
  /** The study the report is filed in. */
  readonly filedIn: string;
}

/** The study of the time point the report goes into: one with CT measurements, else any measured, else the first. */
function filingStudy(timepoint: Timepoint, state: InventoryState): string {
  const measured = new Set(state.annotations.map((a) => a.ref.studyInstanceUID));
  const ct = state.annotations.find((a) => a.series.modality.toUpperCase() === 'CT')?.ref.studyInstanceUID;
  const marked = state.statusMarks[0]?.studyInstanceUID;
  const first = timepoint.studyInstanceUIDs.find((uid) => measured.has(uid));
  return ct ?? first ?? marked ?? timepoint.studyInstanceUIDs[0]!;
}

/**
 * The time point's studies as the header needs them: the host's (open studies), and for a
 * study that is not open (its measurements came from a report) its date from the measurements.
 */
function studiesOf(timepoint: Timepoint, state: InventoryState, context: InventoryContext): InventoryStudy[] {
  const known = new Map((context.studies ?? []).map((s) => [s.studyInstanceUID, s]));
  const dates = new Map<string, string | null>();
  for (const study of datedStudies(state)) if (!dates.get(study.studyInstanceUID)) dates.set(study.studyInstanceUID, study.date);
  return timepoint.studyInstanceUIDs.map(
    (uid) => known.get(uid) ?? { studyInstanceUID: uid, description: null, date: dates.get(uid) ?? null, accessionNumber: null },
  );
}

/** The report of time point `timepointId` (`T1`, `T2`, ...; default: the latest). */
export function timepointReport(
  state: InventoryState,
  thresholds: EmhThresholds,
  context: InventoryContext = {},
  timepointId?: string,
): TimepointReport {
  const whole = buildInventory(state, thresholds, context);
  const { timepoints } = whole;
  if (timepoints.length === 0) throw new Error('Nothing to report: no measurement and no study');
  const timepoint = timepointId === undefined ? timepoints[timepoints.length - 1]! : timepoints.find((t) => t.id === timepointId);
  if (!timepoint) {
    throw new Error(`No time point ${String(timepointId)}: the case has ${timepoints.map((t) => t.id).join(', ')}`);
  }
  const part = stateAtTimepoint(state, timepoint);
  const inventory = buildInventory(part, thresholds, { ...context, studies: studiesOf(timepoint, part, context) });
  // A lesion first seen at a later time point is not in this one's report.
  const present = new Set(whole.lesions.filter((l) => l.history.some((h) => h.timepoint === timepoint.id)).map((l) => l.id));
  const statuses: Record<string, MarkedStatus> = {};
  for (const lesion of whole.lesions) {
    const at = lesion.history.find((h) => h.timepoint === timepoint.id);
    if (at && (at.status === 'resolved' || at.status === 'not-evaluable')) statuses[lesion.id] = at.status;
  }
  return {
    timepoint,
    inventory: { ...inventory, lesions: inventory.lesions.filter((l) => present.has(l.id)) },
    annotations: part.annotations,
    statuses,
    filedIn: filingStudy(timepoint, part),
  };
}
