/**
 * The worked-up sample case (docs/sample-case.md#truth-table) as the SR tests need it: a store
 * holding every annotation of the case, the radiologist's edits (sites, an override, non-ASCII
 * notes, an `other` lesion with no annotation yet), image facts consistent with the sample series,
 * and ellipse outlines for the ROIs (the domain keeps ROI statistics only).
 */

import type { EmhAnnotation, HuRoiAnnotation, SignalRoiAnnotation } from '../../inventory/rules/annotationTypes';
import type { ImageRef } from '../../inventory/rules/common';
import { cross } from '../../../../src/geometry/vec3';
import { createInventoryStore, type EmhInventoryStore } from '../../inventory/rules/inventoryStore';
import type { EmhInventory, InventoryContext } from '../../inventory/rules/inventoryTypes';
import {
  CT_PLAIN,
  CT_STUDY,
  LESION_TRUTH,
  MR_T1,
  MR_T2,
  axesAnnotation,
  huAnnotation,
  signalAnnotation,
  MR_STUDY,
  SERIES,
  SPACING_MM,
  sampleCaseAnnotations,
  slicePosition,
} from '../../inventory/rules/sampleCase.fixture';
import type { EllipseIndexPoints, ImageFacts, MeasurementReportInput } from './srTypes';
import { nameUid } from './srUids';

export const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';
export const MR_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.4';

export const NOTE_L2 = 'Läsion é: lobulated, ≥ 2 cm; "quoted" & <angled>';
export const OTHER_SITE_TEXT = 'Left psoas, near L3';

export const CASE_CONTEXT: InventoryContext = {
  patient: { name: 'EMH^Phantom', id: 'EMH-0001', sex: 'M', age: '034Y', birthDate: null },
  studies: [
    {
      studyInstanceUID: CT_STUDY,
      description: 'CT CHEST ABDOMEN PELVIS',
      date: '20240115',
      accessionNumber: 'ACC-CT-1',
    },
    { studyInstanceUID: MR_STUDY, description: 'MR SPINE AND PELVIS', date: '20240116', accessionNumber: 'ACC-MR-1' },
  ],
};

/** The sample case with sites, an override, a note and an annotation-less `other` lesion. */
export function sampleStore(): EmhInventoryStore {
  const store = createInventoryStore();
  for (const annotation of sampleCaseAnnotations()) {
    const outcome = store.upsert(annotation);
    if (!outcome.ok) throw new Error(outcome.reason);
  }
  for (const truth of LESION_TRUTH) {
    const edit = store.updateLesion(truth.id, { site: truth.site, laterality: truth.laterality });
    if (!edit.ok) throw new Error(edit.reason);
  }
  const edits: [string, object][] = [
    ['L2', { notes: NOTE_L2 }],
    ['L1', { t2Override: 'markedly-hypo' }],
    ['L4', { t1Override: 'hypo', notes: 'Presacral mass, second line\nwith a line break' }],
  ];
  for (const [id, edit] of edits) {
    const result = store.updateLesion(id, edit);
    if (!result.ok) throw new Error(result.reason);
  }
  store.newLesion({ site: 'other', siteText: OTHER_SITE_TEXT, laterality: 'left', notes: 'Seen on CT only' });
  return store;
}

/**
 * The sample case with every case-level decision made: a liver call override (automatic:
 * above, at 103 HU), a confirmed unenhanced CT, a post-contrast T1 and a T2 series read as STIR.
 */
export function decidedStore(): EmhInventoryStore {
  const store = sampleStore();
  store.setLiverCallOverride('within');
  store.setSeriesContrast(CT_PLAIN, 'unenhanced');
  store.setSeriesContrast(MR_T1, 'enhanced');
  store.setSeriesWeighting(MR_T2, 'STIR');
  return store;
}

/** SOP class, spacing and geometry as the sample generator writes them (256 x 256, 1.5 mm). */
export function sampleImageFacts(ref: ImageRef): ImageFacts | null {
  const series = SERIES[ref.seriesInstanceUID];
  if (!series) return null;
  const instance = ref.instanceNumber ?? 1;
  const half = (256 * SPACING_MM) / 2;
  return {
    sopClassUID: series.info.modality === 'CT' ? CT_IMAGE_STORAGE : MR_IMAGE_STORAGE,
    modality: series.info.modality,
    pixelSpacing: [SPACING_MM, SPACING_MM],
    imagePositionPatient: [-half + SPACING_MM / 2, -half + SPACING_MM / 2, slicePosition(instance)],
    imageOrientationPatient: [1, 0, 0, 0, 1, 0],
  };
}

/**
 * An ellipse whose area matches the ROI's, placed at a spot that differs per ROI so a
 * mix-up between groups shows; the major axis is drawn second to check the reordering.
 */
export function sampleOutline(annotation: SignalRoiAnnotation | HuRoiAnnotation): EllipseIndexPoints | null {
  const area = annotation.stats.areaMm2 ?? 200;
  const major = Math.sqrt(area / Math.PI / 0.8) / SPACING_MM;
  const minor = major * 0.8;
  let seed = 0;
  for (const char of annotation.annotationUID) seed = (seed * 31 + char.charCodeAt(0)) % 97;
  const [c, r] = [90 + seed + 0.25, 120 + (seed % 13) + 0.75];
  return [
    [c, r - minor],
    [c, r + minor],
    [c - major, r],
    [c + major, r],
  ];
}

/** Fixed UIDs and time, so two writes of the same case give the same bytes. */
export function deterministicUids(prefix = '1.2.826.0.1.3680043.10.99'): () => string {
  let n = 0;
  return () => `${prefix}.${(n += 1)}`;
}

export const FIXED_NOW = new Date(Date.UTC(2024, 0, 17, 9, 30, 5));

/**
 * The inventory with each lesion's tracking UID named after its id: a store makes them at
 * random, and two writes of the same case must give the same bytes.
 */
export function fixedTrackingUids(inventory: EmhInventory): EmhInventory {
  return { ...inventory, lesions: inventory.lesions.map((l) => ({ ...l, trackingUid: nameUid(`sample-lesion:${l.id}`) })) };
}

export function sampleReportInput(store: EmhInventoryStore = sampleStore()): MeasurementReportInput {
  const annotations: readonly EmhAnnotation[] = store.state().annotations;
  return {
    inventory: fixedTrackingUids(store.inventory(CASE_CONTEXT)),
    annotations,
    images: sampleImageFacts,
    roiOutline: sampleOutline,
    observerName: 'Radiologist^Test',
    now: FIXED_NOW,
    newUid: deterministicUids(),
  };
}

/**
 * The paths the sample case does not take: an uncalibrated size (pixels, never mm), ROIs
 * without outlines (cited by image), an override with no automatic call beside it (no
 * muscle reference), an `other` lesion with no words for its site.
 */
export function edgeCaseReportInput(): MeasurementReportInput {
  const store = createInventoryStore();
  const add = (annotation: EmhAnnotation) => {
    const outcome = store.upsert(annotation);
    if (!outcome.ok) throw new Error(outcome.reason);
  };
  add(axesAnnotation('edge-axes', CT_PLAIN, 15, 42, 28, undefined, null));
  add(huAnnotation('edge-hu', CT_PLAIN, 15, 'lesion', 40, 'L1'));
  add(signalAnnotation('edge-t1', MR_T1, 15, 'lesion', 300, 'L1'));
  store.newLesion({ site: 'other' });
  const edit = store.updateLesion('L1', { site: 'presacral', t1Override: 'hyper' });
  if (!edit.ok) throw new Error(edit.reason);
  return {
    inventory: fixedTrackingUids(store.inventory(CASE_CONTEXT)),
    annotations: store.state().annotations,
    images: sampleImageFacts,
    now: FIXED_NOW,
    newUid: deterministicUids(),
  };
}

/**
 * One MR T2 series scanned double-oblique (15 degrees about z, then 20 about the row) with
 * non-square pixels: 0.8 mm between rows, 1.2 mm between columns.
 */
export const OBLIQUE_SPACING: readonly [number, number] = [0.8, 1.2];
const ROW_DIRECTION = [Math.cos(Math.PI / 12), Math.sin(Math.PI / 12), 0] as const;
const COLUMN_DIRECTION = [
  -Math.sin(Math.PI / 12) * Math.cos(Math.PI / 9),
  Math.cos(Math.PI / 12) * Math.cos(Math.PI / 9),
  Math.sin(Math.PI / 9),
] as const;

/** The sample facts, but MR T2 oblique and non-square; slices stay `slicePosition` apart along the normal. */
export function obliqueImageFacts(ref: ImageRef): ImageFacts | null {
  const facts = sampleImageFacts(ref);
  if (!facts || ref.seriesInstanceUID !== MR_T2) return facts;
  const [r, c] = [ROW_DIRECTION, COLUMN_DIRECTION];
  const normal = cross(r, c);
  const along = slicePosition(ref.instanceNumber ?? 1);
  const [rowMm, columnMm] = [128 * OBLIQUE_SPACING[1], 128 * OBLIQUE_SPACING[0]];
  return {
    ...facts,
    pixelSpacing: OBLIQUE_SPACING,
    imagePositionPatient: normal.map((n, i) => n * along - r[i]! * rowMm - c[i]! * columnMm),
    imageOrientationPatient: [...r, ...c],
  };
}

/**
 * Every kind of content the writer has, once, in a report small enough for PixelMed's
 * template validator (its run time grows with the content tree): lesion axes on CT and on
 * the oblique non-square T2, HU ROIs of a lesion, the liver and the spleen, T1 and T2
 * signal ROIs of a lesion and of muscle, an override, a non-ASCII note, an `other` lesion
 * described in words, the liver call override and every series decision.
 */
export function allKindsReportInput(): MeasurementReportInput {
  const store = createInventoryStore();
  const add = (annotation: EmhAnnotation) => {
    const outcome = store.upsert(annotation);
    if (!outcome.ok) throw new Error(outcome.reason);
  };
  add(axesAnnotation('ax-L1', CT_PLAIN, 15, 42, 28, 'L1'));
  add(huAnnotation('hu-L1', CT_PLAIN, 15, 'lesion', 48, 'L1'));
  add(signalAnnotation('t1-L1', MR_T1, 15, 'lesion', 400, 'L1'));
  add(signalAnnotation('t2-L1', MR_T2, 15, 'lesion', 180, 'L1'));
  add(signalAnnotation('m-t1-15', MR_T1, 15, 'muscle', 400));
  add(signalAnnotation('m-t2-15', MR_T2, 15, 'muscle', 300));
  add(huAnnotation('liver-1', CT_PLAIN, 30, 'liver', 103));
  add(huAnnotation('spleen-1', CT_PLAIN, 30, 'spleen', 62));
  add(axesAnnotation('ax-L2-t2', MR_T2, 20, 30, 20, 'L2', OBLIQUE_SPACING));
  const edits: [string, object][] = [
    ['L1', { site: 'paraspinal-thoracic', laterality: 'right', t2Override: 'markedly-hypo', notes: NOTE_L2 }],
    ['L2', { site: 'presacral' }],
  ];
  for (const [id, edit] of edits) {
    const result = store.updateLesion(id, edit);
    if (!result.ok) throw new Error(result.reason);
  }
  store.newLesion({ site: 'other', siteText: OTHER_SITE_TEXT, laterality: 'left' });
  store.setLiverCallOverride('within');
  store.setSeriesContrast(CT_PLAIN, 'unenhanced');
  store.setSeriesContrast(MR_T1, 'enhanced');
  store.setSeriesWeighting(MR_T2, 'STIR');
  return { ...sampleReportInput(store), images: obliqueImageFacts };
}

/** The restore options a host with the sample images loaded would pass. */
export const restoreOptions = {
  seriesInfo: (ref: { seriesInstanceUID: string | null }) => SERIES[ref.seriesInstanceUID ?? '']?.info ?? null,
  instanceNumber: (ref: { sopInstanceUID: string }) => Number(ref.sopInstanceUID.split('.').pop()),
};

/**
 * Inventory JSON without the annotation UIDs (which a restore may rename), numbers to 1e-4
 * (SCOORD points are float32, so axis lengths recomputed from them move by ~4e-6 mm) and
 * series sorted (their order is the order annotations arrived in, which an SR does not keep).
 */
export function comparable(inventory: EmhInventory): unknown {
  const series = [...inventory.series].sort((a, b) => a.seriesInstanceUID.localeCompare(b.seriesInstanceUID));
  return JSON.parse(
    JSON.stringify({ ...inventory, series }, (key, v: unknown) => {
      // Tracking UIDs are random per lesion until the SR carries them back.
      if (key === 'trackingUid') return undefined;
      if (/UID$/.test(key) && key !== 'studyInstanceUID' && key !== 'seriesInstanceUID' && key !== 'sopInstanceUID') return undefined;
      return typeof v === 'number' ? Math.round(v * 1e4) / 1e4 : v;
    }),
  );
}
