/**
 * The store's state as plain JSON, for autosave and restore. A snapshot read back from
 * storage may be from an older build or damaged, so it is checked field by field before
 * the store trusts it; the first problem found is reported by its path.
 */

import type { EmhAnnotation } from './annotationTypes';
import { ok, refused, type Result } from './common';
import { isContrastState } from '../../liver/rules/contrastState';
import type { InventoryState, LesionRecord, SeriesOverride } from './inventoryTypes';
import { HU_ORGANS, isLiverCall } from '../../liver/rules/liverAttenuation';
import { isWeighting } from '../../signal/rules/seriesWeighting';
import { isSignalCall } from '../../signal/rules/signalRatio';
import { isEmhSite, isLaterality } from '../../lesions/rules/sites';
import type { LesionStatusMark } from '../../followUp/rules/followUpTypes';
import { randomUid } from '../../sr/rules/srUids';
import { isMeasurementPlane } from '../../lesions/rules/measurementPlane';

export interface InventorySnapshot {
  readonly format: 'emh-inventory-state';
  readonly version: 1;
  /** The next `L<n>` to hand out; never goes back, so ids are never reused. */
  readonly nextLesionNumber: number;
  /** Every lesion id ever used, including deleted ones. */
  readonly knownLesionIds: readonly string[];
  readonly state: InventoryState;
}

type Obj = Record<string, unknown>;

class SnapshotError extends Error {}

const fail = (path: string, expected: string): never => {
  throw new SnapshotError(`${path}: expected ${expected}`);
};

const obj = (value: unknown, path: string): Obj =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Obj) : fail(path, 'an object');

const arr = (value: unknown, path: string): unknown[] => (Array.isArray(value) ? value : fail(path, 'an array'));

const str = (value: unknown, path: string): string => (typeof value === 'string' ? value : fail(path, 'text'));

const num = (value: unknown, path: string): number =>
  typeof value === 'number' && Number.isFinite(value) ? value : fail(path, 'a finite number');

const numOrNull = (value: unknown, path: string): number | null => (value === null ? null : num(value, path));

const strOrNull = (value: unknown, path: string): string | null => (value === null ? null : str(value, path));

function oneOf<T>(value: unknown, guard: (v: unknown) => v is T, path: string, allowNull: true): T | null;
function oneOf<T>(value: unknown, guard: (v: unknown) => v is T, path: string, allowNull?: false): T;
function oneOf<T>(value: unknown, guard: (v: unknown) => v is T, path: string, allowNull = false): T | null {
  if (allowNull && value === null) return null;
  return guard(value) ? value : fail(path, 'a known value');
}

function checkPoints(value: unknown, path: string, dimensions: number | null): void {
  const segment = arr(value, path);
  if (segment.length !== 2) fail(path, 'two end points');
  segment.forEach((point, i) => {
    const coords = arr(point, `${path}[${i}]`);
    if (dimensions !== null && coords.length !== dimensions) fail(`${path}[${i}]`, `${dimensions} coordinates`);
    coords.forEach((c, j) => num(c, `${path}[${i}][${j}]`));
  });
}

function checkStats(value: unknown, path: string): void {
  const stats = obj(value, path);
  for (const key of ['mean', 'sd', 'min', 'max', 'pixelCount']) num(stats[key], `${path}.${key}`);
  numOrNull(stats.areaMm2, `${path}.areaMm2`);
}

function checkAnnotation(value: unknown, path: string, lesionIds: ReadonlySet<string>): EmhAnnotation {
  const a = obj(value, path);
  str(a.annotationUID, `${path}.annotationUID`);
  const ref = obj(a.ref, `${path}.ref`);
  for (const key of ['studyInstanceUID', 'seriesInstanceUID', 'sopInstanceUID']) str(ref[key], `${path}.ref.${key}`);
  num(ref.frame, `${path}.ref.frame`);
  numOrNull(ref.instanceNumber, `${path}.ref.instanceNumber`);
  const series = obj(a.series, `${path}.series`);
  str(series.modality, `${path}.series.modality`);
  str(series.description, `${path}.series.description`);
  oneOf(series.weighting, isWeighting, `${path}.series.weighting`);
  oneOf(series.contrast, isContrastState, `${path}.series.contrast`);
  if (series.studyDate !== undefined) strOrNull(series.studyDate, `${path}.series.studyDate`);
  numOrNull(a.slicePositionMm, `${path}.slicePositionMm`);
  if (a.plane !== undefined && !isMeasurementPlane(a.plane)) {
    fail(`${path}.plane`, 'a plane {frameOfReferenceUID, name, viewPlaneNormal, viewUp}');
  }
  if (a.lesionId !== undefined && !lesionIds.has(str(a.lesionId, `${path}.lesionId`))) {
    fail(`${path}.lesionId`, 'the id of a lesion in the snapshot');
  }
  switch (a.kind) {
    case 'lesionAxes': {
      const axes = obj(a.axes, `${path}.axes`);
      if (axes.space === 'index') {
        checkPoints(axes.longAxis, `${path}.axes.longAxis`, 2);
        checkPoints(axes.shortAxis, `${path}.axes.shortAxis`, 2);
        if (axes.pixelSpacing !== null) checkPoints([axes.pixelSpacing, axes.pixelSpacing], `${path}.axes.pixelSpacing`, 2);
        if (axes.calibration !== undefined && !['patient', 'detector', 'ultrasound-region'].includes(axes.calibration as string)) {
          fail(`${path}.axes.calibration`, '"patient", "detector" or "ultrasound-region"');
        }
      } else if (axes.space === 'mm') {
        // A reformat's measurement is 3D patient mm in its plane.
        const dims = a.plane !== undefined ? 3 : null;
        checkPoints(axes.longAxis, `${path}.axes.longAxis`, dims);
        checkPoints(axes.shortAxis, `${path}.axes.shortAxis`, dims);
      } else {
        fail(`${path}.axes.space`, '"index" or "mm"');
      }
      if (a.lesionId === undefined) fail(`${path}.lesionId`, 'a lesion id on a lesion measurement');
      break;
    }
    case 'signalRoi':
      if (a.role !== 'muscle' && a.role !== 'lesion') fail(`${path}.role`, '"muscle" or "lesion"');
      if (a.role === 'lesion' && a.lesionId === undefined) fail(`${path}.lesionId`, 'a lesion id on a lesion ROI');
      checkStats(a.stats, `${path}.stats`);
      break;
    case 'huRoi':
      if (!(HU_ORGANS as readonly unknown[]).includes(a.organ)) fail(`${path}.organ`, HU_ORGANS.join(' | '));
      if (a.organ === 'lesion' && a.lesionId === undefined) fail(`${path}.lesionId`, 'a lesion id on a lesion ROI');
      checkStats(a.stats, `${path}.stats`);
      break;
    default:
      fail(`${path}.kind`, 'lesionAxes | signalRoi | huRoi');
  }
  return a as unknown as EmhAnnotation;
}

function checkLesion(value: unknown, path: string): LesionRecord {
  const l = obj(value, path);
  str(l.id, `${path}.id`);
  oneOf(l.site, isEmhSite, `${path}.site`, true);
  strOrNull(l.siteText, `${path}.siteText`);
  oneOf(l.laterality, isLaterality, `${path}.laterality`, true);
  str(l.notes, `${path}.notes`);
  oneOf(l.t1Override, isSignalCall, `${path}.t1Override`, true);
  oneOf(l.t2Override, isSignalCall, `${path}.t2Override`, true);
  if (typeof l.implicit !== 'boolean') fail(`${path}.implicit`, 'true or false');
  // Records of builds before follow-up have no tracking UID: the lesion gets one now, once;
  // the store's restore is followed by a save, which keeps it from then on.
  if (l.trackingUid === undefined) return { ...(l as unknown as Omit<LesionRecord, 'trackingUid'>), trackingUid: randomUid() };
  str(l.trackingUid, `${path}.trackingUid`);
  return l as unknown as LesionRecord;
}

function checkStatusMark(value: unknown, path: string): LesionStatusMark {
  const m = obj(value, path);
  str(m.lesionId, `${path}.lesionId`);
  str(m.studyInstanceUID, `${path}.studyInstanceUID`);
  strOrNull(m.studyDate, `${path}.studyDate`);
  if (m.status !== 'resolved' && m.status !== 'not-evaluable') fail(`${path}.status`, '"resolved" or "not-evaluable"');
  return m as unknown as LesionStatusMark;
}

function checkState(value: unknown): InventoryState {
  const s = obj(value, 'state');
  const lesions = arr(s.lesions, 'state.lesions').map((l, i) => checkLesion(l, `state.lesions[${i}]`));
  const lesionIds = new Set(lesions.map((l) => l.id));
  if (lesionIds.size !== lesions.length) fail('state.lesions', 'unique lesion ids');
  const annotations = arr(s.annotations, 'state.annotations').map((a, i) => checkAnnotation(a, `state.annotations[${i}]`, lesionIds));
  if (new Set(annotations.map((a) => a.annotationUID)).size !== annotations.length) {
    fail('state.annotations', 'unique annotation UIDs');
  }
  const overrides = obj(s.seriesOverrides, 'state.seriesOverrides');
  for (const [uid, raw] of Object.entries(overrides)) {
    const o = obj(raw, `state.seriesOverrides.${uid}`);
    oneOf(o.weighting, isWeighting, `state.seriesOverrides.${uid}.weighting`, true);
    oneOf(o.contrast, isContrastState, `state.seriesOverrides.${uid}.contrast`, true);
  }
  oneOf(s.liverCallOverride, isLiverCall, 'state.liverCallOverride', true);
  // Absent in records of builds before follow-up.
  const statusMarks =
    s.statusMarks === undefined
      ? []
      : arr(s.statusMarks, 'state.statusMarks')
          .map((m, i) => checkStatusMark(m, `state.statusMarks[${i}]`))
          // A mark of a lesion that has since gone (an implicit one leaves with its last
          // annotation) is dropped, not an error.
          .filter((m) => lesionIds.has(m.lesionId));
  return {
    lesions,
    annotations,
    seriesOverrides: overrides as Record<string, SeriesOverride>,
    liverCallOverride: s.liverCallOverride as InventoryState['liverCallOverride'],
    statusMarks,
  };
}

/** A checked snapshot, or the first reason it cannot be used. */
export function parseSnapshot(input: unknown): Result<InventorySnapshot> {
  try {
    const s = obj(input, 'snapshot');
    if (s.format !== 'emh-inventory-state') fail('format', '"emh-inventory-state"');
    if (s.version !== 1) fail('version', '1');
    const nextLesionNumber = num(s.nextLesionNumber, 'nextLesionNumber');
    if (!Number.isInteger(nextLesionNumber) || nextLesionNumber < 1) fail('nextLesionNumber', 'a whole number >= 1');
    const knownLesionIds = arr(s.knownLesionIds, 'knownLesionIds').map((id, i) => str(id, `knownLesionIds[${i}]`));
    return ok({ format: 'emh-inventory-state', version: 1, nextLesionNumber, knownLesionIds, state: checkState(s.state) });
  } catch (error) {
    if (error instanceof SnapshotError) return refused(`Not a usable inventory snapshot: ${error.message}`);
    throw error;
  }
}
