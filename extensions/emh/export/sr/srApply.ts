/**
 * Puts a restored report into the inventory store the way the viewer's import does: every
 * annotation is upserted (so lesion ids are claimed through the store's own rules, next to
 * whatever the case already holds), then the lesion rows' fields, then the radiologist's
 * decisions. Kept apart from the Cornerstone side of the import so the bench can time
 * exactly this code.
 */

import type { EmhAnnotation } from '../../domain/annotationTypes';
import type { EmhInventoryStore } from '../../domain/inventoryStore';
import type { RestoredInventory } from './srRestore';

/**
 * `prepare` lets the host attach what only it knows (the Cornerstone handles to draw the
 * annotation with). Returns the annotations the store refused, with its reason.
 */
export function applyRestoredInventory(
  store: EmhInventoryStore,
  restored: RestoredInventory,
  prepare: (annotation: EmhAnnotation) => EmhAnnotation = (annotation) => annotation,
): string[] {
  const refused: string[] = [];
  for (const annotation of restored.annotations) {
    const result = store.upsert(prepare(annotation));
    if (!result.ok) refused.push(`${annotation.annotationUID}: ${result.reason}`);
  }
  for (const lesion of restored.lesions) {
    if (!store.lesion(lesion.id)) continue;
    store.updateLesion(lesion.id, {
      site: lesion.site,
      siteText: lesion.siteText,
      laterality: lesion.laterality,
      notes: lesion.notes,
      t1Override: lesion.t1Override,
      t2Override: lesion.t2Override,
    });
  }
  // Decisions the report states replace the case's; what it does not state is left alone.
  for (const [seriesUID, override] of Object.entries(restored.seriesOverrides)) {
    if (override.weighting) store.setSeriesWeighting(seriesUID, override.weighting);
    if (override.contrast) store.setSeriesContrast(seriesUID, override.contrast);
  }
  if (restored.liverCallOverride !== null) store.setLiverCallOverride(restored.liverCallOverride);
  return refused;
}
