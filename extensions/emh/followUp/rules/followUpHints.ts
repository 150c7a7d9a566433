/**
 * What a lesion's change over time suggests, at its latest time point (docs/follow-up.md#hints).
 * Hints, not diagnoses: the radiologist reads them beside the images.
 */

import { DEFAULT_THRESHOLDS, type EmhThresholds } from '../../inventory/rules/config';
import type { SignalCall } from '../../signal/rules/signalRatio';
import type { FollowUpHint, LesionTimepointValues } from './followUpTypes';
import type { ChangeAt } from './lesionChange';

const DARK: readonly SignalCall[] = ['hypo', 'markedly-hypo'];

/** The call at the last earlier time point that has one. */
function earlierCall(
  history: readonly LesionTimepointValues[],
  pick: (row: LesionTimepointValues) => SignalCall | null,
): SignalCall | null {
  for (let i = history.length - 2; i >= 0; i -= 1) {
    const call = pick(history[i]!);
    if (call !== null && call !== 'indeterminate') return call;
  }
  return null;
}

const fixed = (pct: number): string => `${Math.round(pct * 10) / 10}`;

/** Hints at the last row of `history` (oldest first), given its long-axis change there. */
export function followUpHints(
  history: readonly LesionTimepointValues[],
  change: ChangeAt,
  thresholds: EmhThresholds = DEFAULT_THRESHOLDS,
): FollowUpHint[] {
  const latest = history[history.length - 1];
  if (!latest) return [];
  const at = latest.timepoint;
  const hints: FollowUpHint[] = [];
  const t1Before = earlierCall(history, (row) => row.t1Call);
  if (latest.t1Call === 'hyper' && t1Before !== null && t1Before !== 'hyper') {
    hints.push({
      code: 'fatty-involution',
      timepoint: at,
      message: `T1 turned hyperintense (${t1Before} before): suggests fatty involution (inactive EMH)`,
    });
  }
  const t2Before = earlierCall(history, (row) => row.t2Call);
  if (latest.t2Call !== null && DARK.includes(latest.t2Call) && t2Before !== null && !DARK.includes(t2Before)) {
    hints.push({
      code: 'iron-deposition',
      timepoint: at,
      message: `T2 turned ${latest.t2Call === 'hypo' ? 'hypointense' : 'markedly hypointense'} (${t2Before} before): suggests iron deposition`,
    });
  }
  const limit = thresholds.followUp.growthFromNadirPct;
  if (change.fromNadirPct !== null && change.fromNadirPct > limit) {
    hints.push({
      code: 'growth-from-nadir',
      timepoint: at,
      message: `Long axis ${fixed(change.fromNadirPct)} % above its nadir (${change.nadir} mm): more than ${limit} %`,
    });
  }
  if (change.reappeared) {
    hints.push({ code: 'reappeared', timepoint: at, message: 'Seen again after it had resolved: no change from nadir (it was 0 mm)' });
  }
  return hints;
}
