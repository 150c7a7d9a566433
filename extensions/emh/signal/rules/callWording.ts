/**
 * Every wording of an MR signal call, in one place, so the table, the card, the image labels
 * and the teaching case never drift apart. (The SR's coded meanings are codes, not wording:
 * they stay with the codes in sr/rules/srCodes.ts.)
 */

import type { SignalCall } from './signalRatio';

export interface CallWording {
  /** On its own, capitalised: tooltips, the override menu's "automatic:" line. */
  readonly label: string;
  /** Inside a sentence: the selected lesion's card, the teaching case text. */
  readonly words: string;
  /** A table cell and the override menu's choices. */
  readonly short: string;
  /** On the image, before the ratio it qualifies. */
  readonly onImage: string;
  /** A mark a reader knows, so two calls fit one line of the table. */
  readonly mark: string;
}

export const CALL_WORDING: Readonly<Record<SignalCall, CallWording>> = {
  'markedly-hypo': {
    label: 'Markedly hypointense',
    words: 'markedly hypointense',
    short: 'markedly hypo',
    onImage: 'markedly hypointense to muscle',
    mark: '↓↓',
  },
  hypo: { label: 'Hypointense', words: 'hypointense', short: 'hypo', onImage: 'hypointense to muscle', mark: '↓' },
  iso: { label: 'Isointense', words: 'isointense', short: 'iso', onImage: 'isointense to muscle', mark: '=' },
  hyper: { label: 'Hyperintense', words: 'hyperintense', short: 'hyper', onImage: 'hyperintense to muscle', mark: '↑' },
  indeterminate: {
    label: 'Indeterminate',
    words: 'indeterminate',
    short: 'indeterminate',
    onImage: 'indeterminate against muscle',
    mark: '?',
  },
};
