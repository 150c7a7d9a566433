/** A lesion's measurement placed in the patient: the centre of its points, in mm. */
export interface PlacedMeasurement {
  readonly lesionId: string;
  readonly frameOfReferenceUID: string;
  readonly centreMm: readonly number[];
}

export interface LesionCandidate {
  readonly lesionId: string;
  /** From the new ROI's centre to the nearest measurement of the lesion; null: none in that frame of reference. */
  readonly distanceMm: number | null;
}

/**
 * The lesions a new ROI may belong to, nearest first. Distances are only measured within one
 * frame of reference (coordinates of another scan are not comparable); lesions measured only
 * elsewhere follow, in creation order.
 */
export function nearestLesions(
  lesionIds: readonly string[],
  measurements: readonly PlacedMeasurement[],
  roi: { readonly frameOfReferenceUID: string; readonly centreMm: readonly number[] },
): LesionCandidate[] {
  const nearest = new Map<string, number>();
  for (const m of measurements) {
    if (!roi.frameOfReferenceUID || m.frameOfReferenceUID !== roi.frameOfReferenceUID) continue;
    const d = Math.hypot(...m.centreMm.map((v, i) => v - (roi.centreMm[i] ?? 0)));
    nearest.set(m.lesionId, Math.min(d, nearest.get(m.lesionId) ?? Infinity));
  }
  const order = new Map(lesionIds.map((id, i) => [id, i]));
  return lesionIds
    .map((lesionId) => ({ lesionId, distanceMm: nearest.get(lesionId) ?? null }))
    .sort((a, b) => {
      if (a.distanceMm !== null && b.distanceMm !== null && a.distanceMm !== b.distanceMm) return a.distanceMm - b.distanceMm;
      if ((a.distanceMm === null) !== (b.distanceMm === null)) return a.distanceMm === null ? 1 : -1;
      return (order.get(a.lesionId) ?? 0) - (order.get(b.lesionId) ?? 0);
    });
}

/** The centre of a drawing's points (mm). */
export function centreOf(points: readonly (readonly number[])[]): number[] {
  const sum = [0, 0, 0];
  for (const p of points) for (let i = 0; i < 3; i += 1) sum[i] += p[i] ?? 0;
  return sum.map((v) => v / Math.max(1, points.length));
}
