/**
 * What autosave keeps in IndexedDB, as plain functions (no DOM) so the choices are unit-tested.
 *
 * Key scheme: one record per StudyInstanceUID, and every record holds the *whole* inventory of
 * the case it belongs to. A case spans studies (the sample case is a CT and an MR study), yet
 * the radiologist may reopen only one of them, or both in another order, or add one later;
 * whichever study is opened finds the full inventory under its own UID, so nothing depends on
 * opening exactly the same set again. `caseId` tells records of one case from records of
 * another, so opening two studies annotated separately never overwrites one with the other.
 */

import { ok, refused, type ImageRef, type JsonValue, type Result } from '../inventory/rules/common';
import { parseSnapshot, type InventorySnapshot } from '../inventory/rules/inventorySnapshot';
import type { InventoryState } from '../inventory/rules/inventoryTypes';
import { samePatient, type PatientIdentity } from '../../../src/data/patientIdentity';
import { ironRoiFromJson, ironRoiJson, type IronRoiJson, type IronRoiRecord } from '../iron/rules/ironReport';
import { LIC_CALIBRATIONS, type LicCalibration } from '../iron/rules/ironGrades';
import { readReportedVolumes, readSegments, type SavedSegment } from './savedSegments';
import type { ReportedVolume } from '../volumes/rules/segmentStore';

export const DB_NAME = 'emh-viewer';
export const DB_VERSION = 1;
export const STORE_NAME = 'inventories';

export interface SavedInventory {
  /** The record's key: a StudyInstanceUID. */
  readonly study: string;
  readonly caseId: string;
  /** Every study the inventory covered when saved (open, or referenced by an annotation). */
  readonly studies: readonly string[];
  /** ms since the epoch; the newest record wins when several studies of one case are opened. */
  readonly savedAt: number;
  readonly snapshot: InventorySnapshot;
  /** Whose case it is (see src/data/patientIdentity); null in records of older builds. */
  readonly patient: PatientIdentity | null;
  /** The iron ROIs (T2*) and the LIC calibration chosen; null in records of older builds. */
  readonly iron: SavedIron | null;
  /** The lesions' segments (volumes); null in records of older builds. */
  readonly segments: readonly SavedSegment[] | null;
  /** Volumes an imported report states whose SEG is not loaded; absent in records of older builds. */
  readonly reportedVolumes?: readonly ReportedVolume[] | null;
}

/** The iron part of a case, its ROIs as the JSON export writes them (fit as measured, not refitted). */
export interface SavedIron {
  readonly calibration: LicCalibration;
  readonly rois: readonly IronRoiJson[];
}

export function savedIron(rois: readonly IronRoiRecord[], calibration: LicCalibration): SavedIron {
  return { calibration, rois: rois.map(ironRoiJson) };
}

/** The ROIs to put back into the iron store; readSaved has checked every field already. */
export function ironRecords(iron: SavedIron): IronRoiRecord[] {
  return iron.rois.map(ironRoiFromJson);
}

/**
 * The iron part of a stored record: absent (older builds) is no iron; a damaged part refuses the
 * record, which is then kept aside whole rather than restored without its iron and overwritten.
 */
function readIron(value: unknown): Result<SavedIron | null> {
  if (value === undefined || value === null) return ok(null);
  if (!isObj(value)) return refused('the iron part is not an object');
  const { calibration, rois } = value;
  if (typeof calibration !== 'string' || !Object.hasOwn(LIC_CALIBRATIONS, calibration)) {
    return refused(`unknown LIC calibration ${String(calibration)}`);
  }
  if (!Array.isArray(rois)) return refused('the iron ROIs are not a list');
  try {
    return ok({ calibration: calibration as LicCalibration, rois: rois.map((roi) => ironRoiJson(ironRoiFromJson(roi))) });
  } catch (error) {
    return refused(error instanceof Error ? error.message : String(error));
  }
}

/**
 * Stands in for the imageId of an annotation whose image is not open. imageIds (`instance:<n>`) are
 * numbered in arrival order, so a saved one may name a different image today; this prefix
 * is served by no image loader, so such an annotation is kept but never drawn on a wrong image.
 */
export const UNOPENED_IMAGE = 'emh-unopened:';

type Obj = Record<string, unknown>;

const isObj = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);

function readIdentity(value: unknown): PatientIdentity | null {
  if (!isObj(value)) return null;
  const { id, issuer, name, birthDate } = value;
  if (typeof id !== 'string' || typeof issuer !== 'string' || typeof name !== 'string' || typeof birthDate !== 'string') return null;
  return { id, issuer, name, birthDate };
}

/**
 * Whether a record is this patient's: records of older builds (no patient) are, and records
 * of a patient without an ID are (they are kept per study, and so is such a patient).
 */
export function isRecordOf(record: SavedInventory, patient: PatientIdentity): boolean {
  if (record.patient === null) return true;
  if (record.patient.id === '' && patient.id === '') return true;
  return samePatient(record.patient, patient).same;
}

/** A record read back from storage: from an older build, another tab, or damaged. */
export function readSaved(value: unknown): Result<SavedInventory> {
  if (!isObj(value)) return refused('not an object');
  const { study, caseId, studies, savedAt } = value;
  if (typeof study !== 'string' || typeof caseId !== 'string') return refused('no study or case id');
  if (!Array.isArray(studies) || !studies.every((s): s is string => typeof s === 'string')) return refused('no study list');
  if (typeof savedAt !== 'number' || !Number.isFinite(savedAt)) return refused('no save time');
  const snapshot = parseSnapshot(value.snapshot);
  if (!snapshot.ok) return refused(snapshot.reason);
  const patient = readIdentity(value.patient);
  const iron = readIron(value.iron);
  if (!iron.ok) return refused(iron.reason);
  const segments = readSegments(value.segments);
  if (!segments.ok) return refused(segments.reason);
  const reportedVolumes = readReportedVolumes(value.reportedVolumes);
  if (!reportedVolumes.ok) return refused(reportedVolumes.reason);
  return ok({
    study,
    caseId,
    studies,
    savedAt,
    snapshot: snapshot.value,
    patient,
    iron: iron.value,
    segments: segments.value,
    reportedVolumes: reportedVolumes.value,
  });
}

export function makeRecord(
  study: string,
  caseId: string,
  studies: readonly string[],
  snapshot: InventorySnapshot,
  savedAt: number,
  patient: PatientIdentity | null,
  iron: SavedIron | null = null,
  segments: readonly SavedSegment[] | null = null,
  reportedVolumes: readonly ReportedVolume[] | null = null,
): SavedInventory {
  return { study, caseId, studies: [...studies], savedAt, snapshot, patient, iron, segments, reportedVolumes };
}

/**
 * The snapshot without annotations on studies of another patient, and without the lesions
 * that only those annotations made: records of older builds mixed patients into one case.
 */
export function withoutOtherPatients(
  snapshot: InventorySnapshot,
  isOtherPatientStudy: (studyInstanceUID: string) => boolean,
): { readonly snapshot: InventorySnapshot; readonly dropped: number } {
  const { annotations, lesions } = snapshot.state;
  const kept = annotations.filter((a) => !isOtherPatientStudy(a.ref.studyInstanceUID));
  if (kept.length === annotations.length) return { snapshot, dropped: 0 };
  const lesionsWithAnnotations = new Set(annotations.map((a) => a.lesionId).filter((id): id is string => id !== null));
  const lesionsKept = new Set(kept.map((a) => a.lesionId));
  const keptLesions = lesions.filter((l) => lesionsKept.has(l.id) || !lesionsWithAnnotations.has(l.id));
  const keptIds = new Set(keptLesions.map((l) => l.id));
  const statusMarks = snapshot.state.statusMarks.filter((m) => keptIds.has(m.lesionId) && !isOtherPatientStudy(m.studyInstanceUID));
  return {
    snapshot: { ...snapshot, state: { ...snapshot.state, annotations: kept, lesions: keptLesions, statusMarks } },
    dropped: annotations.length - kept.length,
  };
}

/** Studies the annotations were drawn on. */
export function studiesOf(state: InventoryState): string[] {
  return [...new Set(state.annotations.map((a) => a.ref.studyInstanceUID))];
}

/** Nothing the radiologist made yet: the only state a saved inventory may replace. */
export function isEmptyState(state: InventoryState): boolean {
  return (
    state.lesions.length === 0 &&
    state.annotations.length === 0 &&
    Object.keys(state.seriesOverrides).length === 0 &&
    state.liverCallOverride === null &&
    state.statusMarks.length === 0
  );
}

export function newest(records: readonly SavedInventory[]): SavedInventory | null {
  return records.reduce<SavedInventory | null>((best, r) => (best === null || r.savedAt > best.savedAt ? r : best), null);
}

export interface Rebound {
  readonly snapshot: InventorySnapshot;
  /** Annotations whose image is not open (kept in the inventory, not drawn). */
  readonly unopened: number;
  /** Annotations whose imageId this rebinding changed. */
  readonly moved: readonly string[];
  readonly changed: boolean;
}

function sourceImageId(source: JsonValue | undefined): string | null {
  return isObj(source) && typeof source.referencedImageId === 'string' ? source.referencedImageId : null;
}

/**
 * Points every annotation's drawing at the imageId its image has in this page, found through
 * its DICOM UIDs (`ref`), or at UNOPENED_IMAGE when that image is not open.
 */
export function rebindSources(snapshot: InventorySnapshot, imageIdOf: (ref: ImageRef) => string | null): Rebound {
  let unopened = 0;
  const moved: string[] = [];
  const annotations = snapshot.state.annotations.map((annotation) => {
    const current = sourceImageId(annotation.source);
    if (current === null || !isObj(annotation.source)) return annotation;
    const found = imageIdOf(annotation.ref);
    if (found === null) unopened += 1;
    const wanted = found ?? `${UNOPENED_IMAGE}${annotation.ref.sopInstanceUID}?frame=${annotation.ref.frame}`;
    if (wanted === current) return annotation;
    moved.push(annotation.annotationUID);
    return { ...annotation, source: { ...annotation.source, referencedImageId: wanted } };
  });
  const changed = moved.length > 0;
  return { snapshot: changed ? { ...snapshot, state: { ...snapshot.state, annotations } } : snapshot, unopened, moved, changed };
}

/** What a restore tells the user; null when the save held nothing. The lesion words are as before iron; iron ROIs and lesion segments are counted when there are some. */
export function restoredNotice(rebound: Rebound, ironRois: number, patient: string, savedAt: number, segments = 0): string | null {
  const { lesions, annotations } = rebound.snapshot.state;
  if (annotations.length === 0 && lesions.length === 0 && ironRois === 0) return null;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  // A segment is never saved without its lesion, so segments alone never come back.
  const lesionParts = [plural(lesions.length, 'lesion'), plural(annotations.length, 'annotation')];
  if (segments > 0) lesionParts.push(plural(segments, 'lesion segment'));
  const parts =
    ironRois === 0
      ? lesionParts
      : annotations.length === 0 && lesions.length === 0
        ? [plural(ironRois, 'iron ROI')]
        : [...lesionParts, plural(ironRois, 'iron ROI')];
  const what = parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]!}`;
  const away = rebound.unopened > 0 ? ` (${rebound.unopened} on images that are not open are kept in the inventory)` : '';
  return `Restored ${what} of ${patient} saved at ${new Date(savedAt).toLocaleString()}${away}.`;
}

export function notDrawn(state: InventoryState): number {
  return state.annotations.filter((a) => sourceImageId(a.source)?.startsWith(UNOPENED_IMAGE)).length;
}

/** True when some annotation waits for an image that is open now. */
export function hasRebindable(state: InventoryState, imageIdOf: (ref: ImageRef) => string | null): boolean {
  return state.annotations.some((a) => sourceImageId(a.source)?.startsWith(UNOPENED_IMAGE) && imageIdOf(a.ref) !== null);
}

/** The same inventory with emptied content but the lesion-id counter kept, so ids are never reused. */
export function clearedSnapshot(snapshot: InventorySnapshot): InventorySnapshot {
  return {
    ...snapshot,
    state: { lesions: [], annotations: [], seriesOverrides: {}, liverCallOverride: null, statusMarks: [] },
  };
}
