/**
 * The iron rows of the CSV (docs/exports.md#csv-rows): the liver (R2*, T2*, LIC with its
 * calibration, grade and field strength, or why there is no LIC), the heart (septal T2* and
 * grade), then one row per iron ROI with its fit and the ellipse it was drawn as. The liver and
 * heart rows are written only when that organ was measured; nothing is written without ROIs.
 */

import type { IronInventory, IronRoiJson } from '../../iron/rules/ironReport';
import type { CsvRow } from './inventoryCsv';

/** The columns the iron rows add to the table, after the others (whose order never changes). */
export const IRON_CSV_COLUMNS = [
  'iron_roi_id',
  'organ',
  'r2star_hz',
  't2star_ms',
  'lic_mg_fe_g',
  'lic_calibration',
  'iron_grade',
  'field_strength_t',
  'lic_reason',
  's0',
  'r_squared',
  'echoes_used',
  'decay_model',
  'center_column',
  'center_row',
  'radius_column',
  'radius_row',
] as const;

/** What the rows need from the rest of the inventory; the CSV's own look-ups fit it. */
export interface IronCsvContext {
  /** Null in teaching exports. */
  readonly patientId: string | null;
  /** ISO dates by StudyInstanceUID; empty in teaching exports. */
  readonly studyDate: ReadonlyMap<string, string>;
  readonly seriesDescription: ReadonlyMap<string, string>;
}

function roiRow(roi: IronRoiJson, look: IronCsvContext): CsvRow {
  const { ref } = roi;
  return {
    kind: 'iron-roi',
    iron_roi_id: roi.id,
    organ: roi.organ,
    r2star_hz: roi.r2starHz,
    t2star_ms: roi.t2starMs,
    field_strength_t: roi.fieldStrengthT,
    s0: roi.s0,
    r_squared: roi.rSquared,
    echoes_used: roi.echoesUsed,
    decay_model: roi.model,
    pixel_count: roi.pixels,
    // Image indices, pixel centres on integers, as emh.addIronRoi takes them.
    center_column: ref.center[0],
    center_row: ref.center[1],
    radius_column: ref.radii[0],
    radius_row: ref.radii[1],
    // The echo it was drawn on; the same ellipse measured every echo at that position.
    series_description: look.seriesDescription.get(ref.seriesInstanceUID) ?? null,
    instance_number: ref.instanceNumber,
    study_date: look.studyDate.get(ref.studyInstanceUID) ?? null,
    patient_id: look.patientId,
    study_instance_uid: ref.studyInstanceUID,
    series_instance_uid: ref.seriesInstanceUID,
    sop_instance_uid: ref.sopInstanceUID,
  };
}

export function ironCsvRows(iron: IronInventory | undefined, look: IronCsvContext): CsvRow[] {
  if (!iron) return [];
  const { liver, heart } = iron;
  const rows: CsvRow[] = [];
  if (liver.rois.length > 0) {
    rows.push({
      kind: 'iron-liver',
      r2star_hz: liver.r2starHz,
      t2star_ms: liver.t2starMs,
      lic_mg_fe_g: liver.licMgFeG,
      lic_calibration: liver.calibration,
      iron_grade: liver.grade,
      field_strength_t: liver.fieldStrengthT,
      lic_reason: liver.reason ?? null,
      patient_id: look.patientId,
    });
  }
  if (heart.rois.length > 0) {
    rows.push({
      kind: 'iron-heart',
      r2star_hz: heart.r2starHz,
      t2star_ms: heart.t2starMs,
      iron_grade: heart.grade,
      patient_id: look.patientId,
    });
  }
  return [...rows, ...[...liver.rois, ...heart.rois, ...iron.other].map((roi) => roiRow(roi, look))];
}
