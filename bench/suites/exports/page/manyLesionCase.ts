/**
 * A worked-up case with `count` lesions, built through the real inventory store from the
 * steps the unit tests also use (domain/manyLesions.fixture.ts): each lesion measured on CT
 * (axes and an HU ROI) and on both MR series (T1 and T2 signal ROIs), the sample's muscle
 * references and liver / spleen ROIs, the radiologist's edits and case decisions. Annotation
 * UIDs are UUIDs, as Cornerstone makes them, so the SR takes the same path.
 */

import { createInventoryStore, type EmhInventoryStore } from '../../../../extensions/emh/inventory/rules/inventoryStore';
import type { Result } from '../../../../extensions/emh/inventory/rules/common';
import { manyLesionSteps } from '../../../../extensions/emh/inventory/rules/manyLesions.fixture';

export { benchUuid } from '../../../../extensions/emh/inventory/rules/manyLesions.fixture';

function must<T>(outcome: Result<T>): T {
  if (!outcome.ok) throw new Error(outcome.reason);
  return outcome.value;
}

export function manyLesionStore(count: number): EmhInventoryStore {
  const store = createInventoryStore();
  for (const step of manyLesionSteps(count)) {
    if (step.op === 'upsert') must(store.upsert(step.annotation));
    else if (step.op === 'edit') must(store.updateLesion(step.lesionId, step.edit));
    else if (step.op === 'liver') store.setLiverCallOverride(step.call);
    else store.setSeriesContrast(step.series, step.contrast);
  }
  return store;
}
