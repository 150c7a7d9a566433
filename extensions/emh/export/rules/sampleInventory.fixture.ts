/**
 * Inventories for the export tests, built through the real store from the sample case
 * (docs/sample-case.md#truth-table) so the exports are checked against the case's known truth, plus
 * the awkward rows a radiologist produces: an uncalibrated measurement, a fatty focus below 0 HU,
 * an MR ROI on a series without a muscle reference, and notes a spreadsheet could misread.
 */

import type { EmhAnnotation } from '../../inventory/rules/annotationTypes';
import { createInventoryStore } from '../../inventory/rules/inventoryStore';
import type { EmhInventory, InventoryPatient, InventoryStudy } from '../../inventory/rules/inventoryTypes';
import {
  axesAnnotation,
  CT_PLAIN,
  CT_STUDY,
  huAnnotation,
  LESION_TRUTH,
  MR_STUDY,
  sampleCaseAnnotations,
  signalAnnotation,
} from '../../inventory/rules/sampleCase.fixture';

export const PATIENT: InventoryPatient = { name: 'EMH^Phantom', id: 'EMH-0001', sex: 'M', age: '034Y', birthDate: null };

export const STUDIES: readonly InventoryStudy[] = [
  { studyInstanceUID: CT_STUDY, description: 'CT CHEST ABDOMEN PELVIS', date: '20261125', accessionNumber: 'A-1' },
  { studyInstanceUID: MR_STUDY, description: 'MR SPINE PELVIS', date: '20261126', accessionNumber: 'A-2' },
];

export const HYPERLINK_NOTE = '=HYPERLINK("x")';
export const AWKWARD_NOTE = 'Compared with 2019 CT, "stable";\nsee report';

/** A T2 series of the MR study with no muscle reference drawn on it. */
export const MR_T2_FS = '1.2.826.0.1.3680043.10.1.2.3';

function t2FatSatRoi(uid: string, lesionId: string, mean: number): EmhAnnotation {
  const base = signalAnnotation(uid, MR_T2_FS, 30, 'lesion', mean, lesionId);
  return {
    ...base,
    ref: { ...base.ref, studyInstanceUID: MR_STUDY },
    series: { modality: 'MR', description: 'AX T2 FS', weighting: 'T2', contrast: 'unknown' },
  };
}

function upsertAll(store: ReturnType<typeof createInventoryStore>, annotations: readonly EmhAnnotation[]): void {
  for (const annotation of annotations) {
    const outcome = store.upsert(annotation);
    if (!outcome.ok) throw new Error(`fixture annotation refused: ${outcome.reason}`);
  }
}

function edit(store: ReturnType<typeof createInventoryStore>, lesionId: string, change: object): void {
  const outcome = store.updateLesion(lesionId, change);
  if (!outcome.ok) throw new Error(`fixture edit refused: ${outcome.reason}`);
}

/**
 * L1-L5: the sample case with its sites (L1 carries a formula-like note, L4 a note with a
 * comma, quotes and a line break, L2 a T2 override). L6: measured in pixels on an image
 * without pixel spacing. L7: a fatty focus of -12.5 HU whose T2 ROI has no muscle
 * reference. L8: a water-density focus measured at exactly 0 HU.
 */
export function sampleInventory(options: { readonly teaching?: boolean } = {}): EmhInventory {
  const store = createInventoryStore();
  upsertAll(store, sampleCaseAnnotations());
  for (const t of LESION_TRUTH) edit(store, t.id, { site: t.site, laterality: t.laterality });
  edit(store, 'L1', { notes: HYPERLINK_NOTE });
  edit(store, 'L4', { notes: AWKWARD_NOTE });
  edit(store, 'L2', { t2Override: 'markedly-hypo' });

  upsertAll(store, [
    axesAnnotation('ax-L6', CT_PLAIN, 40, 30, 20, 'L6', null),
    axesAnnotation('ax-L7', CT_PLAIN, 38, 18, 12, 'L7'),
    huAnnotation('hu-L7', CT_PLAIN, 38, 'lesion', -12.5, 'L7'),
    t2FatSatRoi('t2fs-L7', 'L7', 650),
    axesAnnotation('ax-L8', CT_PLAIN, 26, 15, 12, 'L8'),
    huAnnotation('hu-L8', CT_PLAIN, 26, 'lesion', 0, 'L8', { sd: 6, min: -14, max: 15 }),
  ]);
  edit(store, 'L6', { site: 'other', siteText: 'Renal hilum', laterality: 'left' });
  edit(store, 'L7', { site: 'paraspinal-lumbar', laterality: 'right', notes: '-12.5 HU: fat, old EMH?' });
  edit(store, 'L8', { site: 'liver' });

  return store.inventory({ patient: PATIENT, studies: STUDIES, teaching: options.teaching === true });
}

/** Liver 50 / 52 / 54 HU and spleen 60 HU on the plain CT: liver minus spleen -8 HU. */
export function fattyLiverInventory(): EmhInventory {
  const store = createInventoryStore();
  upsertAll(store, [
    huAnnotation('liver-a', CT_PLAIN, 28, 'liver', 50),
    huAnnotation('liver-b', CT_PLAIN, 30, 'liver', 52),
    huAnnotation('liver-c', CT_PLAIN, 32, 'liver', 54, undefined, { areaMm2: null }),
    huAnnotation('spleen-a', CT_PLAIN, 30, 'spleen', 60),
  ]);
  return store.inventory({ patient: PATIENT, studies: STUDIES });
}

/** The sample lesions repeated to `count` rows (ids L1 ... Ln), warnings alongside. */
export function manyLesions(base: EmhInventory, count: number): EmhInventory {
  const lesions = Array.from({ length: count }, (_, i) => {
    const source = base.lesions[i % base.lesions.length];
    if (source === undefined) throw new Error('base inventory has no lesions');
    return { ...source, id: `L${i + 1}` };
  });
  const warnings = lesions.flatMap((lesion, i) => {
    const sourceId = base.lesions[i % base.lesions.length]?.id;
    return base.warnings.filter((w) => w.lesionId === sourceId).map((w) => ({ ...w, lesionId: lesion.id }));
  });
  return { ...base, lesions, warnings };
}
