/**
 * The iron from T2* MRI in the teaching case: sentences for the findings draft and the rows of
 * case.html's iron table. Only the liver and heart are graded, so only they are written; nothing
 * at all without iron ROIs, so a case without T2* reads as it always did.
 */

import { LIC_CALIBRATIONS, type HeartIronGrade, type LicCalibration, type LiverIronGrade } from '../../iron/rules/ironGrades';
import type { IronInventory } from '../../iron/rules/ironReport';

const LIVER_GRADE_WORDS: Readonly<Record<LiverIronGrade, string>> = {
  normal: 'no iron overload',
  mild: 'mild iron overload',
  moderate: 'moderate iron overload',
  severe: 'severe iron overload',
};

const HEART_GRADE_WORDS: Readonly<Record<HeartIronGrade, string>> = {
  normal: 'no myocardial iron',
  'mild-moderate': 'mild to moderate myocardial iron',
  severe: 'severe myocardial iron',
};

/** One decimal, as the panel shows them; "–" for a value that could not be computed. */
const one = (value: number | null): string => (value === null || !Number.isFinite(value) ? '–' : value.toFixed(1));

/** "Wood 2005" out of "Wood 2005 (1.5 T): LIC = ...": the name a report cites. */
export function calibrationName(calibration: LicCalibration): string {
  const { label } = LIC_CALIBRATIONS[calibration];
  return label.split(' (')[0] ?? label;
}

const hasLiver = (iron: IronInventory | undefined): iron is IronInventory => (iron?.liver.rois.length ?? 0) > 0;
const hasHeart = (iron: IronInventory | undefined): iron is IronInventory => (iron?.heart.rois.length ?? 0) > 0;

/**
 * "On T2* MRI at 1.5 T, liver R2* is 385.8 Hz (T2* 2.6 ms): LIC 10.0 mg Fe/g dry weight (Wood 2005),
 * moderate iron overload. Septal myocardial T2* is 15.0 ms (R2* 66.7 Hz): mild to moderate
 * myocardial iron." Without an LIC the reason is given instead.
 */
export function ironSentences(iron: IronInventory | undefined): string[] {
  const sentences: string[] = [];
  if (hasLiver(iron)) {
    const { liver } = iron;
    const field = liver.fieldStrengthT === null ? '' : ` at ${liver.fieldStrengthT} T`;
    const measured = `On T2* MRI${field}, liver R2* is ${one(liver.r2starHz)} Hz (T2* ${one(liver.t2starMs)} ms)`;
    if (liver.licMgFeG !== null && liver.calibration !== null && liver.grade !== null) {
      sentences.push(
        `${measured}: LIC ${one(liver.licMgFeG)} mg Fe/g dry weight (${calibrationName(liver.calibration)}), ${LIVER_GRADE_WORDS[liver.grade]}.`,
      );
    } else {
      sentences.push(`${measured}; no LIC is given (${liver.reason ?? 'not computable'}).`);
    }
  }
  if (hasHeart(iron)) {
    const { heart } = iron;
    const grade = heart.grade === null ? '' : `: ${HEART_GRADE_WORDS[heart.grade]}`;
    sentences.push(`Septal myocardial T2* is ${one(heart.t2starMs)} ms (R2* ${one(heart.r2starHz)} Hz)${grade}.`);
  }
  return sentences;
}

export interface IronTableRow {
  readonly organ: string;
  readonly r2starHz: string;
  readonly t2starMs: string;
  readonly licMgFeG: string;
  readonly grade: string;
  /** The calibration the LIC was computed with, or why there is none. */
  readonly note: string;
}

/** The liver and heart rows of case.html's iron table; empty without liver or heart ROIs. */
export function ironTableRows(iron: IronInventory | undefined): IronTableRow[] {
  const rows: IronTableRow[] = [];
  if (hasLiver(iron)) {
    const { liver } = iron;
    const rois = liver.rois.length === 1 ? '1 ROI' : `mean of ${liver.rois.length} ROIs`;
    rows.push({
      organ: 'Liver',
      r2starHz: one(liver.r2starHz),
      t2starMs: one(liver.t2starMs),
      licMgFeG: one(liver.licMgFeG),
      grade: liver.grade ?? '–',
      note: `${liver.calibration !== null ? LIC_CALIBRATIONS[liver.calibration].label : (liver.reason ?? '')} (${rois})`,
    });
  }
  if (hasHeart(iron)) {
    const { heart } = iron;
    rows.push({
      organ: 'Heart (septum)',
      r2starHz: one(heart.r2starHz),
      t2starMs: one(heart.t2starMs),
      licMgFeG: '–',
      grade: heart.grade ?? '–',
      note: heart.rois.length === 1 ? '1 ROI' : `mean of ${heart.rois.length} ROIs`,
    });
  }
  return rows;
}
