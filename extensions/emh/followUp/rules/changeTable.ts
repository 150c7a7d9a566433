/**
 * The change view's table as text: per lesion and time point the axes, the status, the change
 * from the prior, the baseline and the nadir, the T1 / T2 calls and the hints over time; then
 * the sum of long axes and the liver per time point. The panel and any export read the same.
 */

import { CALL_WORDING } from '../../signal/rules/callWording';
import { DASH, formatCm, formatHu, formatSigned, LIVER_CALL_LABELS } from '../../inventory/rules/inventoryRows';
import type { FollowUpHint, LesionStatus, LongAxisChange } from './followUpTypes';
import { daysFromFirst, isoDate, lesionChangeAt, rowAt, type FollowUpView } from './followUpView';
import { intervalText } from './changeChart';

export const STATUS_LABELS: Readonly<Record<LesionStatus, string>> = {
  measured: 'Measured',
  new: 'New',
  resolved: 'Resolved',
  'not-evaluable': 'Not evaluable',
  'not-measured': 'Not measured',
};

export interface ChangeTexts {
  readonly fromPrior: string;
  readonly fromBaseline: string;
  readonly fromNadir: string;
}

export interface LesionCell {
  readonly timepoint: string;
  readonly status: LesionStatus;
  readonly statusText: string;
  /** Null when not measured there; 0 for a resolved lesion. What the chart plots. */
  readonly longAxisMm: number | null;
  /** "3.0 x 2.0", in cm. */
  readonly size: string;
  readonly change: ChangeTexts;
  readonly t1: string;
  readonly t2: string;
  /** "=/↓": the lesion table's marks, so both calls fit the panel's width. */
  readonly callMarks: string;
  readonly hints: readonly string[];
}

export interface LesionChangeRow {
  readonly id: string;
  readonly siteLabel: string;
  readonly toMeasure: boolean;
  /** One per time point, null before the lesion existed. */
  readonly cells: readonly (LesionCell | null)[];
}

export interface TimepointHeading {
  readonly id: string;
  /** The date, or the interval from the first time point when de-identified. */
  readonly detail: string;
}

export interface SumCell {
  readonly timepoint: string;
  readonly sumMm: number;
  readonly text: string;
  readonly change: ChangeTexts;
  /** "5 lesions", then the lesions that could not be counted. */
  readonly note: string;
}

export interface LiverCell {
  readonly timepoint: string;
  readonly meanHU: number | null;
  readonly text: string;
}

export interface ChangeTable {
  readonly timepoints: readonly TimepointHeading[];
  readonly lesions: readonly LesionChangeRow[];
  readonly sums: readonly (SumCell | null)[];
  readonly liver: readonly (LiverCell | null)[];
}

/** "-28.6 %"; a change that cannot be computed is a dash, never 0. */
export const formatPct = (pct: number | null): string => (pct === null ? DASH : `${formatSigned(pct, 1)} %`);

/** In the table the % is in the column heading, so three changes fit the panel's width. */
const formatChange = (pct: number | null): string => (pct === null ? DASH : formatSigned(pct, 1));

const changeTexts = (change: LongAxisChange): ChangeTexts => ({
  fromPrior: formatChange(change.fromPriorPct),
  fromBaseline: formatChange(change.fromBaselinePct),
  fromNadir: formatChange(change.fromNadirPct),
});

const callText = (call: keyof typeof CALL_WORDING | null): string => (call === null ? DASH : CALL_WORDING[call].short);

const hintsAt = (hints: readonly FollowUpHint[], timepoint: string): string[] =>
  hints.filter((hint) => hint.timepoint === timepoint).map((hint) => hint.message);

export function changeTable(view: FollowUpView, options: { readonly deidentified?: boolean } = {}): ChangeTable {
  const timepoints = view.timepoints.map((t) => {
    const days = daysFromFirst(view.timepoints, t);
    return { id: t.id, detail: options.deidentified === true ? (days === null ? '' : intervalText(days)) : (isoDate(t.date) ?? DASH) };
  });
  const lesions = view.lesions.map((lesion) => ({
    id: lesion.id,
    siteLabel: lesion.siteLabel,
    toMeasure: lesion.status === 'not-measured',
    cells: view.timepoints.map((t): LesionCell | null => {
      const row = rowAt(lesion, t.id);
      if (row === null) return null;
      return {
        timepoint: t.id,
        status: row.status,
        statusText: STATUS_LABELS[row.status],
        longAxisMm: row.longAxisMm,
        size: row.longAxisMm === null ? DASH : `${formatCm(row.longAxisMm)} x ${formatCm(row.shortAxisMm)}`,
        change: changeTexts(lesionChangeAt(lesion, t.id)),
        t1: callText(row.t1Call),
        t2: callText(row.t2Call),
        callMarks: `${row.t1Call === null ? DASH : CALL_WORDING[row.t1Call].mark}/${row.t2Call === null ? DASH : CALL_WORDING[row.t2Call].mark}`,
        hints: hintsAt(lesion.followUpHints, t.id),
      };
    }),
  }));
  const sums = view.timepoints.map((t): SumCell | null => {
    const sum = view.sumOfLongAxes.find((s) => s.timepoint === t.id);
    if (!sum) return null;
    return {
      timepoint: t.id,
      sumMm: sum.sumMm,
      text: sum.lesionsCounted === 0 ? '–' : `${formatCm(sum.sumMm)} cm`,
      change: changeTexts(sum.change),
      note: `${sum.lesionsCounted} lesion${sum.lesionsCounted === 1 ? '' : 's'}${sum.notCounted.length === 0 ? '' : `; not counted: ${sum.notCounted.join(', ')}`}`,
    };
  });
  const liver = view.timepoints.map((t): LiverCell | null => {
    const row = view.liverHistory.find((l) => l.timepoint === t.id);
    if (!row) return null;
    const call = row.call === null || row.call === 'none' ? '' : ` (${LIVER_CALL_LABELS[row.call].toLowerCase()} normal)`;
    return { timepoint: t.id, meanHU: row.meanHU, text: row.meanHU === null ? DASH : `${formatHu(row.meanHU)} HU${call}` };
  });
  return { timepoints, lesions, sums, liver };
}
