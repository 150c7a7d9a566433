/**
 * The sample follow-up in the store, for tests: the baseline sample case (T1: CT 2024-03-12, MR
 * 2024-03-14) and a follow-up CT on 2024-09-10 (T2) with L1 42 -> 30 mm, L4 100 -> 75 mm, L3
 * marked resolved, L2 and L5 not measured, and a new lesion L6 (24 x 16 mm).
 */

import assert from 'node:assert/strict';

import type { LesionAxesAnnotation } from '../../inventory/rules/annotationTypes';
import { createInventoryStore, type EmhInventoryStore } from '../../inventory/rules/inventoryStore';
import type { InventoryContext } from '../../inventory/rules/inventoryTypes';
import {
  axesAnnotation,
  CT_PLAIN,
  CT_STUDY,
  LESION_TRUTH,
  MR_STUDY,
  sampleCaseAnnotations,
} from '../../inventory/rules/sampleCase.fixture';

export const FU_STUDY = '2.25.900';
export const FU_SERIES = '2.25.900.1';
const study = (studyInstanceUID: string, date: string) => ({ studyInstanceUID, description: null, date, accessionNumber: null });
export const FOLLOW_UP_CONTEXT: InventoryContext = {
  studies: [study(CT_STUDY, '20240312'), study(MR_STUDY, '20240314'), study(FU_STUDY, '20240910')],
};
export const BASELINE_ONLY: InventoryContext = { studies: FOLLOW_UP_CONTEXT.studies!.slice(0, 2) };

/** A measurement on the follow-up CT (another study, its own date). */
export function followUpAxes(uid: string, longMm: number, shortMm: number, lesionId: string): LesionAxesAnnotation {
  const base = axesAnnotation(uid, CT_PLAIN, 20, longMm, shortMm, lesionId);
  return {
    ...base,
    ref: { ...base.ref, studyInstanceUID: FU_STUDY, seriesInstanceUID: FU_SERIES, sopInstanceUID: `${FU_SERIES}.20` },
    series: { ...base.series, studyDate: '20240910' },
  };
}

export function followUpStore(): EmhInventoryStore {
  const store = createInventoryStore();
  for (const a of sampleCaseAnnotations()) assert.ok(store.upsert(a).ok);
  for (const t of LESION_TRUTH) assert.ok(store.updateLesion(t.id, { site: t.site, laterality: t.laterality }).ok);
  for (const a of [followUpAxes('fu-L1', 30, 20, 'L1'), followUpAxes('fu-L4', 75, 40, 'L4'), followUpAxes('fu-L6', 24, 16, 'L6')]) {
    assert.ok(store.upsert(a).ok);
  }
  assert.ok(store.setStatusMark('L3', [{ studyInstanceUID: FU_STUDY, date: '20240910' }], 'resolved').ok);
  return store;
}
