/**
 * Whether a CT series was acquired after intravenous contrast (docs/liver.md#contrast-state). The
 * unenhanced normal liver range means nothing on an enhanced series, so this gates the liver call.
 */

export const CONTRAST_STATES = ['unenhanced', 'enhanced', 'unknown'] as const;

export type ContrastState = (typeof CONTRAST_STATES)[number];

export function isContrastState(value: unknown): value is ContrastState {
  return typeof value === 'string' && (CONTRAST_STATES as readonly string[]).includes(value);
}

/** What the host data model knows of a series, reduced to what this rule reads. */
export interface ContrastInput {
  /** ContrastBolusAgent (0018,0010); absent, empty or padding-only means not given. */
  readonly contrastBolusAgent?: string | null;
  /** ContrastBolusAgentSequence (0018,0012) present in the dataset. */
  readonly hasContrastBolusAgentSequence?: boolean;
  /** ContrastBolusUsageSequence (0018,9341) present in the dataset. */
  readonly hasContrastBolusUsageSequence?: boolean;
  readonly seriesDescription?: string | null;
  readonly protocolName?: string | null;
}

export interface ContrastDecision {
  readonly state: ContrastState;
  readonly reason: string;
}

/**
 * Some scanners write "NONE" or "NO" into ContrastBolusAgent for a plain scan. Reading
 * those as an agent would call a plain liver "enhanced" and silently suppress the liver
 * call, so they count as not given (the description then decides).
 */
const NO_AGENT = /^(NONE|NO|N\/A|NA|NIL|0)$/i;

export function hasContrastAgent(agent: string | null | undefined): boolean {
  if (agent == null) return false;
  const value = agent.replace(/\0/g, '').trim();
  return value !== '' && !NO_AGENT.test(value);
}

/**
 * Phrases that say unenhanced (the list in docs/liver.md#contrast-state, plus "non-enhanced" and
 * "pre-contrast", which mean the same). "NC" and "plain" count only as whole words, so "SYNC" or
 * "NCAP" do not.
 */
const UNENHANCED =
  /\bnon[\s-]?contrast\b|\bwithout\s+(iv\s+)?contrast\b|\bw\/o\b|\bplain\b|\bun[\s-]?enhanced\b|\bnon[\s-]?enhanced\b|\bpre[\s-]?contrast\b|\bnect\b|(?<![a-z0-9])nc(?![a-z0-9])/i;

/**
 * Phrases that say enhanced. They never make a series enhanced on their own (only the
 * DICOM attributes do), but a description that says both ("WITH AND W/O CONTRAST") is not
 * evidence of an unenhanced scan.
 */
const ENHANCED_HINT =
  /\b(w\/o|without)\s*(and|&)\s*(w|with)\b|\bwith\s*(and|&|\/)\s*(without|w\/o)\b|\bw\s*(and|&|\/)\s*w\/?o\b|\bwith\s+(iv\s+)?contrast\b|\bw\/\s*contrast\b|\bw\/\s*c\b|\bc\+|\bpost[\s-]?contrast\b|\bcontrast[\s-]enhanced\b|\bportal\b|\barterial\b|\bvenous\b|\bdelayed\b|\bangio\b|\bcta\b|(?<!un[\s-]?|non[\s-]?)\benhanced\b/i;

export function contrastState(input: ContrastInput): ContrastDecision {
  if (hasContrastAgent(input.contrastBolusAgent)) {
    return { state: 'enhanced', reason: `ContrastBolusAgent "${input.contrastBolusAgent?.trim()}"` };
  }
  if (input.hasContrastBolusAgentSequence) {
    return { state: 'enhanced', reason: 'ContrastBolusAgentSequence present' };
  }
  if (input.hasContrastBolusUsageSequence) {
    return { state: 'enhanced', reason: 'ContrastBolusUsageSequence present' };
  }
  // Underscores join words in protocol names ("CT_ABD_NC") but are word characters to \b.
  const texts = [input.seriesDescription, input.protocolName]
    .filter((text): text is string => typeof text === 'string' && text.trim() !== '')
    .map((text) => text.replace(/_/g, ' '));
  const saysUnenhanced = texts.some((text) => UNENHANCED.test(text));
  const hintsEnhanced = texts.some((text) => ENHANCED_HINT.test(text));
  if (saysUnenhanced && !hintsEnhanced) {
    return { state: 'unenhanced', reason: `no contrast attributes; description "${texts.join(' / ')}"` };
  }
  if (saysUnenhanced && hintsEnhanced) {
    return { state: 'unknown', reason: 'description mentions both unenhanced and enhanced imaging' };
  }
  return { state: 'unknown', reason: 'no contrast attributes and the description does not say' };
}

/** The contrast state a reader sees: the user's confirmation wins, the automatic one is kept. */
export function effectiveContrastState(automatic: ContrastState, confirmed: ContrastState | null): ContrastState {
  return confirmed ?? automatic;
}
