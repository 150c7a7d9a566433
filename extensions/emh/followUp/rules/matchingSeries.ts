/**
 * Where "Go to" looks for a lesion on the current study: a series of the latest time point of
 * the same modality as the image the lesion was last measured on, the same kind of series when
 * there is one (an axial T2 for a T2 measurement, the unenhanced CT for an unenhanced one).
 */

export interface SeriesCandidate {
  readonly seriesInstanceUID: string;
  readonly studyInstanceUID: string;
  readonly modality: string;
  readonly description: string;
}

export function matchingSeries<S extends SeriesCandidate>(
  from: Pick<SeriesCandidate, 'seriesInstanceUID' | 'modality'> & { readonly seriesDescription: string },
  series: readonly S[],
  studyInstanceUIDs: readonly string[],
): S | null {
  const candidates = series.filter(
    (s) => studyInstanceUIDs.includes(s.studyInstanceUID) && s.modality === from.modality && s.seriesInstanceUID !== from.seriesInstanceUID,
  );
  const sameName = (s: S): boolean => s.description.trim().toUpperCase() === from.seriesDescription.trim().toUpperCase();
  return candidates.find(sameName) ?? candidates[0] ?? null;
}
