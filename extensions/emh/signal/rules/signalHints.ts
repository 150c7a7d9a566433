/**
 * Interpretive hints shown next to the T1 / T2 calls (docs/signal.md#interpretive-hints). They read
 * the calls the radiologist sees, so an override changes the hint too.
 */

import type { SignalCall } from './signalRatio';

export type SignalHintCode = 'iron-or-burnt-out' | 'fatty-old' | 'active';

export interface SignalHint {
  readonly code: SignalHintCode;
  readonly text: string;
}

export const SIGNAL_HINT_TEXT: Readonly<Record<SignalHintCode, string>> = {
  'iron-or-burnt-out': 'T2 hypointense: suggests iron-laden or burnt-out EMH',
  'fatty-old': 'T1 and T2 hyperintense: suggests fatty (old) EMH',
  active: 'T2 hyperintense: suggests active EMH',
};

const isHypo = (call: SignalCall | null): boolean => call === 'hypo' || call === 'markedly-hypo';

/**
 * When T1 and T2 are both hyperintense the fatty (old) hint replaces the active one: the
 * high T1 signal is what tells fat apart from active marrow, and showing both would
 * contradict itself. An unknown T1 does not block the active hint.
 */
export function signalHints(t1: SignalCall | null, t2: SignalCall | null): SignalHint[] {
  const codes: SignalHintCode[] = [];
  if (isHypo(t2)) codes.push('iron-or-burnt-out');
  if (t2 === 'hyper') codes.push(t1 === 'hyper' ? 'fatty-old' : 'active');
  return codes.map((code) => ({ code, text: SIGNAL_HINT_TEXT[code] }));
}
