/**
 * Change of a long axis (or of the sum of long axes) over time, in %, docs/follow-up.md#change.
 * Full precision here; exports decide how to round (docs/exports.md).
 */

import type { LongAxisChange } from './followUpTypes';

export const NO_CHANGE: LongAxisChange = Object.freeze({ fromPriorPct: null, fromBaselinePct: null, fromNadirPct: null });

/** (to - from) / from in %; null when either is unknown or `from` is 0 (no % of nothing). */
export function percentChange(from: number | null, to: number | null): number | null {
  if (from === null || to === null || from === 0) return null;
  return ((to - from) / from) * 100;
}

export interface ChangeAt extends LongAxisChange {
  /** The smallest value at the earlier time points; null when none has one. */
  readonly nadir: number | null;
  /** Seen again after a 0 (resolved) nadir. */
  readonly reappeared: boolean;
}

/**
 * The change at `at` of a value over time points (oldest first; null where there is none,
 * 0 for a resolved lesion). Prior = the latest earlier time point with a value (a 0 prior
 * gives null). Baseline = `baselineIndex` (null when it is `at` itself or later). Nadir = the
 * smallest value at the earlier time points; a 0 nadir gives null and, when the value is back
 * above 0, `reappeared`.
 */
export function changeAt(values: readonly (number | null)[], at: number, baselineIndex: number | null): ChangeAt {
  const value = values[at] ?? null;
  let prior: number | null = null;
  let nadir: number | null = null;
  for (let i = 0; i < at; i += 1) {
    const v = values[i] ?? null;
    if (v === null) continue;
    prior = v;
    nadir = nadir === null ? v : Math.min(nadir, v);
  }
  const baseline = baselineIndex !== null && baselineIndex < at ? (values[baselineIndex] ?? null) : null;
  return {
    fromPriorPct: percentChange(prior, value),
    fromBaselinePct: percentChange(baseline, value),
    fromNadirPct: percentChange(nadir, value),
    nadir,
    reappeared: nadir === 0 && value !== null && value > 0,
  };
}

/** Just the three percentages of a `ChangeAt`, as exported. */
export function exportedChange(change: ChangeAt): LongAxisChange {
  return { fromPriorPct: change.fromPriorPct, fromBaselinePct: change.fromBaselinePct, fromNadirPct: change.fromNadirPct };
}
