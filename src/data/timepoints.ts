/**
 * A patient's studies grouped into time points (visits), as docs/follow-up.md states the rule.
 * Pure: no DOM, no Cornerstone. The EMH extension groups the same way for its exports; keep the
 * two rules identical.
 */

/** A study as time points group it: StudyDate is YYYYMMDD (DICOM DA), null when absent. */
export interface DatedStudy {
  readonly studyInstanceUID: string;
  readonly date: string | null;
}

/** One visit: `T1`, `T2`, ... oldest first; its date is its earliest study date. */
export interface Timepoint {
  readonly id: string;
  readonly date: string | null;
  readonly studyInstanceUIDs: readonly string[];
}

/** Studies within this many days of a time point's earliest study are the same visit. */
export const DEFAULT_TIMEPOINT_WINDOW_DAYS = 30;

const DAY_MS = 86_400_000;

/** Days since 1970 of a YYYYMMDD date, or null when it is not a real calendar date. */
export function dayNumber(date: string | null | undefined): number | null {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(date?.trim() ?? '');
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  // 20240231 is no date: Date.UTC would roll it into March.
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return null;
  return Math.round(ms / DAY_MS);
}

/**
 * Groups studies into time points. Dated studies are sorted by date; a study joins the current
 * time point when its date is within `windowDays` of that time point's earliest date, else it
 * starts the next one. Studies without a usable date cannot be placed in time: when every study
 * is undated they are one time point; among dated ones they form one last time point (date
 * null), so they never change the numbering of the dated visits before them.
 */
export function groupTimepoints(studies: readonly DatedStudy[], windowDays = DEFAULT_TIMEPOINT_WINDOW_DAYS): Timepoint[] {
  const dated = studies
    .map((study, order) => ({ study, day: dayNumber(study.date), order }))
    .filter((s): s is { study: DatedStudy; day: number; order: number } => s.day !== null)
    .sort((a, b) => a.day - b.day || a.order - b.order);
  const undated = studies.filter((study) => dayNumber(study.date) === null);
  const groups: { firstDay: number; date: string; uids: string[] }[] = [];
  for (const { study, day } of dated) {
    const current = groups[groups.length - 1];
    if (current && day - current.firstDay <= windowDays) current.uids.push(study.studyInstanceUID);
    else groups.push({ firstDay: day, date: (study.date as string).trim(), uids: [study.studyInstanceUID] });
  }
  const timepoints: Timepoint[] = groups.map((g, i) => ({ id: `T${i + 1}`, date: g.date, studyInstanceUIDs: g.uids }));
  if (undated.length > 0) {
    timepoints.push({ id: `T${timepoints.length + 1}`, date: null, studyInstanceUIDs: undated.map((s) => s.studyInstanceUID) });
  }
  return timepoints;
}

/** The time point id of a study, or null when it is not among them. */
export function timepointOf(timepoints: readonly Timepoint[], studyInstanceUID: string): string | null {
  return timepoints.find((t) => t.studyInstanceUIDs.includes(studyInstanceUID))?.id ?? null;
}

/** YYYYMMDD as the ISO date a reader (and JSON) expects; other text unchanged; null stays null. */
export function isoDate(date: string | null): string | null {
  if (date === null) return null;
  return /^\d{8}$/.test(date) ? `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}` : date;
}

/** True when `study` is of a dated time point after `than`'s (an undated study is never later). */
export function isLaterVisit(
  studies: readonly DatedStudy[],
  study: string,
  than: string,
  windowDays = DEFAULT_TIMEPOINT_WINDOW_DAYS,
): boolean {
  const timepoints = groupTimepoints(studies, windowDays);
  const visit = (uid: string) => timepoints.findIndex((t) => t.studyInstanceUIDs.includes(uid));
  const index = visit(study);
  return index >= 0 && timepoints[index].date !== null && index > visit(than);
}

/**
 * The series a viewer opens on when several studies arrive together: the first series of the
 * latest visit (a radiologist reads the new study first). `current`, the study shown so far,
 * wins among studies of the same visit.
 */
export function latestVisitSeries<S extends { studyInstanceUID: string; imageIds: readonly string[] }>(
  studies: readonly { studyInstanceUID: string; studyDate: string | null; series: readonly S[] }[],
  current: string | null,
  windowDays = DEFAULT_TIMEPOINT_WINDOW_DAYS,
): S | undefined {
  const dated = studies.map((s) => ({ studyInstanceUID: s.studyInstanceUID, date: s.studyDate }));
  const series = studies.flatMap((study) => study.series).filter((s) => s.imageIds.length > 0);
  let latest = series.find((s) => s.studyInstanceUID === current) ?? series[0];
  for (const candidate of series) {
    if (latest && isLaterVisit(dated, candidate.studyInstanceUID, latest.studyInstanceUID, windowDays)) latest = candidate;
  }
  return latest;
}
