import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { EmhInventory } from '../../inventory/rules/inventoryTypes';
import { ironInventory } from '../../iron/rules/ironReport';
import { SAMPLE_T2STAR_SERIES, SAMPLE_T2STAR_STUDY, SAMPLE_TISSUES, sampleIronRois } from '../../iron/rules/ironSample.fixture';
import type { LicCalibration } from '../../iron/rules/ironGrades';
import { csvObjects } from './csvTestParser';
import { CSV_COLUMNS, VOLUME_CSV_COLUMNS, inventoryToCsv } from './inventoryCsv';
import { IRON_CSV_COLUMNS } from './ironCsvRows';
import { PATIENT, sampleInventory, STUDIES } from './sampleInventory.fixture';

const T2STAR_STUDY = { studyInstanceUID: SAMPLE_T2STAR_STUDY, description: 'MR LIVER HEART T2*', date: '20261127', accessionNumber: 'A-3' };

function withIron(rois = sampleIronRois(), calibration: LicCalibration = 'wood-2005'): EmhInventory {
  return { ...sampleInventory(), patient: PATIENT, studies: [...STUDIES, T2STAR_STUDY], iron: ironInventory(rois, calibration) };
}

function rowsOf(inventory: EmhInventory, teaching = false): Record<string, string>[] {
  return csvObjects(inventoryToCsv(inventory, { teaching }));
}

const num = (cell: string | undefined): number => {
  assert.ok(cell !== undefined && cell !== '', 'a number is expected');
  return Number(cell);
};

/** CSV numbers carry 12 significant digits. */
const close = (cell: string | undefined, expected: number): void => {
  const value = num(cell);
  assert.ok(Math.abs(value - expected) <= 1e-11 * Math.max(1, Math.abs(expected)), `${value} vs ${expected}`);
};

describe('CSV iron rows', () => {
  it('adds the iron columns after every existing one, whose order is unchanged', () => {
    // The lesion volume columns came after the iron ones, last.
    const withoutVolumes = CSV_COLUMNS.slice(0, CSV_COLUMNS.length - VOLUME_CSV_COLUMNS.length);
    const before = withoutVolumes.slice(0, withoutVolumes.length - IRON_CSV_COLUMNS.length);
    assert.equal(before[before.length - 1], 'warnings');
    assert.equal(before[0], 'kind');
    assert.deepEqual(withoutVolumes.slice(before.length), [...IRON_CSV_COLUMNS]);
    assert.deepEqual(CSV_COLUMNS.slice(withoutVolumes.length), [...VOLUME_CSV_COLUMNS]);
    assert.equal(new Set(CSV_COLUMNS).size, CSV_COLUMNS.length, 'no column name twice');
  });

  it('gives the liver: R2*, T2*, LIC (Wood 2005) and grade at 1.5 T, after the other rows', () => {
    const rows = rowsOf(withIron());
    const kinds = rows.map((r) => r.kind);
    assert.deepEqual(kinds.slice(-5), ['iron-liver', 'iron-heart', 'iron-roi', 'iron-roi', 'iron-roi']);
    const liver = rows.find((r) => r.kind === 'iron-liver')!;
    close(liver.r2star_hz, SAMPLE_TISSUES.liver.r2starHz);
    close(liver.t2star_ms, 1000 / SAMPLE_TISSUES.liver.r2starHz);
    close(liver.lic_mg_fe_g, 0.0254 * 385.75 + 0.202);
    assert.equal(liver.lic_calibration, 'wood-2005');
    assert.equal(liver.iron_grade, 'moderate');
    assert.equal(liver.field_strength_t, '1.5');
    assert.equal(liver.lic_reason, '');
    assert.equal(liver.patient_id, PATIENT.id);
    assert.equal(liver.lesion_id, '');
  });

  it('gives the heart: septal T2* 15 ms, mild-moderate', () => {
    const heart = rowsOf(withIron()).find((r) => r.kind === 'iron-heart')!;
    close(heart.t2star_ms, 15);
    close(heart.r2star_hz, 1000 / 15);
    assert.equal(heart.iron_grade, 'mild-moderate');
    assert.equal(heart.lic_mg_fe_g, '');
  });

  it('gives each ROI its fit, pixels, image and ellipse', () => {
    const rois = sampleIronRois();
    const rows = rowsOf(withIron(rois)).filter((r) => r.kind === 'iron-roi');
    assert.deepEqual(
      rows.map((r) => [r.iron_roi_id, r.organ]),
      [
        ['I1', 'liver'],
        ['I2', 'heart'],
        ['I3', 'spleen'],
      ],
    );
    for (const [i, roi] of rois.entries()) {
      const row = rows[i]!;
      close(row.r2star_hz, roi.fit.r2starHz);
      close(row.t2star_ms, roi.fit.t2starMs);
      close(row.s0, roi.fit.s0);
      close(row.r_squared, roi.fit.rSquared);
      assert.equal(num(row.echoes_used), roi.fit.echoesUsed);
      assert.equal(row.decay_model, 'truncation');
      assert.equal(num(row.pixel_count), roi.pixels);
      assert.equal(row.series_instance_uid, SAMPLE_T2STAR_SERIES);
      assert.equal(row.study_instance_uid, SAMPLE_T2STAR_STUDY);
      assert.equal(row.sop_instance_uid, roi.ref.sopInstanceUID);
      assert.equal(num(row.instance_number), 1);
      assert.equal(row.study_date, '2026-11-27');
      assert.equal(row.field_strength_t, '1.5');
      assert.deepEqual([row.center_column, row.center_row, row.radius_column, row.radius_row].map(Number), [
        ...roi.ref.center,
        ...roi.ref.radii,
      ]);
    }
    // The sample's spleen, as truth.json has it: 150 Hz.
    close(rows[2]!.r2star_hz, 150);
  });

  it('follows the calibration chosen: Garbowski 2014 gives 0.029 R2*^1.014', () => {
    const liver = rowsOf(withIron(sampleIronRois(), 'garbowski-2014')).find((r) => r.kind === 'iron-liver')!;
    close(liver.lic_mg_fe_g, 0.029 * 385.75 ** 1.014);
    assert.equal(liver.lic_calibration, 'garbowski-2014');
    assert.equal(liver.iron_grade, 'moderate');
  });

  it('at 3 T gives no LIC, no calibration and no grade, and says why', () => {
    const liver = rowsOf(withIron(sampleIronRois(3))).find((r) => r.kind === 'iron-liver')!;
    assert.equal(liver.lic_mg_fe_g, '');
    assert.equal(liver.lic_calibration, '');
    assert.equal(liver.iron_grade, '');
    assert.match(liver.lic_reason ?? '', /No LIC at 3 T/);
    assert.equal(liver.field_strength_t, '3');
  });

  it('writes only the organs measured, and no iron row without iron ROIs', () => {
    const heartOnly = rowsOf(withIron(sampleIronRois().filter((r) => r.organ === 'heart')));
    assert.deepEqual(
      heartOnly.filter((r) => r.kind.startsWith('iron')).map((r) => r.kind),
      ['iron-heart', 'iron-roi'],
    );
    const none = rowsOf(withIron([]));
    assert.equal(none.filter((r) => r.kind.startsWith('iron')).length, 0);
    // Iron columns stay empty on the other rows.
    for (const row of none) for (const column of IRON_CSV_COLUMNS) assert.equal(row[column], '', `${row.kind} ${column}`);
  });

  it('leaves out the patient ID and the study date in teaching exports', () => {
    for (const row of rowsOf(withIron(), true).filter((r) => r.kind.startsWith('iron'))) {
      assert.equal(row.patient_id, '');
      assert.equal(row.study_date, '');
    }
  });
});
