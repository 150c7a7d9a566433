/**
 * Which lesion an imported SEG segment belongs to (docs/volumes.md#importing-a-seg): the lesion
 * of the case with the segment's Tracking UID; else the lesion a report's volume group cites the
 * segment for (same SEG instance and segment number); else the lesion whose id is the segment's
 * label (the SEG is the same patient's: another patient's is refused before this). A segment that
 * matches none is listed, never attached. Pure.
 */

export interface SegmentIdentity {
  readonly number: number;
  readonly label: string;
  readonly trackingUID: string | null;
}

export interface CaseLesion {
  readonly id: string;
  readonly trackingUid: string;
}

/** A report's volume group citing a segment: its lesion, by id, and the segment it cites. */
export interface CitedSegment {
  readonly lesionId: string;
  readonly segSopInstanceUID: string;
  readonly segmentNumber: number;
}

export type SegmentMatch =
  { readonly lesionId: string; readonly by: 'tracking UID' | 'report' | 'label' } | { readonly lesionId: null; readonly reason: string };

export function matchSegment(
  segment: SegmentIdentity,
  segSopInstanceUID: string,
  lesions: readonly CaseLesion[],
  cited: readonly CitedSegment[],
): SegmentMatch {
  const ids = new Set(lesions.map((l) => l.id));
  const tracked = segment.trackingUID ? lesions.find((l) => l.trackingUid === segment.trackingUID) : undefined;
  if (tracked) return { lesionId: tracked.id, by: 'tracking UID' };
  const report = cited.find((c) => c.segSopInstanceUID === segSopInstanceUID && c.segmentNumber === segment.number && ids.has(c.lesionId));
  if (report) return { lesionId: report.lesionId, by: 'report' };
  // A tracking UID that names another lesion than the label's is a different lesion: no label match then.
  const labelled = lesions.find((l) => l.id === segment.label);
  if (labelled && !(segment.trackingUID && labelled.trackingUid && labelled.trackingUid !== segment.trackingUID)) {
    return { lesionId: labelled.id, by: 'label' };
  }
  const name = `segment ${segment.number}${segment.label ? ` "${segment.label}"` : ''}`;
  return {
    lesionId: null,
    reason: labelled
      ? `${name} tracks another lesion than this case's ${labelled.id} (tracking UID ${segment.trackingUID ?? ''})`
      : `${name} matches no lesion of this case`,
  };
}
