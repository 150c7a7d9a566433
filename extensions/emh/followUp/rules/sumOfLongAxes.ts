/**
 * The sum of long axes per time point and its change (docs/follow-up.md#sum-of-long-axes).
 * A lesion counts from its first time point on; a resolved one counts 0 mm; one without a long
 * axis there (not evaluable, not measured, uncalibrated) is listed as not counted.
 */

import type { SumOfLongAxes, Timepoint, LesionTimepointValues } from './followUpTypes';
import { changeAt, exportedChange } from './lesionChange';

export interface LesionHistoryOf {
  readonly lesionId: string;
  readonly history: readonly LesionTimepointValues[];
}

/**
 * One entry per time point, oldest first. Its change is against the earlier time points: the
 * prior one with a sum, T1 as the baseline, the smallest earlier sum as the nadir. Only whole
 * sums are compared: a time point where a present lesion could not be counted (`notCounted`),
 * or none was, has no sum to compare, so a change to or from it is null. A sum over fewer
 * lesions reads as a fall (-86.8 % half-way through a reading) that is only what is left to measure.
 */
export function sumOfLongAxes(timepoints: readonly Timepoint[], lesions: readonly LesionHistoryOf[]): SumOfLongAxes[] {
  const sums = timepoints.map((timepoint) => {
    let sumMm = 0;
    let lesionsCounted = 0;
    const notCounted: string[] = [];
    for (const lesion of lesions) {
      const row = lesion.history.find((r) => r.timepoint === timepoint.id);
      if (!row) continue;
      if (row.longAxisMm === null) notCounted.push(lesion.lesionId);
      else {
        sumMm += row.longAxisMm;
        lesionsCounted += 1;
      }
    }
    return { timepoint, sumMm, lesionsCounted, notCounted };
  });
  const values = sums.map((s) => (s.lesionsCounted > 0 && s.notCounted.length === 0 ? s.sumMm : null));
  return sums.map((s, i) => ({
    timepoint: s.timepoint.id,
    date: s.timepoint.date,
    sumMm: s.sumMm,
    lesionsCounted: s.lesionsCounted,
    notCounted: s.notCounted,
    change: exportedChange(changeAt(values, i, 0)),
  }));
}
