/**
 * The inventory as one CSV table (docs/exports.md#csv-rows): one row per lesion per time point of
 * its history, then the liver summary, the liver per time point, each liver and spleen HU ROI
 * and each muscle reference, then the iron from T2* MRI, told apart by `kind`. Columns
 * whose meaning is the same for several kinds are shared (an ROI's `mean`, the image it sits on,
 * its `contrast`); the rest stay empty on rows they do not apply to.
 */

import type { EmhWarning, EmhWarningCode, ImageRef } from '../../inventory/rules/common';
import type {
  EmhInventory,
  InventoryRef,
  LesionExport,
  LiverExport,
  LiverRoiExport,
  MuscleReferenceExport,
} from '../../inventory/rules/inventoryTypes';
import { warningsByLesion } from '../../inventory/rules/inventoryRows';
import type { LesionTimepointValues } from '../../followUp/rules/followUpTypes';
import { followUpForTeaching } from '../../followUp/rules/followUpInventory';
import { changeAtRow } from '../../followUp/rules/lesionHistory';
import { csvDocument, fixedDecimals, type CsvCell } from './csvFormat';
import { IRON_CSV_COLUMNS, ironCsvRows } from './ironCsvRows';

export interface CsvExportOptions {
  /** Leaves out the patient id and study dates (teaching files). */
  readonly teaching?: boolean;
}

/** A lesion's segment: its volume and the mean of its voxels. */
export const VOLUME_CSV_COLUMNS = ['volume_ml', 'volume_mean_hu'] as const;

export const CSV_COLUMNS = [
  'kind',
  'lesion_id',
  'timepoint',
  'status',
  'site',
  'site_text',
  'site_label',
  'laterality',
  'long_axis_cm',
  'short_axis_cm',
  'change_from_prior_pct',
  'change_from_baseline_pct',
  'change_from_nadir_pct',
  'length_calibration',
  'long_axis_px',
  'short_axis_px',
  'ct_mean_hu',
  'ct_sd_hu',
  'ct_area_mm2',
  't1_ratio',
  't1_signal',
  't1_override',
  't1_lesion_mean',
  't1_muscle_mean',
  't2_ratio',
  't2_signal',
  't2_override',
  't2_lesion_mean',
  't2_muscle_mean',
  'mean',
  'sd',
  'min',
  'max',
  'area_mm2',
  'pixel_count',
  'unit',
  'pixel_weighted_mean_hu',
  'liver_call',
  'liver_call_override',
  'normal_low_hu',
  'normal_high_hu',
  'spleen_mean_hu',
  'liver_minus_spleen_hu',
  'liver_spleen_ratio',
  'contrast',
  'contrast_confirmed',
  'in_summary',
  'weighting',
  'series_description',
  'instance_number',
  'frame',
  'study_date',
  'patient_id',
  'study_instance_uid',
  'series_instance_uid',
  'sop_instance_uid',
  'annotation_uid',
  'tracking_uid',
  'notes',
  'hints',
  'warnings',
  // Iron from T2* MRI (ironCsvRows.ts): added after the others, so their order stays.
  ...IRON_CSV_COLUMNS,
  // The lesion's segment (docs/volumes.md), on its latest row: after the iron, so no column moves.
  ...VOLUME_CSV_COLUMNS,
] as const;

export type CsvColumn = (typeof CSV_COLUMNS)[number];

export type CsvRowKind =
  'lesion' | 'liver-summary' | 'liver-history' | 'liver-roi' | 'spleen-roi' | 'muscle-ref' | 'iron-liver' | 'iron-heart' | 'iron-roi';

type CsvCells = Partial<Record<Exclude<CsvColumn, 'kind'>, CsvCell>>;

export type CsvRow = CsvCells & { readonly kind: CsvRowKind };

export const HU_UNIT = 'HU';

/** Raw MR signal has no unit; it is exported as it is, and the column says so. */
export const MR_SIGNAL_UNIT = 'MR signal (arbitrary units)';

/** Warnings about a muscle ROI itself; distance warnings belong to the lesion it served. */
const MUSCLE_OWN_WARNINGS: ReadonlySet<EmhWarningCode> = new Set<EmhWarningCode>([
  'roi-small-area',
  'roi-area-unknown',
  'roi-few-pixels',
  'muscle-mean-not-positive',
]);

/** Everything a row needs from elsewhere in the inventory, looked up once, not per row. */
interface Lookups {
  readonly teaching: boolean;
  readonly patientId: string | null;
  readonly seriesDescription: ReadonlyMap<string, string>;
  readonly studyDate: ReadonlyMap<string, string>;
  readonly lesionWarnings: ReadonlyMap<string, readonly EmhWarning[]>;
  readonly annotationWarnings: ReadonlyMap<string, readonly EmhWarning[]>;
}

/** DICOM dates (DA, 20261125) in ISO form, which spreadsheets read as a date, not a number. */
export function isoStudyDate(date: string): string {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(date.trim());
  return match ? `${match[1]}-${match[2]}-${match[3]}` : date.trim();
}

function lookups(inventory: EmhInventory, teaching: boolean): Lookups {
  const studyDate = new Map<string, string>();
  if (!teaching) {
    for (const study of inventory.studies ?? []) {
      if (study.date) studyDate.set(study.studyInstanceUID, isoStudyDate(study.date));
    }
  }
  const annotationWarnings = new Map<string, EmhWarning[]>();
  for (const warning of [...inventory.warnings, ...inventory.liver.warnings]) {
    if (warning.annotationUID === undefined) continue;
    const list = annotationWarnings.get(warning.annotationUID) ?? [];
    list.push(warning);
    annotationWarnings.set(warning.annotationUID, list);
  }
  return {
    teaching,
    patientId: teaching ? null : (inventory.patient?.id ?? null),
    seriesDescription: new Map(inventory.series.map((s) => [s.seriesInstanceUID, s.description])),
    studyDate,
    lesionWarnings: warningsByLesion(inventory.warnings),
    annotationWarnings,
  };
}

/** The same message can reach a row twice (one muscle ROI serving T1 and T2 ROIs); say it once. */
function messages(warnings: readonly EmhWarning[]): string | null {
  const unique = [...new Set(warnings.map((w) => w.message))];
  return unique.length === 0 ? null : unique.join('; ');
}

const cm = (mm: number | null): number | null => (mm === null ? null : mm / 10);

type ImageLike = Pick<ImageRef, 'studyInstanceUID' | 'seriesInstanceUID' | 'sopInstanceUID' | 'frame' | 'instanceNumber'>;

function imageCells(ref: ImageLike | null, description: string | null, look: Lookups): CsvCells {
  if (ref === null) return { patient_id: look.patientId };
  return {
    series_description: description ?? look.seriesDescription.get(ref.seriesInstanceUID) ?? null,
    instance_number: ref.instanceNumber,
    frame: ref.frame,
    study_date: look.studyDate.get(ref.studyInstanceUID) ?? null,
    patient_id: look.patientId,
    study_instance_uid: ref.studyInstanceUID,
    series_instance_uid: ref.seriesInstanceUID,
    sop_instance_uid: ref.sopInstanceUID,
  };
}

/** A time point's date as the CSV writes it: ISO, empty in teaching exports. */
function timepointDate(date: string | null, look: Lookups): string | null {
  return look.teaching || date === null ? null : isoStudyDate(date);
}

/** The columns every row of a lesion shares, whatever the time point. */
function lesionCells(lesion: LesionExport): CsvRow {
  return {
    kind: 'lesion',
    lesion_id: lesion.id,
    site: lesion.site,
    site_text: lesion.siteText,
    // The label of a row without a site reads "Site not set"; in data that is an empty cell.
    site_label: lesion.site === null ? null : lesion.siteLabel,
    laterality: lesion.laterality,
    tracking_uid: lesion.trackingUid,
    notes: lesion.notes,
  };
}

/** What a history row adds: the time point, its status, its axes and the change at it. */
function timepointCells(history: readonly LesionTimepointValues[], index: number, image: InventoryRef | null, look: Lookups): CsvCells {
  const row = history[index]!;
  const change = changeAtRow(history, index);
  return {
    timepoint: row.timepoint,
    status: row.status,
    // From the history row: a resolved lesion counts 0 mm, a not-evaluable one has no axes.
    long_axis_cm: cm(row.longAxisMm),
    short_axis_cm: cm(row.shortAxisMm),
    change_from_prior_pct: fixedDecimals(change.fromPriorPct, 1),
    change_from_baseline_pct: fixedDecimals(change.fromBaselinePct, 1),
    change_from_nadir_pct: fixedDecimals(change.fromNadirPct, 1),
    ...imageCells(image, image?.seriesDescription ?? null, look),
    // A row with nothing on the images (not measured, resolved by a mark) still says when.
    ...(image === null ? { study_date: timepointDate(row.date, look) } : {}),
    annotation_uid: image?.annotationUID ?? null,
  };
}

/** The latest time point: every value the lesion has now (its signal, hints and warnings). */
function latestLesionRow(lesion: LesionExport, look: Lookups): CsvRow {
  return {
    ...lesionCells(lesion),
    long_axis_cm: cm(lesion.longAxisMm),
    short_axis_cm: cm(lesion.shortAxisMm),
    length_calibration: lesion.lengthCalibration,
    long_axis_px: lesion.axesPx?.longAxisPx ?? null,
    short_axis_px: lesion.axesPx?.shortAxisPx ?? null,
    ct_mean_hu: lesion.ct.meanHU,
    ct_sd_hu: lesion.ct.sdHU,
    ct_area_mm2: lesion.ct.areaMm2,
    t1_ratio: lesion.t1.ratio,
    t1_signal: lesion.t1.call,
    t1_override: lesion.t1.override,
    t1_lesion_mean: lesion.t1.lesionMean,
    t1_muscle_mean: lesion.t1.muscleMean,
    t2_ratio: lesion.t2.ratio,
    t2_signal: lesion.t2.call,
    t2_override: lesion.t2.override,
    t2_lesion_mean: lesion.t2.lesionMean,
    t2_muscle_mean: lesion.t2.muscleMean,
    contrast: lesion.ct.contrast,
    hints: lesion.hints.length === 0 ? null : lesion.hints.map((h) => h.text).join('; '),
    warnings: messages(look.lesionWarnings.get(lesion.id) ?? []),
    volume_ml: lesion.volumeMl ?? null,
    volume_mean_hu: lesion.volumeMeanHU ?? null,
  };
}

/**
 * One row per time point of the lesion's history, oldest first. The latest has today's values;
 * an earlier one what its history row keeps (axes, CT mean, the automatic calls, the image).
 */
function lesionRows(lesion: LesionExport, look: Lookups): CsvRow[] {
  const latest = latestLesionRow(lesion, look);
  // refs[0] is the image the size was measured on, or the first value's image without one.
  const todaysImage = lesion.refs[0] ?? null;
  const history = lesion.history;
  if (history.length === 0) {
    return [
      {
        ...latest,
        status: lesion.status,
        ...imageCells(todaysImage, todaysImage?.seriesDescription ?? null, look),
        annotation_uid: todaysImage?.annotationUID ?? null,
      },
    ];
  }
  return history.map((row, i) => {
    // Inventories written before history rows had a ref: the latest image is refs[0].
    const image = row.ref === undefined ? (i === history.length - 1 ? todaysImage : null) : row.ref;
    if (i === history.length - 1) return { ...latest, ...timepointCells(history, i, image, look) };
    return {
      ...lesionCells(lesion),
      ...timepointCells(history, i, image, look),
      length_calibration: row.lengthCalibration ?? null,
      ct_mean_hu: row.ctMeanHU,
      // Earlier time points keep the automatic call (the override counts at the latest only).
      t1_signal: row.t1Call,
      t2_signal: row.t2Call,
    };
  });
}

function liverSummaryRow(liver: LiverExport, look: Lookups): CsvRow {
  const [low, high] = liver.normalRangeHU;
  return {
    kind: 'liver-summary',
    mean: liver.meanHU,
    unit: HU_UNIT,
    pixel_weighted_mean_hu: liver.pixelWeightedMeanHU,
    liver_call: liver.call,
    liver_call_override: liver.callOverride,
    normal_low_hu: low,
    normal_high_hu: high,
    spleen_mean_hu: liver.spleenMeanHU,
    liver_minus_spleen_hu: liver.liverMinusSpleenHU,
    liver_spleen_ratio: liver.liverToSpleenRatio,
    contrast: liver.contrast,
    contrast_confirmed: liver.contrastConfirmed,
    patient_id: look.patientId,
    hints: liver.context.length === 0 ? null : liver.context.map((c) => c.text).join('; '),
    // ROI warnings go on the ROI's own row; the rest are about the summary.
    warnings: messages(liver.warnings.filter((w) => w.annotationUID === undefined)),
  };
}

/** The liver's mean and call at each time point, when there is more than one. */
function liverHistoryRows(liver: LiverExport, look: Lookups): CsvRow[] {
  if (liver.history.length < 2) return [];
  return liver.history.map((row) => ({
    kind: 'liver-history',
    timepoint: row.timepoint,
    study_date: timepointDate(row.date, look),
    ct_mean_hu: row.meanHU,
    liver_call: row.call,
    patient_id: look.patientId,
  }));
}

function huRoiRow(roi: LiverRoiExport, look: Lookups): CsvRow {
  return {
    kind: roi.organ === 'spleen' ? 'spleen-roi' : 'liver-roi',
    ...(roi.timepoint === undefined ? {} : { timepoint: roi.timepoint }),
    mean: roi.meanHU,
    sd: roi.sdHU,
    min: roi.minHU,
    max: roi.maxHU,
    area_mm2: roi.areaMm2,
    pixel_count: roi.pixelCount,
    unit: HU_UNIT,
    contrast: roi.contrast,
    in_summary: roi.inSummary,
    ...imageCells(roi.ref, null, look),
    annotation_uid: roi.annotationUID,
    warnings: messages(look.annotationWarnings.get(roi.annotationUID) ?? []),
  };
}

function muscleRow(muscle: MuscleReferenceExport, look: Lookups): CsvRow {
  const own = (look.annotationWarnings.get(muscle.annotationUID) ?? []).filter((w) => MUSCLE_OWN_WARNINGS.has(w.code));
  return {
    kind: 'muscle-ref',
    mean: muscle.mean,
    sd: muscle.sd,
    area_mm2: muscle.areaMm2,
    pixel_count: muscle.pixelCount,
    unit: MR_SIGNAL_UNIT,
    weighting: muscle.weighting,
    ...imageCells(muscle.ref, null, look),
    annotation_uid: muscle.annotationUID,
    warnings: messages(own),
  };
}

/** The rows as column-to-cell records, for callers (and tests) that want them unwritten. */
export function inventoryCsvRows(full: EmhInventory, options: CsvExportOptions = {}): CsvRow[] {
  // A teaching export from a full inventory: no follow-up dates either (a warning may name one).
  const inventory = options.teaching === true ? followUpForTeaching(full) : full;
  const look = lookups(inventory, options.teaching === true);
  return [
    ...inventory.lesions.flatMap((lesion) => lesionRows(lesion, look)),
    liverSummaryRow(inventory.liver, look),
    ...liverHistoryRows(inventory.liver, look),
    ...inventory.liver.rois.map((roi) => huRoiRow(roi, look)),
    ...inventory.muscleReferences.map((muscle) => muscleRow(muscle, look)),
    ...ironCsvRows(inventory.iron, look),
  ];
}

/** RFC 4180 CSV, UTF-8 with a BOM, CRLF line ends, header row first. */
export function inventoryToCsv(inventory: EmhInventory, options: CsvExportOptions = {}): string {
  const rows = inventoryCsvRows(inventory, options).map((row) => CSV_COLUMNS.map((column) => row[column] ?? null));
  return csvDocument(CSV_COLUMNS, rows);
}
