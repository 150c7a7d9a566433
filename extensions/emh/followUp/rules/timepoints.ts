/**
 * Studies grouped into time points (visits), docs/follow-up.md#time-points.
 *
 * Chain rule, anchored at the earliest study: studies are sorted by date, and a study joins
 * the current time point when it lies within the window of that time point's EARLIEST date;
 * otherwise it opens the next time point. Anchoring at the earliest date (rather than at the
 * previous study) keeps a time point from creeping: monthly studies do not all fall into one
 * visit, and a time point never spans more than the window.
 */

import type { EmhWarning } from '../../inventory/rules/common';
import type { DatedStudy, Timepoint } from './followUpTypes';

const DICOM_DATE = /^(\d{4})(\d{2})(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 of a DICOM date (YYYYMMDD); null when it is not a real calendar date. */
export function dayNumber(date: string | null): number | null {
  if (date === null) return null;
  const match = DICOM_DATE.exec(date.trim());
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  // Date.UTC rolls 20240231 over to March; such a date is no date.
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return null;
  return Math.round(ms / MS_PER_DAY);
}

/** `20240312` -> `2024-03-12`; anything else (null, malformed) -> null. */
export function isoDate(date: string | null): string | null {
  if (dayNumber(date) === null) return null;
  const d = date!.trim();
  return `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;
}

export interface TimepointGrouping {
  readonly timepoints: readonly Timepoint[];
  readonly warnings: readonly EmhWarning[];
}

const timepointId = (index: number): string => `T${index + 1}`;

/**
 * The time points of these studies, oldest first (`T1`, `T2`, ...). A study listed twice counts
 * once (with a date if either listing had one). Studies without a usable date: when every
 * study is undated they are one time point (nothing tells them apart); otherwise they form a
 * last time point of their own, with a warning, since they cannot be placed in time.
 */
export function groupIntoTimepoints(studies: readonly DatedStudy[], windowDays: number): TimepointGrouping {
  const dateOf = new Map<string, string | null>();
  for (const study of studies) {
    const known = dateOf.get(study.studyInstanceUID) ?? null;
    const usable = dayNumber(study.date) === null ? null : study.date!.trim();
    dateOf.set(study.studyInstanceUID, known ?? usable);
  }
  const dated: { uid: string; date: string; day: number }[] = [];
  const undated: string[] = [];
  for (const [uid, date] of dateOf) {
    if (date === null) undated.push(uid);
    else dated.push({ uid, date, day: dayNumber(date)! });
  }
  // Same day: keep the order the studies were given in (Array.prototype.sort is stable).
  dated.sort((a, b) => a.day - b.day);

  const timepoints: Timepoint[] = [];
  let current: { date: string; day: number; uids: string[] } | null = null;
  for (const study of dated) {
    if (current !== null && study.day - current.day <= windowDays) {
      current.uids.push(study.uid);
      continue;
    }
    if (current !== null) timepoints.push({ id: timepointId(timepoints.length), date: current.date, studyInstanceUIDs: current.uids });
    current = { date: study.date, day: study.day, uids: [study.uid] };
  }
  if (current !== null) timepoints.push({ id: timepointId(timepoints.length), date: current.date, studyInstanceUIDs: current.uids });

  const warnings: EmhWarning[] = [];
  if (undated.length > 0) {
    const id = timepointId(timepoints.length);
    timepoints.push({ id, date: null, studyInstanceUIDs: undated });
    if (dated.length > 0) {
      warnings.push({
        code: 'undated-study',
        message: `${undated.length === 1 ? 'A study has' : `${undated.length} studies have`} no study date, so ${id} (the last time point) holds ${undated.length === 1 ? 'it' : 'them'}`,
      });
    }
  }
  return { timepoints, warnings };
}

/** The time point a study belongs to; null for a study none holds. */
export function timepointOfStudy(timepoints: readonly Timepoint[], studyInstanceUID: string): Timepoint | null {
  return timepoints.find((t) => t.studyInstanceUIDs.includes(studyInstanceUID)) ?? null;
}
