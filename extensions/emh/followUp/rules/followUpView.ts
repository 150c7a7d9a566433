/**
 * What the change view and its chart read of an inventory: the time points, each lesion's
 * history with its change, the sum of long axes and the liver over time. A narrow shape built
 * from the follow-up contract, so the view does not depend on the rest of the inventory.
 */

import type { EmhInventory, InventoryRef, LesionExport, LiverExport } from '../../inventory/rules/inventoryTypes';
import type {
  FollowUpHint,
  LesionFollowUp,
  LesionStatus,
  LesionTimepointValues,
  LiverTimepointValues,
  LongAxisChange,
  SumOfLongAxes,
  Timepoint,
} from './followUpTypes';

export interface FollowUpLesion {
  readonly id: string;
  /** "Paraspinal, thoracic, right". */
  readonly siteLabel: string;
  /** The status at the latest time point. */
  readonly status: LesionStatus;
  readonly history: LesionFollowUp['history'];
  /** At the latest time point (as exported). */
  readonly change: LongAxisChange;
  readonly followUpHints: readonly FollowUpHint[];
  /** refs[0] is where the lesion was last measured: the start of "Go to" on a newer study. */
  readonly refs: readonly InventoryRef[];
}

export interface FollowUpView {
  /** Oldest first. */
  readonly timepoints: readonly Timepoint[];
  readonly lesions: readonly FollowUpLesion[];
  readonly sumOfLongAxes: readonly SumOfLongAxes[];
  readonly liverHistory: readonly LiverTimepointValues[];
  /** The liver's normal unenhanced range, shaded on the chart. */
  readonly liverNormalRangeHU: readonly [number, number];
}

/** An inventory as the follow-up work exports it; every addition optional, so a version-1 one reads too. */
export type InventoryWithFollowUp = Omit<EmhInventory, 'lesions' | 'liver'> & {
  readonly timepoints?: readonly Timepoint[];
  readonly sumOfLongAxes?: readonly SumOfLongAxes[];
  readonly lesions: readonly (LesionExport & Partial<LesionFollowUp> & { readonly status?: LesionStatus })[];
  readonly liver: LiverExport & { readonly history?: readonly LiverTimepointValues[] };
};

const NO_CHANGE: LongAxisChange = { fromPriorPct: null, fromBaselinePct: null, fromNadirPct: null };

/** The change view's data, or null when there is nothing to compare (fewer than two time points). */
export function followUpView(inventory: InventoryWithFollowUp): FollowUpView | null {
  const timepoints = inventory.timepoints ?? [];
  if (timepoints.length < 2) return null;
  return {
    timepoints,
    lesions: inventory.lesions.map((lesion) => ({
      id: lesion.id,
      siteLabel: lesion.siteLabel,
      status: lesion.status ?? lesion.history?.at(-1)?.status ?? 'measured',
      history: lesion.history ?? [],
      change: lesion.change ?? NO_CHANGE,
      followUpHints: lesion.followUpHints ?? [],
      refs: lesion.refs,
    })),
    sumOfLongAxes: inventory.sumOfLongAxes ?? [],
    liverHistory: inventory.liver.history ?? [],
    liverNormalRangeHU: inventory.liver.normalRangeHU,
  };
}

const percent = (value: number, from: number): number | null => (from === 0 ? null : ((value - from) / from) * 100);

/**
 * The long-axis change at one row of a lesion's history, by the follow-up rules: prior = the
 * row before; baseline = the first measured row (a new lesion's first appearance); nadir = the
 * smallest long axis before this row, null when that is 0 (resolved, then seen again). The
 * export carries the change at the latest time point only; the table shows it at every one.
 */
export function changeAt(history: readonly LesionTimepointValues[], index: number): LongAxisChange {
  const row = history[index];
  if (row === undefined || row.longAxisMm === null || index === 0) return NO_CHANGE;
  const current = row.longAxisMm;
  const earlier = history.slice(0, index);
  const prior = earlier.at(-1)?.longAxisMm ?? null;
  const baseline = earlier.find((r) => r.longAxisMm !== null && r.status !== 'resolved')?.longAxisMm ?? null;
  const measured = earlier.map((r) => r.longAxisMm).filter((mm): mm is number => mm !== null);
  const nadir = measured.length === 0 ? null : Math.min(...measured);
  return {
    fromPriorPct: prior === null ? null : percent(current, prior),
    fromBaselinePct: baseline === null ? null : percent(current, baseline),
    fromNadirPct: nadir === null ? null : percent(current, nadir),
  };
}

/** A lesion's row at a time point, or null when the lesion did not exist yet. */
export function rowAt(lesion: Pick<FollowUpLesion, 'history'>, timepointId: string): LesionTimepointValues | null {
  return lesion.history.find((row) => row.timepoint === timepointId) ?? null;
}

/** The change shown in a lesion's cell: the exported change at the latest row, else computed. */
export function lesionChangeAt(lesion: Pick<FollowUpLesion, 'history' | 'change'>, timepointId: string): LongAxisChange {
  const index = lesion.history.findIndex((row) => row.timepoint === timepointId);
  if (index < 0) return NO_CHANGE;
  return index === lesion.history.length - 1 ? lesion.change : changeAt(lesion.history, index);
}

/** Not measured at the latest time point (a lesion of a version-1 inventory never is). */
export function isToMeasure(lesion: { readonly id: string; readonly status?: LesionStatus }): boolean {
  return lesion.status === 'not-measured';
}

/** Lesions not measured at the latest time point: the reader's list of what is left to do. */
export function lesionsToMeasure(view: Pick<FollowUpView, 'lesions'>): readonly FollowUpLesion[] {
  return view.lesions.filter(isToMeasure);
}

/** Whole days from the first time point with a date (YYYYMMDD or ISO): what a de-identified chart shows instead of dates. */
export function daysFromFirst(timepoints: readonly Timepoint[], timepoint: Timepoint): number | null {
  const first = timepoints.find((t) => t.date !== null)?.date ?? null;
  if (first === null || timepoint.date === null) return null;
  // Dates come as YYYYMMDD from the store and as ISO (2024-03-12) from the JSON export.
  const day = (date: string): number => {
    const d = date.replace(/-/g, '');
    return Date.UTC(Number(d.slice(0, 4)), Number(d.slice(4, 6)) - 1, Number(d.slice(6, 8))) / 86_400_000;
  };
  return Math.round(day(timepoint.date) - day(first));
}

/** `20240312` -> `2024-03-12`; other text as it is. */
export function isoDate(yyyymmdd: string | null): string | null {
  if (yyyymmdd === null) return null;
  return /^\d{8}$/.test(yyyymmdd) ? `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}` : yyyymmdd;
}
