/**
 * Large and random inventory states for the tests that pin `buildInventory`'s output
 * (lesionInventory.scale.test.ts). Built as plain state rather than through the store:
 * 4,000 upserts through the store take seconds in Node (every commit diffs the whole
 * state), and the test checks separately that this builder and the store agree.
 */

import { withLesionId, type EmhAnnotation, type EmhSeriesInfo } from './annotationTypes';
import type { ContrastState } from '../../liver/rules/contrastState';
import type { InventoryContext, InventoryState, LesionRecord, SeriesOverride } from './inventoryTypes';
import { applyLesionEdit, newLesionRecord } from '../../lesions/rules/lesionEdit';
import type { LiverCall } from '../../liver/rules/liverAttenuation';
import {
  CT_PLAIN,
  CT_PORTAL,
  CT_STUDY,
  LESION_TRUTH,
  MR_T1,
  MR_STUDY,
  MR_T2,
  MUSCLE_T1,
  MUSCLE_T2,
  axesAnnotation,
  huAnnotation,
  imageRef,
  sampleCaseAnnotations,
  signalAnnotation,
} from './sampleCase.fixture';
import type { Weighting } from '../../signal/rules/seriesWeighting';
import { SIGNAL_CALLS } from '../../signal/rules/signalRatio';
import { EMH_SITES, LATERALITIES } from '../../lesions/rules/sites';
import { seededRandom } from '../../../../src/util/seededRandom';

/** The UUID form of the bench's case (bench/suites/exports/page/manyLesionCase.ts). */
export function benchUuid(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

/** Patient and studies as the viewer passes them (the SR fixtures' CASE_CONTEXT, copied so these pins stay put). */
export const CONTEXT: InventoryContext = {
  patient: { name: 'EMH^Phantom', id: 'EMH-0001', sex: 'M', age: '034Y', birthDate: null },
  studies: [
    { studyInstanceUID: CT_STUDY, description: 'CT CHEST ABDOMEN PELVIS', date: '20240115', accessionNumber: 'ACC-CT-1' },
    { studyInstanceUID: MR_STUDY, description: 'MR SPINE AND PELVIS', date: '20240116', accessionNumber: 'ACC-MR-1' },
  ],
};

const FIRST_INSTANCE = 5;
const INSTANCES = 50;
const NOTE = 'Läsion, "lobulated"; ≥ 2 cm, compare 2019 CT';

/** One step of the bench's recipe, so the store path and the plain-state path replay the same thing. */
export type ManyLesionStep =
  | { readonly op: 'upsert'; readonly annotation: EmhAnnotation }
  | { readonly op: 'edit'; readonly lesionId: string; readonly edit: Parameters<typeof applyLesionEdit>[1] }
  | { readonly op: 'liver'; readonly call: LiverCall }
  | { readonly op: 'contrast'; readonly series: string; readonly contrast: ContrastState };

/** The exports bench's 1,000-lesion case (manyLesionCase.ts), step by step. */
export function manyLesionSteps(count: number): ManyLesionStep[] {
  const steps: ManyLesionStep[] = [];
  let uid = 0;
  const add = (annotation: EmhAnnotation) =>
    steps.push({ op: 'upsert', annotation: { ...annotation, annotationUID: benchUuid((uid += 1)) } });
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
    steps.push({
      op: 'edit',
      lesionId: id,
      edit: {
        site: other ? 'other' : truth.site,
        ...(other ? { siteText: 'Renal hilum' } : {}),
        laterality: truth.laterality,
        ...(i % 10 === 3 ? { notes: NOTE } : {}),
        ...(i % 7 === 2 ? { t2Override: 'markedly-hypo' } : {}),
      },
    });
  }
  steps.push({ op: 'liver', call: 'within' });
  steps.push({ op: 'contrast', series: CT_PLAIN, contrast: 'unenhanced' });
  steps.push({ op: 'contrast', series: MR_T1, contrast: 'enhanced' });
  return steps;
}

/**
 * The state the store reaches after these steps, written directly (what upsert with an
 * explicit new lesion id, updateLesion and setSeriesContrast do to the state).
 */
export function stateFromSteps(steps: readonly ManyLesionStep[]): InventoryState {
  const lesions: LesionRecord[] = [];
  const index = new Map<string, number>();
  const annotations: EmhAnnotation[] = [];
  const seriesOverrides: Record<string, SeriesOverride> = {};
  let liverCallOverride: LiverCall | null = null;
  for (const step of steps) {
    if (step.op === 'upsert') {
      const id = step.annotation.lesionId ?? null;
      if (id !== null && !index.has(id)) {
        index.set(id, lesions.length);
        lesions.push(newLesionRecord(id, false));
      }
      annotations.push(withLesionId(step.annotation, id));
    } else if (step.op === 'edit') {
      const at = index.get(step.lesionId);
      if (at === undefined) throw new Error(`No lesion ${step.lesionId}`);
      lesions[at] = applyLesionEdit(lesions[at]!, step.edit);
    } else if (step.op === 'liver') {
      liverCallOverride = step.call;
    } else {
      const current = seriesOverrides[step.series] ?? { weighting: null, contrast: null };
      seriesOverrides[step.series] = { ...current, contrast: step.contrast };
    }
  }
  return { lesions, annotations, seriesOverrides, liverCallOverride, statusMarks: [] };
}

// ---------------------------------------------------------------- random states

const MR_PD = '1.2.826.0.1.3680043.10.1.2.3';
const MR_UNKNOWN = '1.2.826.0.1.3680043.10.1.2.4';
const CT_OTHER = '1.2.826.0.1.3680043.10.1.1.9';

/** Series beyond the sample's: a PD series, an MR series of unknown weighting, a CT without description. */
const EXTRA_SERIES: Readonly<Record<string, EmhSeriesInfo>> = {
  [MR_PD]: { modality: 'MR', description: 'AX PD FS', weighting: 'PD', contrast: 'unknown' },
  [MR_UNKNOWN]: { modality: 'MR', description: '', weighting: 'unknown', contrast: 'unknown' },
  [CT_OTHER]: { modality: 'CT', description: '', weighting: 'unknown', contrast: 'unknown' },
};

const WEIGHTING_CHOICES: readonly (Weighting | null)[] = [null, null, 'T1', 'T2', 'PD', 'unknown'];
const CONTRAST_CHOICES: readonly (ContrastState | null)[] = [null, null, 'unenhanced', 'enhanced', 'unknown'];

/**
 * A state that takes the paths the bench case does not: uncalibrated and mm axes, several
 * measurements per lesion, lesions without annotations, ROIs on series of unknown or PD
 * weighting, missing muscle references, far or unplaced ones, small and area-less ROIs,
 * mixed contrast states and every kind of override.
 */
export function randomState(seed: number): InventoryState {
  const rnd = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
  const chance = (p: number): boolean => rnd() < p;
  let uid = 0;
  const nextUid = () => `r${seed}-${(uid += 1)}`;
  const withSeries = <A extends EmhAnnotation>(a: A, series: string): A => {
    const extra = EXTRA_SERIES[series];
    return extra ? { ...a, series: extra, ref: imageRef(series, a.ref.instanceNumber ?? 1) } : a;
  };
  const maybeUnplaced = <A extends EmhAnnotation>(a: A): A => (chance(0.1) ? { ...a, slicePositionMm: null } : a);
  const stats = () => ({
    ...(chance(0.15) ? { areaMm2: chance(0.5) ? null : 40 } : {}),
    ...(chance(0.15) ? { pixelCount: 12 } : {}),
  });

  const lesions: LesionRecord[] = [];
  const annotations: EmhAnnotation[] = [];
  const lesionCount = Math.floor(rnd() * 9);
  for (let i = 0; i < lesionCount; i += 1) {
    const id = `L${i + 1 + (chance(0.2) ? 10 : 0)}`;
    if (lesions.some((l) => l.id === id)) continue;
    let record = newLesionRecord(id, chance(0.3));
    if (chance(0.7)) {
      record = applyLesionEdit(record, {
        site: chance(0.15) ? null : pick(EMH_SITES),
        laterality: chance(0.4) ? null : pick(LATERALITIES),
        ...(chance(0.3) ? { siteText: pick(['Renal hilum', '  ', 'Pleura']) } : {}),
        ...(chance(0.3) ? { notes: pick(['', NOTE, '=1+1']) } : {}),
        ...(chance(0.3) ? { t1Override: pick([null, ...SIGNAL_CALLS]) } : {}),
        ...(chance(0.3) ? { t2Override: pick([null, ...SIGNAL_CALLS]) } : {}),
      });
    }
    lesions.push(record);
  }

  // A restored snapshot may carry a lesion id on a muscle, liver or spleen ROI; the rows take it as the lesion's.
  const stray = <A extends EmhAnnotation>(a: A): A =>
    a.lesionId === undefined && lesions.length > 0 && chance(0.08) ? { ...a, lesionId: pick(lesions).id } : a;
  const addFor = (lesionId: string | undefined) => {
    const instance = 1 + Math.floor(rnd() * 60);
    const kind = rnd();
    if (kind < 0.3 && lesionId !== undefined) {
      const spacing = chance(0.2)
        ? null
        : pick<readonly [number, number]>([
            [1.5, 1.5],
            [0.7, 0.9],
          ]);
      const long = 5 + rnd() * 80;
      let axes = axesAnnotation(
        nextUid(),
        pick([CT_PLAIN, CT_PORTAL, MR_T1, MR_T2, CT_OTHER]),
        instance,
        long,
        long * rnd(),
        lesionId,
        spacing,
      );
      if (chance(0.15)) {
        axes = {
          ...axes,
          axes: {
            space: 'mm',
            longAxis: [
              [0, 0, 0],
              [long, 3, 1],
            ],
            shortAxis: [
              [1, 1, 1],
              [2, long / 2, 1],
            ],
          },
        };
      }
      annotations.push(maybeUnplaced(withSeries(axes, axes.ref.seriesInstanceUID)));
    } else if (kind < 0.55) {
      const organ = lesionId !== undefined ? 'lesion' : pick(['liver', 'liver', 'spleen'] as const);
      const series = pick([CT_PLAIN, CT_PLAIN, CT_PORTAL, CT_OTHER]);
      const hu = huAnnotation(nextUid(), series, instance, organ, -20 + rnd() * 150, lesionId, stats());
      annotations.push(stray(maybeUnplaced(withSeries(hu, series))));
    } else {
      const series = pick([MR_T1, MR_T2, MR_T1, MR_T2, MR_PD, MR_UNKNOWN]);
      const role = lesionId !== undefined ? 'lesion' : 'muscle';
      const mean = role === 'muscle' && chance(0.1) ? 0 : 50 + rnd() * 500;
      const roi = signalAnnotation(nextUid(), series, instance, role, mean, lesionId, stats());
      annotations.push(stray(maybeUnplaced(withSeries(roi, series))));
    }
  };
  const total = Math.floor(rnd() * 40);
  for (let i = 0; i < total; i += 1) {
    const lesion = lesions.length > 0 && chance(0.7) ? pick(lesions) : null;
    addFor(lesion?.id);
  }

  const seriesOverrides: Record<string, SeriesOverride> = {};
  for (const series of [CT_PLAIN, CT_PORTAL, MR_T1, MR_T2, MR_PD, MR_UNKNOWN, CT_OTHER]) {
    const override = { weighting: pick(WEIGHTING_CHOICES), contrast: pick(CONTRAST_CHOICES) };
    if (override.weighting !== null || override.contrast !== null) seriesOverrides[series] = override;
  }
  const liverCallOverride = pick<LiverCall | null>([null, null, 'below', 'within', 'above', 'none']);
  return { lesions, annotations, seriesOverrides, liverCallOverride, statusMarks: [] };
}
