/**
 * The sample case over two time points, as the SR tests need it (docs/follow-up.md, the
 * follow-up sample of sample-dicom/truth.json `followUp`): the baseline CT 2024-03-12 and MR
 * 2024-03-14, the follow-up CT 2024-09-10 and MR 2024-09-12 with L1 and L4 smaller, L1 turning
 * T1 and T2 hyperintense, L2 stable, L3 resolved, L5 smaller, a new lesion, liver 103 -> 88 HU.
 */

import type { EmhAnnotation, EmhSeriesInfo } from '../../inventory/rules/annotationTypes';
import { createInventoryStore, type EmhInventoryStore } from '../../inventory/rules/inventoryStore';
import type { InventoryContext } from '../../inventory/rules/inventoryTypes';
import {
  CT_PLAIN,
  CT_STUDY,
  LESION_TRUTH,
  MR_STUDY,
  MR_T1,
  MR_T2,
  MUSCLE_INSTANCES,
  MUSCLE_T1,
  MUSCLE_T2,
  SERIES,
  axesAnnotation,
  huAnnotation,
  sampleCaseAnnotations,
  signalAnnotation,
} from '../../inventory/rules/sampleCase.fixture';
import { CT_IMAGE_STORAGE, MR_IMAGE_STORAGE, sampleImageFacts, sampleOutline } from './sampleReport.fixture';
import type { ImageRef } from '../../inventory/rules/common';
import type { ImageFacts, MeasurementReportInput } from './srTypes';
import type { TimepointReport } from './srTimepoint';

export const FU_CT_STUDY = '1.2.826.0.1.3680043.10.2.1';
export const FU_MR_STUDY = '1.2.826.0.1.3680043.10.2.2';
export const FU_CT_PLAIN = '1.2.826.0.1.3680043.10.2.1.1';
export const FU_MR_T1 = '1.2.826.0.1.3680043.10.2.2.1';
export const FU_MR_T2 = '1.2.826.0.1.3680043.10.2.2.2';

const FOLLOW_UP_SERIES: Readonly<Record<string, { study: string; baseline: string }>> = {
  [FU_CT_PLAIN]: { study: FU_CT_STUDY, baseline: CT_PLAIN },
  [FU_MR_T1]: { study: FU_MR_STUDY, baseline: MR_T1 },
  [FU_MR_T2]: { study: FU_MR_STUDY, baseline: MR_T2 },
};

export const STUDY_DATES: Readonly<Record<string, string>> = {
  [CT_STUDY]: '20240312',
  [MR_STUDY]: '20240314',
  [FU_CT_STUDY]: '20240910',
  [FU_MR_STUDY]: '20240912',
};

export const FOLLOW_UP_CONTEXT: InventoryContext = {
  patient: { name: 'EMH^Phantom', id: 'EMH-0001', sex: 'M', age: '034Y', birthDate: null },
  studies: Object.entries(STUDY_DATES).map(([studyInstanceUID, date]) => ({
    studyInstanceUID,
    date,
    description: null,
    accessionNumber: `ACC-${date}`,
  })),
};

/** The annotation dated by its study; a baseline-series annotation moved to the follow-up series. */
function dated(annotation: EmhAnnotation, followUpSeries?: string): EmhAnnotation {
  const series = followUpSeries ?? annotation.ref.seriesInstanceUID;
  const study = followUpSeries ? FOLLOW_UP_SERIES[followUpSeries]!.study : annotation.ref.studyInstanceUID;
  const info: EmhSeriesInfo = { ...annotation.series, studyDate: STUDY_DATES[study]! };
  const ref = followUpSeries
    ? {
        ...annotation.ref,
        studyInstanceUID: study,
        seriesInstanceUID: series,
        sopInstanceUID: `${series}.${annotation.ref.instanceNumber}`,
      }
    : annotation.ref;
  return { ...annotation, ref, series: info };
}

const FOLLOW_UP_SIZES: Readonly<Record<string, readonly [number, number]>> = { L1: [30, 20], L2: [36, 24], L4: [75, 40], L5: [26, 23] };
const FOLLOW_UP_RATIOS: Readonly<Record<string, readonly [number, number]>> = { L1: [1.6, 1.2] };

/** The follow-up's annotations; the new lesion's come without a lesion id, as drawn by hand. */
function followUpAnnotations(): EmhAnnotation[] {
  const out: EmhAnnotation[] = [];
  for (const instance of MUSCLE_INSTANCES) {
    out.push(dated(signalAnnotation(`fu-m-t1-${instance}`, MR_T1, instance, 'muscle', MUSCLE_T1), FU_MR_T1));
    out.push(dated(signalAnnotation(`fu-m-t2-${instance}`, MR_T2, instance, 'muscle', MUSCLE_T2), FU_MR_T2));
  }
  for (const t of LESION_TRUTH) {
    const size = FOLLOW_UP_SIZES[t.id];
    if (!size) continue;
    const [t1, t2] = FOLLOW_UP_RATIOS[t.id] ?? [t.t1Ratio, t.t2Ratio];
    out.push(dated(axesAnnotation(`fu-ax-${t.id}`, CT_PLAIN, t.instance, size[0], size[1], t.id), FU_CT_PLAIN));
    out.push(dated(huAnnotation(`fu-hu-${t.id}`, CT_PLAIN, t.instance, 'lesion', t.ctHU, t.id), FU_CT_PLAIN));
    out.push(dated(signalAnnotation(`fu-t1-${t.id}`, MR_T1, t.instance, 'lesion', MUSCLE_T1 * t1, t.id), FU_MR_T1));
    out.push(dated(signalAnnotation(`fu-t2-${t.id}`, MR_T2, t.instance, 'lesion', MUSCLE_T2 * t2, t.id), FU_MR_T2));
  }
  out.push(dated(huAnnotation('fu-liver-left', CT_PLAIN, 28, 'liver', 86), FU_CT_PLAIN));
  out.push(dated(huAnnotation('fu-liver-right', CT_PLAIN, 30, 'liver', 90), FU_CT_PLAIN));
  out.push(dated(huAnnotation('fu-spleen', CT_PLAIN, 30, 'spleen', 62), FU_CT_PLAIN));
  return out;
}

/** The session that measured both time points and marked L3 resolved on the follow-up. */
export function followUpStore(): EmhInventoryStore {
  const store = createInventoryStore();
  const add = (annotation: EmhAnnotation) => {
    const outcome = store.upsert(annotation);
    if (!outcome.ok) throw new Error(outcome.reason);
    return outcome.value;
  };
  sampleCaseAnnotations().forEach((a) => add(dated(a)));
  for (const t of LESION_TRUTH) store.updateLesion(t.id, { site: t.site, laterality: t.laterality });
  store.updateLesion('L4', { notes: 'Presacral mass' });
  followUpAnnotations().forEach(add);
  // The new paraspinal lesion, drawn with no lesion selected: the store numbers it.
  const created = add(dated(axesAnnotation('fu-ax-new', CT_PLAIN, 40, 24, 16), FU_CT_PLAIN));
  const id = created.lesionId!;
  add(dated(huAnnotation('fu-hu-new', CT_PLAIN, 40, 'lesion', 48, id), FU_CT_PLAIN));
  add(dated(signalAnnotation('fu-t1-new', MR_T1, 40, 'lesion', MUSCLE_T1, id), FU_MR_T1));
  add(dated(signalAnnotation('fu-t2-new', MR_T2, 40, 'lesion', MUSCLE_T2 * 0.6, id), FU_MR_T2));
  store.updateLesion(id, { site: 'paraspinal-lumbar', laterality: 'right' });
  const marked = store.setStatusMark('L3', [{ studyInstanceUID: FU_CT_STUDY, date: '20240910' }], 'resolved');
  if (!marked.ok) throw new Error(marked.reason);
  return store;
}

/** Image facts of both time points' series (same geometry; the table shift is irrelevant here). */
export function followUpImageFacts(ref: ImageRef): ImageFacts | null {
  const followUp = FOLLOW_UP_SERIES[ref.seriesInstanceUID];
  if (!followUp) return sampleImageFacts(ref);
  const modality = SERIES[followUp.baseline]!.info.modality;
  const facts = sampleImageFacts({ ...ref, seriesInstanceUID: followUp.baseline });
  return facts && { ...facts, sopClassUID: modality === 'CT' ? CT_IMAGE_STORAGE : MR_IMAGE_STORAGE };
}

/** The writer's input for one time point's report. */
export function followUpReportInput(report: TimepointReport, now: Date): MeasurementReportInput {
  return {
    inventory: report.inventory,
    annotations: report.annotations,
    statuses: report.statuses,
    filedIn: report.filedIn,
    images: followUpImageFacts,
    roiOutline: sampleOutline,
    now,
  };
}
