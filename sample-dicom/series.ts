/**
 * The patient, the two studies and the four series of the sample case, with the acquisition
 * parameters a real scanner would record. Identifying attributes (names, dates, institution,
 * device serials) are deliberately filled in: later work de-identifies them.
 */
import { SLICE_COUNT } from './geometry';
import type { Contrast } from './tissues';
import { uidFor } from './uids';

export const PATIENT = {
  name: 'EMH^Phantom',
  id: 'EMH-0001',
  sex: 'M',
  age: '034Y',
  birthDate: '19890617',
} as const;

export interface Study {
  key: 'ct' | 'mr';
  uid: string;
  frameOfReferenceUid: string;
  date: string;
  time: string;
  description: string;
  accessionNumber: string;
  studyId: string;
}

export const STUDIES: Record<Study['key'], Study> = {
  ct: {
    key: 'ct',
    uid: uidFor('study/ct'),
    frameOfReferenceUid: uidFor('frame-of-reference/ct'),
    date: '20240312',
    time: '093000',
    description: 'CT CHEST ABDOMEN PELVIS',
    accessionNumber: 'ACC-EMH-0001',
    studyId: '1001',
  },
  mr: {
    key: 'mr',
    uid: uidFor('study/mr'),
    // A separate visit on another scanner: its own frame of reference, same grid by design.
    frameOfReferenceUid: uidFor('frame-of-reference/mr'),
    date: '20240314',
    time: '101500',
    description: 'MR SPINE AND PELVIS',
    accessionNumber: 'ACC-EMH-0002',
    studyId: '1002',
  },
};

export type SeriesKey = 'ct-nc' | 'ct-pv' | 'mr-t1' | 'mr-t2';

export interface MrParameters {
  repetitionTimeMs: number;
  echoTimeMs: number;
  echoTrainLength: number;
  sequenceName: string;
  numberOfAverages: number;
}

export interface SeriesDefinition {
  key: SeriesKey;
  study: Study;
  modality: 'CT' | 'MR';
  uid: string;
  number: number;
  description: string;
  protocolName: string;
  bodyPart: string;
  time: string;
  contrast: Contrast;
  /** Phantom slice (InstanceNumber of the 60-slice series) of each instance, instance 1 first. */
  slices: readonly number[];
  window: { center: number; width: number; explanation: string };
  mr: MrParameters | null;
  /** Portal venous phase only; its absence in ct-nc is part of the truth. */
  contrastBolus: boolean;
}

const ALL_SLICES = Array.from({ length: SLICE_COUNT }, (_, index) => index + 1);
/** The portal venous series covers the liver and spleen: phantom slices 17-36. */
export const PV_FIRST_SLICE = 17;
export const PV_SLICE_COUNT = 20;
const PV_SLICES = Array.from({ length: PV_SLICE_COUNT }, (_, index) => PV_FIRST_SLICE + index);

// One entry per series, alike in shape on purpose: each says in full what its scanner would write.
export const SERIES: readonly SeriesDefinition[] = [
  {
    key: 'ct-nc',
    study: STUDIES.ct,
    modality: 'CT',
    uid: uidFor('series/ct-nc'),
    number: 2,
    description: 'CT CHEST ABDOMEN PELVIS WITHOUT CONTRAST',
    protocolName: 'CHEST ABDOMEN PELVIS NC',
    bodyPart: 'CHESTABDPELVIS',
    time: '093512',
    contrast: 'ctNc',
    slices: ALL_SLICES,
    window: { center: 40, width: 400, explanation: 'SOFT TISSUE' },
    mr: null,
    contrastBolus: false,
  },
  {
    key: 'ct-pv',
    study: STUDIES.ct,
    modality: 'CT',
    uid: uidFor('series/ct-pv'),
    number: 3,
    description: 'CT ABDOMEN PORTAL VENOUS',
    protocolName: 'ABDOMEN PORTAL VENOUS',
    bodyPart: 'ABDOMEN',
    time: '094110',
    contrast: 'ctPv',
    slices: PV_SLICES,
    window: { center: 40, width: 400, explanation: 'SOFT TISSUE' },
    mr: null,
    contrastBolus: true,
  },
  {
    key: 'mr-t1',
    study: STUDIES.mr,
    modality: 'MR',
    uid: uidFor('series/mr-t1'),
    number: 3,
    description: 'AX T1 TSE',
    protocolName: 'AX T1 TSE BODY',
    bodyPart: 'CHESTABDPELVIS',
    time: '102030',
    contrast: 't1',
    slices: ALL_SLICES,
    window: { center: 500, width: 1100, explanation: 'T1' },
    mr: { repetitionTimeMs: 550, echoTimeMs: 12, echoTrainLength: 3, sequenceName: 'TSE2D_T1', numberOfAverages: 2 },
    contrastBolus: false,
  },
  {
    key: 'mr-t2',
    study: STUDIES.mr,
    modality: 'MR',
    uid: uidFor('series/mr-t2'),
    number: 4,
    description: 'AX T2 TSE',
    protocolName: 'AX T2 TSE BODY',
    bodyPart: 'CHESTABDPELVIS',
    time: '102812',
    contrast: 't2',
    slices: ALL_SLICES,
    window: { center: 400, width: 900, explanation: 'T2' },
    mr: { repetitionTimeMs: 4000, echoTimeMs: 100, echoTrainLength: 15, sequenceName: 'TSE2D_T2', numberOfAverages: 1 },
    contrastBolus: false,
  },
];

export function seriesByKey(key: SeriesKey): SeriesDefinition {
  const found = SERIES.find((series) => series.key === key);
  if (found === undefined) throw new Error(`unknown series ${key}`);
  return found;
}

export function sopInstanceUid(series: SeriesDefinition, instanceNumber: number): string {
  return uidFor(`instance/${series.key}/${instanceNumber}`);
}

export function fileNameOf(instanceNumber: number): string {
  return `IM-${String(instanceNumber).padStart(4, '0')}.dcm`;
}
