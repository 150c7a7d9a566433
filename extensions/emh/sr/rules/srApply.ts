/**
 * Puts a restored report into the inventory store the way the viewer's import does: every
 * annotation is upserted in one batch (so lesion ids are claimed through the store's own
 * rules, next to whatever the case already holds), then the lesion rows' fields, then the
 * radiologist's decisions. Kept apart from the Cornerstone side of the import so the bench can time
 * exactly this code.
 */

import type { EmhAnnotation } from '../../inventory/rules/annotationTypes';
import type { EmhInventoryStore } from '../../inventory/rules/inventoryStore';
import type { RestoredInventory } from './srRestore';

/**
 * `prepare` lets the host attach what only it knows (the Cornerstone handles to draw the
 * annotation with). Returns the annotations the store refused, with its reason.
 */
/**
 * Which case lesion each of the report's lesion ids is (docs/exports.md#sr-import): the lesion
 * with the same tracking UID, when the case has one; else a new row with the report's id if it
 * is free (the next id if not), keeping the tracking UID. A report that does not track lesions
 * by UID (older EMH reports) keeps its ids: a measurement joins the lesion of that id.
 */
function caseLesionIds(store: EmhInventoryStore, restored: RestoredInventory): Map<string, string> {
  const ids = new Map<string, string>();
  if (!restored.trackedByUid) return ids;
  const byTrackingUid = new Map(store.state().lesions.map((l) => [l.trackingUid, l.id]));
  const newRows = restored.lesions.filter((lesion) => {
    const known = byTrackingUid.get(lesion.trackingUid);
    if (known !== undefined) ids.set(lesion.id, known);
    return known === undefined;
  });
  const given = store.importLesions(newRows.map(({ id, trackingUid }) => ({ id, trackingUid })));
  newRows.forEach((lesion, i) => ids.set(lesion.id, given[i]!));
  return ids;
}

export function applyRestoredInventory(
  store: EmhInventoryStore,
  restored: RestoredInventory,
  prepare: (annotation: EmhAnnotation) => EmhAnnotation = (annotation) => annotation,
): string[] {
  const refused: string[] = [];
  const ids = caseLesionIds(store, restored);
  const caseId = (id: string) => ids.get(id) ?? id;
  const annotations = restored.annotations.map((a) => (a.lesionId ? { ...a, lesionId: caseId(a.lesionId) } : a));
  // One batch: one undo step for every annotation, and linear time (one upsert at a time
  // diffed the whole state each time: 2.5 s for 4,000 annotations).
  const outcomes = store.upsertMany(annotations.map(prepare));
  outcomes.forEach((result, i) => {
    if (!result.ok) refused.push(`${restored.annotations[i]!.annotationUID}: ${result.reason}`);
  });
  // The rows' fields, also as one batch (one edit at a time diffed the whole state too).
  const present = new Set(store.lesionIds());
  store.updateLesions(
    restored.lesions
      .filter((lesion) => present.has(caseId(lesion.id)))
      .map((lesion) => ({
        lesionId: caseId(lesion.id),
        edit: {
          site: lesion.site,
          siteText: lesion.siteText,
          laterality: lesion.laterality,
          notes: lesion.notes,
          t1Override: lesion.t1Override,
          t2Override: lesion.t2Override,
        },
      })),
  );
  // Decisions the report states replace the case's; what it does not state is left alone.
  for (const [seriesUID, override] of Object.entries(restored.seriesOverrides)) {
    if (override.weighting) store.setSeriesWeighting(seriesUID, override.weighting);
    if (override.contrast) store.setSeriesContrast(seriesUID, override.contrast);
  }
  if (restored.liverCallOverride !== null) store.setLiverCallOverride(restored.liverCallOverride);
  store.importStatusMarks(restored.statusMarks.map((mark) => ({ ...mark, lesionId: caseId(mark.lesionId) })));
  return refused;
}
