/**
 * The weighting of an MR series (docs/signal.md#series-weighting): from its text first
 * (SeriesDescription, then ProtocolName, then SequenceName), else from TR / TE, else unknown for
 * the user to pick. A user override always wins.
 */

import { DEFAULT_THRESHOLDS, type EmhThresholds } from '../../inventory/rules/config';

export const WEIGHTINGS = ['T1', 'T2', 'PD', 'STIR', 'FLAIR', 'DWI', 'unknown'] as const;

export type Weighting = (typeof WEIGHTINGS)[number];

export function isWeighting(value: unknown): value is Weighting {
  return typeof value === 'string' && (WEIGHTINGS as readonly string[]).includes(value);
}

export interface SeriesWeightingInput {
  readonly seriesDescription?: string | null;
  readonly protocolName?: string | null;
  readonly sequenceName?: string | null;
  readonly repetitionTimeMs?: number | null;
  readonly echoTimeMs?: number | null;
  /** InversionTime (0018,0082); an inversion pulse makes TR / TE alone misleading. */
  readonly inversionTimeMs?: number | null;
  readonly override?: Weighting | null;
}

export type WeightingSource = 'override' | 'description' | 'timing' | 'none';

export interface WeightingDecision {
  readonly weighting: Weighting;
  readonly source: WeightingSource;
  /** The text or timing that decided, for the series browser tooltip. */
  readonly reason: string;
}

// Separators become spaces first, so "t1_tse_tra" and "AX-T2-FS" read like "t1 tse tra".
const normalise = (text: string): string => ` ${text.toUpperCase().replace(/[_\-/.,:;()[\]]+/g, ' ')} `;

/** Matches a token not glued to a letter or digit on its left, and not followed by a digit. */
const token = (body: string): RegExp => new RegExp(`(?<![A-Z0-9])(?:${body})(?![0-9])`);

/**
 * Ordered rules; the first match decides. Order carries the judgement:
 * - T2*, SWI, fat-fraction and parametric maps are not plain T2 / T1 / PD and have no value in the export
 *   list, so they are `unknown` and, unlike an empty description, are not second-guessed
 *   from timing (a T2* GRE has T1-like TR / TE).
 * - DWI and ADC before T2 ("EP2D DIFF", b-values are T2-based but not T2 images).
 * - T1 FLAIR is T1-weighted (brain protocols), so it is T1; any other FLAIR is FLAIR.
 * - STIR (and Siemens "TIRM") before T2: "T2 STIR" is a STIR.
 * - Vendor T1 gradient-echo names (VIBE, LAVA, THRIVE, MPRAGE, SPGR) are T1; single-shot
 *   T2 names (HASTE, SSFSE) are T2.
 */
const TEXT_RULES: ReadonlyArray<readonly [RegExp, Weighting]> = [
  [/T2\s*\*|T2\s*STAR|(?<![A-Z0-9])R2\s*\*|(?<![A-Z0-9])(SWI|SWAN|MEDIC)(?![A-Z0-9])/, 'unknown'],
  [/(?<![A-Z0-9])(T1|T2|R2|PD)\s*MAP|(?<![A-Z0-9])(MOLLI|MAPPING|RELAXOMETRY|PDFF)(?![A-Z0-9])/, 'unknown'],
  [token('DWI|DIFF|DIFFUSION|ADC|TRACEW|EP2D DIFF'), 'DWI'],
  [token('T1\\s*W?I?\\s*FLAIR'), 'T1'],
  [token('FLAIR|DARK FLUID'), 'FLAIR'],
  [token('STIR|TIRM'), 'STIR'],
  [token('PD|PDW|PDWI|PROTON DENSITY'), 'PD'],
  [token('T1|T1W|T1WI|VIBE|LAVA|THRIVE|MPRAGE|SPGR|FLASH'), 'T1'],
  [token('T2|T2W|T2WI|HASTE|SSFSE|SSH TSE'), 'T2'],
];

/** Weighting from free text, or null when the text says nothing about it. */
export function weightingFromText(text: string | null | undefined): Weighting | null {
  if (!text || !text.trim()) return null;
  const upper = normalise(text);
  for (const [pattern, weighting] of TEXT_RULES) {
    if (pattern.test(upper)) return weighting;
  }
  return null;
}

/**
 * Timing (docs/signal.md#series-weighting): T1 when TR < 800 and TE < 30; T2 when TR > 2000
 * and TE > 60; PD when TR > 2000 and TE < 30 (all ms, limits exclusive). With an inversion pulse
 * (STIR, FLAIR, MPRAGE) TR / TE do not describe the contrast, so the answer is unknown.
 */
export function weightingFromTiming(
  repetitionTimeMs: number | null | undefined,
  echoTimeMs: number | null | undefined,
  inversionTimeMs: number | null = null,
  thresholds: EmhThresholds = DEFAULT_THRESHOLDS,
): Weighting {
  if (repetitionTimeMs == null || echoTimeMs == null) return 'unknown';
  if (!Number.isFinite(repetitionTimeMs) || !Number.isFinite(echoTimeMs)) return 'unknown';
  if (inversionTimeMs != null && inversionTimeMs > 0) return 'unknown';
  const t = thresholds.weighting;
  const tr = repetitionTimeMs;
  const te = echoTimeMs;
  if (tr < t.t1MaxTrMs && te < t.t1MaxTeMs) return 'T1';
  if (tr > t.t2MinTrMs && te > t.t2MinTeMs) return 'T2';
  if (tr > t.pdMinTrMs && te < t.pdMaxTeMs) return 'PD';
  return 'unknown';
}

export function seriesWeighting(input: SeriesWeightingInput, thresholds: EmhThresholds = DEFAULT_THRESHOLDS): WeightingDecision {
  if (input.override) {
    return { weighting: input.override, source: 'override', reason: 'set by the user' };
  }
  const fields: ReadonlyArray<readonly [string, string | null | undefined]> = [
    ['SeriesDescription', input.seriesDescription],
    ['ProtocolName', input.protocolName],
    ['SequenceName', input.sequenceName],
  ];
  for (const [name, text] of fields) {
    const weighting = weightingFromText(text);
    if (weighting !== null) {
      return { weighting, source: 'description', reason: `${name} "${text}"` };
    }
  }
  const weighting = weightingFromTiming(input.repetitionTimeMs, input.echoTimeMs, input.inversionTimeMs ?? null, thresholds);
  if (weighting !== 'unknown') {
    return {
      weighting,
      source: 'timing',
      reason: `TR ${input.repetitionTimeMs} ms, TE ${input.echoTimeMs} ms`,
    };
  }
  return { weighting: 'unknown', source: 'none', reason: 'neither the description nor TR / TE decide' };
}
