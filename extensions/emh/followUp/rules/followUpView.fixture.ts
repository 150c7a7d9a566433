/**
 * The sample follow-up as the change view reads it (sample-dicom/truth.json, key followUp):
 * baseline T1 (CT 2024-03-12, MR 2024-03-14) and follow-up T2 (CT 2024-09-10, MR 2024-09-12).
 * L1 42 -> 30 mm turning fatty, L2 stable, L3 resolved, L4 100 -> 75, L5 29 -> 26, L6 new;
 * liver 103 -> 88 HU.
 */

import type { EmhInventory, InventoryRef } from '../../inventory/rules/inventoryTypes';
import type { SignalCall } from '../../signal/rules/signalRatio';
import type { FollowUpHint, LesionStatus, LesionTimepointValues, LongAxisChange } from './followUpTypes';
import type { FollowUpLesion, FollowUpView, InventoryWithFollowUp } from './followUpView';

export const BASELINE_CT = '2.25.107742431600135018728543056137116576183';
export const BASELINE_MR = '2.25.211230843397338782368881570767603553021';
export const FOLLOW_UP_CT = '2.25.900000000000000000000000000000000000001';
export const FOLLOW_UP_MR = '2.25.900000000000000000000000000000000000002';
export const BASELINE_CT_SERIES = '2.25.1798543180086927296018940035386463797';
export const FOLLOW_UP_CT_SERIES = '2.25.900000000000000000000000000000000000011';

interface Visit {
  readonly status: LesionStatus;
  readonly long: number | null;
  readonly short: number | null;
  readonly hu: number | null;
  readonly t1: SignalCall | null;
  readonly t2: SignalCall | null;
}

const DATES: Readonly<Record<string, string>> = { T1: '20240312', T2: '20240910' };

function history(visits: Readonly<Record<string, Visit>>): LesionTimepointValues[] {
  return Object.entries(visits).map(([timepoint, v]) => ({
    timepoint,
    date: DATES[timepoint] ?? null,
    status: v.status,
    longAxisMm: v.long,
    shortAxisMm: v.short,
    ctMeanHU: v.hu,
    t1Call: v.t1,
    t2Call: v.t2,
  }));
}

function ref(study: string, series: string, instance: number): InventoryRef {
  return {
    annotationUID: `fixture-${series}-${instance}`,
    kind: 'lesionAxes',
    studyInstanceUID: study,
    seriesInstanceUID: series,
    sopInstanceUID: `${series}.${instance}`,
    frame: 0,
    instanceNumber: instance,
    modality: 'CT',
    seriesDescription: 'CT CHEST ABDOMEN PELVIS WITHOUT CONTRAST',
  };
}

const change = (fromPriorPct: number | null, fromBaselinePct: number | null, fromNadirPct: number | null): LongAxisChange => ({
  fromPriorPct,
  fromBaselinePct,
  fromNadirPct,
});

function lesion(
  id: string,
  siteLabel: string,
  visits: Readonly<Record<string, Visit>>,
  latest: LongAxisChange,
  slice: number,
  hints: readonly FollowUpHint[] = [],
): FollowUpLesion {
  const rows = history(visits);
  const measuredAtFollowUp = rows.at(-1)?.timepoint === 'T2' && rows.at(-1)?.longAxisMm !== null;
  return {
    id,
    siteLabel,
    status: rows.at(-1)?.status ?? 'measured',
    history: rows,
    change: latest,
    followUpHints: hints,
    refs: [measuredAtFollowUp ? ref(FOLLOW_UP_CT, FOLLOW_UP_CT_SERIES, slice + 7) : ref(BASELINE_CT, BASELINE_CT_SERIES, slice)],
  };
}

const v = (
  status: LesionStatus,
  long: number | null,
  short: number | null,
  hu: number | null,
  t1: SignalCall | null,
  t2: SignalCall | null,
): Visit => ({
  status,
  long,
  short,
  hu,
  t1,
  t2,
});

export const FATTY_HINT: FollowUpHint = {
  code: 'fatty-involution',
  timepoint: 'T2',
  message: 'T1 now hyperintense: fatty involution (inactive EMH)?',
};

export const SAMPLE_FOLLOW_UP: FollowUpView = {
  timepoints: [
    { id: 'T1', date: '20240312', studyInstanceUIDs: [BASELINE_CT, BASELINE_MR] },
    { id: 'T2', date: '20240910', studyInstanceUIDs: [FOLLOW_UP_CT, FOLLOW_UP_MR] },
  ],
  lesions: [
    lesion(
      'L1',
      'Paraspinal, thoracic, right',
      { T1: v('measured', 42, 28, 48, 'iso', 'hypo'), T2: v('measured', 30, 20, 48, 'hyper', 'hyper') },
      change((-12 / 42) * 100, (-12 / 42) * 100, (-12 / 42) * 100),
      10,
      [FATTY_HINT],
    ),
    lesion(
      'L2',
      'Paraspinal, thoracic, left',
      { T1: v('measured', 36, 24, 48, 'iso', 'hypo'), T2: v('measured', 36, 24, 48, 'iso', 'hypo') },
      change(0, 0, 0),
      14,
    ),
    lesion(
      'L3',
      'Paraspinal, lumbar, left',
      { T1: v('measured', 20, 15, 50, 'iso', 'hyper'), T2: v('resolved', 0, 0, null, null, null) },
      change(-100, -100, -100),
      42,
    ),
    lesion(
      'L4',
      'Presacral',
      { T1: v('measured', 100, 57, 42, 'iso', 'hypo'), T2: v('measured', 75, 40, 42, 'iso', 'hypo') },
      change(-25, -25, -25),
      53,
    ),
    lesion(
      'L5',
      'Spleen',
      { T1: v('measured', 29, 26, 45, 'hypo', 'hypo'), T2: v('measured', 26, 23, 45, 'hypo', 'hypo') },
      change((-3 / 29) * 100, (-3 / 29) * 100, (-3 / 29) * 100),
      28,
    ),
    lesion('L6', 'Paraspinal, lumbar, right', { T2: v('new', 24, 16, 48, 'iso', 'hypo') }, change(null, null, null), 38),
  ],
  sumOfLongAxes: [
    { timepoint: 'T1', date: '20240312', sumMm: 227, lesionsCounted: 5, notCounted: [], change: change(null, null, null) },
    {
      timepoint: 'T2',
      date: '20240910',
      sumMm: 191,
      lesionsCounted: 6,
      notCounted: [],
      change: change((-36 / 227) * 100, (-36 / 227) * 100, (-36 / 227) * 100),
    },
  ],
  liverHistory: [
    { timepoint: 'T1', date: '20240312', meanHU: 103, call: 'above' },
    { timepoint: 'T2', date: '20240910', meanHU: 88, call: 'above' },
  ],
  liverNormalRangeHU: [54, 60],
};

/**
 * An inventory as the follow-up export will give it: the time points, and per lesion of the
 * given inventory (matched by id) its history, change and hints; the liver's history.
 */
export function withFollowUp(inventory: EmhInventory, view: FollowUpView = SAMPLE_FOLLOW_UP): InventoryWithFollowUp {
  return {
    ...inventory,
    timepoints: view.timepoints,
    sumOfLongAxes: view.sumOfLongAxes,
    lesions: inventory.lesions.map((lesion) => {
      const followUp = view.lesions.find((l) => l.id === lesion.id);
      return followUp
        ? { ...lesion, status: followUp.status, history: followUp.history, change: followUp.change, followUpHints: followUp.followUpHints }
        : lesion;
    }),
    liver: { ...inventory.liver, history: view.liverHistory },
  };
}
