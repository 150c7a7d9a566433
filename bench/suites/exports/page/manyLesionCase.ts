/**
 * A worked-up case with `count` lesions, built through the real inventory store the way
 * the unit fixtures build the sample case (sampleCase.fixture, sampleReport.fixture): each
 * lesion measured on CT (axes and an HU ROI) and on both MR series (T1 and T2 signal
 * ROIs), the sample's muscle references and liver / spleen ROIs, the radiologist's edits
 * (sites, some notes and overrides, an `other` site now and then) and case decisions.
 * Annotation UIDs are UUIDs, as Cornerstone makes them, so the SR takes the same path.
 */

import { createInventoryStore, type EmhInventoryStore } from '../../../../extensions/emh/domain/inventoryStore';
import type { EmhAnnotation } from '../../../../extensions/emh/domain/annotationTypes';
import type { Result } from '../../../../extensions/emh/domain/common';
import {
  CT_PLAIN,
  LESION_TRUTH,
  MR_T1,
  MR_T2,
  MUSCLE_T1,
  MUSCLE_T2,
  axesAnnotation,
  huAnnotation,
  sampleCaseAnnotations,
  signalAnnotation,
} from '../../../../extensions/emh/domain/sampleCase.fixture';

/** A deterministic version 4 style UUID, so every run builds byte-identical reports. */
export function benchUuid(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

/** Instances the lesions are spread over (the sample series have 60 slices). */
const FIRST_INSTANCE = 5;
const INSTANCES = 50;

const NOTE = 'Läsion, "lobulated"; ≥ 2 cm, compare 2019 CT';

function must<T>(outcome: Result<T>): T {
  if (!outcome.ok) throw new Error(outcome.reason);
  return outcome.value;
}

export function manyLesionStore(count: number): EmhInventoryStore {
  const store = createInventoryStore();
  let uid = 0;
  const add = (annotation: EmhAnnotation) => must(store.upsert({ ...annotation, annotationUID: benchUuid((uid += 1)) }));
  // The sample's muscle references and liver / spleen ROIs, without its five lesions.
  for (const annotation of sampleCaseAnnotations()) {
    if (!annotation.lesionId) add(annotation);
  }
  for (let i = 0; i < count; i += 1) {
    const truth = LESION_TRUTH[i % LESION_TRUTH.length]!;
    const id = `L${i + 1}`;
    const instance = FIRST_INSTANCE + (i % INSTANCES);
    add(axesAnnotation('', CT_PLAIN, instance, truth.longMm, truth.shortMm, id));
    add(huAnnotation('', CT_PLAIN, instance, 'lesion', truth.ctHU, id));
    add(signalAnnotation('', MR_T1, instance, 'lesion', MUSCLE_T1 * truth.t1Ratio, id));
    add(signalAnnotation('', MR_T2, instance, 'lesion', MUSCLE_T2 * truth.t2Ratio, id));
    const other = i % 100 === 99;
    must(
      store.updateLesion(id, {
        site: other ? 'other' : truth.site,
        ...(other ? { siteText: 'Renal hilum' } : {}),
        laterality: truth.laterality,
        ...(i % 10 === 3 ? { notes: NOTE } : {}),
        ...(i % 7 === 2 ? { t2Override: 'markedly-hypo' } : {}),
      }),
    );
  }
  store.setLiverCallOverride('within');
  store.setSeriesContrast(CT_PLAIN, 'unenhanced');
  store.setSeriesContrast(MR_T1, 'enhanced');
  return store;
}
