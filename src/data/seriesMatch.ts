/**
 * Which series of a prior study to show beside the one on screen: the same modality, the same
 * attributes the extensions tell about a series (an MR's weighting, a CT's contrast phase) and
 * else the closest description. Pure: unit-tested on plain objects.
 */

export interface SeriesDescriptor {
  readonly seriesInstanceUID: string;
  readonly modality: string;
  readonly description: string;
  readonly imageCount: number;
  /** What extensions add to `emh.series()` ({weighting: 'T1'}, {contrast: 'none'}...); null values say nothing. */
  readonly attributes: Readonly<Record<string, unknown>>;
}

/** Upper-case words of a description, without punctuation: "T1 VIBE fs" and "t1_vibe_FS" agree. */
function words(description: string): Set<string> {
  return new Set(
    description
      .toUpperCase()
      .split(/[^A-Z0-9*]+/)
      .filter((w) => w.length > 0),
  );
}

/** Shared words over all words (Jaccard), 0 when both are empty. */
export function descriptionSimilarity(a: string, b: string): number {
  const wa = words(a);
  const wb = words(b);
  const union = new Set([...wa, ...wb]);
  if (union.size === 0) return 0;
  let shared = 0;
  for (const w of wa) if (wb.has(w)) shared += 1;
  return shared / union.size;
}

/** Attributes both series state (non-null): +1 for each that agrees, -1 for each that differs. */
function attributeAgreement(a: SeriesDescriptor['attributes'], b: SeriesDescriptor['attributes']): number {
  let score = 0;
  for (const [name, value] of Object.entries(a)) {
    const other = b[name];
    if (value === null || value === undefined || other === null || other === undefined) continue;
    score += value === other ? 1 : -1;
  }
  return score;
}

/**
 * The candidate that best matches `current`, or null when none has its modality (a prior of
 * another modality is not shown as if it matched). Ties go to the series with more images,
 * then to the first listed.
 */
export function bestMatchingSeries(current: SeriesDescriptor, candidates: readonly SeriesDescriptor[]): SeriesDescriptor | null {
  let best: { series: SeriesDescriptor; score: [number, number, number] } | null = null;
  for (const series of candidates) {
    if (series.modality !== current.modality) continue;
    const score: [number, number, number] = [
      attributeAgreement(current.attributes, series.attributes),
      descriptionSimilarity(current.description, series.description),
      series.imageCount,
    ];
    const better = !best || compare(score, best.score) > 0;
    if (better) best = { series, score };
  }
  return best?.series ?? null;
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}
