import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { csvField, csvDocument, formatCsvNumber, neutraliseFormula, UTF8_BOM } from './csvFormat';
import { csvObjects, parseCsv } from './csvTestParser';
import { createInventoryStore } from '../../inventory/rules/inventoryStore';
import { MR_T2, signalAnnotation } from '../../inventory/rules/sampleCase.fixture';
import { CSV_COLUMNS, inventoryCsvRows, inventoryToCsv, MR_SIGNAL_UNIT } from './inventoryCsv';
import { AWKWARD_NOTE, fattyLiverInventory, HYPERLINK_NOTE, sampleInventory } from './sampleInventory.fixture';

const SPEC_COLUMNS = [
  'kind',
  'lesion_id',
  'site',
  'laterality',
  'long_axis_cm',
  'short_axis_cm',
  'ct_mean_hu',
  't1_ratio',
  't1_signal',
  't2_ratio',
  't2_signal',
  'series_description',
  'instance_number',
  'notes',
];

const csv = inventoryToCsv(sampleInventory());
const rows = csvObjects(csv);

function row(kind: string, lesionId = ''): Record<string, string> {
  const found = rows.find((r) => r.kind === kind && r.lesion_id === lesionId);
  if (!found) throw new Error(`no ${kind} row ${lesionId}`);
  return found;
}

describe('CSV file format (RFC 4180, UTF-8)', () => {
  it('starts with a UTF-8 BOM, ends every record with CRLF and has no bare line feed between records', () => {
    assert.ok(csv.startsWith(UTF8_BOM));
    assert.ok(csv.endsWith('\r\n'));
    // parseCsv throws on a bare LF outside quotes; the one LF in the file is inside L4's note.
    const records = parseCsv(csv);
    assert.equal(records.length, 1 + rows.length);
    for (const record of records) assert.equal(record.length, CSV_COLUMNS.length);
  });

  it('has a header row with every column docs/exports.md#csv-columns names', () => {
    const header: readonly string[] = parseCsv(csv)[0] ?? [];
    for (const column of SPEC_COLUMNS) assert.ok(header.includes(column), column);
    assert.equal(new Set(header).size, header.length, 'column names are unique');
    assert.deepEqual(header, [...CSV_COLUMNS]);
  });

  it('lists lesions, then the liver summary, liver and spleen ROIs, then muscle references', () => {
    assert.deepEqual(
      rows.map((r) => r.kind),
      [
        ...Array<string>(8).fill('lesion'),
        'liver-summary',
        'liver-roi',
        'liver-roi',
        'liver-roi',
        'spleen-roi',
        ...Array<string>(6).fill('muscle-ref'),
      ],
    );
  });

  it('quotes fields with a comma, a quote or a line break, doubling quotes', () => {
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "iso"'), '"say ""iso"""');
    assert.equal(csvField('line\nbreak'), '"line\nbreak"');
    assert.equal(csvField('carriage\r\nreturn'), '"carriage\r\nreturn"');
    assert.equal(csvField('plain'), 'plain');
    assert.equal(csvDocument(['a', 'b'], [[1, 'x,y']]), `${UTF8_BOM}a,b\r\n1,"x,y"\r\n`);
  });
});

describe('CSV lesion rows: the sample case', () => {
  it('L4 presacral: 10.0 x 5.7 cm, 42 HU, T1 1.025 iso, T2 0.57 hypo against muscle 300', () => {
    const l4 = row('lesion', 'L4');
    assert.equal(l4.site, 'presacral');
    assert.equal(l4.site_label, 'Presacral');
    assert.equal(l4.laterality, '');
    assert.equal(l4.long_axis_cm, '10', 'full precision without the float noise of 100.00000000000003 mm');
    assert.equal(l4.short_axis_cm, '5.7');
    assert.equal(l4.long_axis_px, '');
    assert.equal(l4.ct_mean_hu, '42');
    assert.equal(l4.ct_sd_hu, '8');
    assert.equal(l4.t1_ratio, '1.025');
    assert.equal(l4.t1_signal, 'iso');
    assert.equal(l4.t2_ratio, '0.57');
    assert.equal(l4.t2_signal, 'hypo');
    assert.equal(l4.t2_override, '');
    assert.equal(l4.t2_lesion_mean, '171');
    assert.equal(l4.t2_muscle_mean, '300');
    assert.equal(l4.series_description, 'CT CHEST ABDOMEN PELVIS WITHOUT CONTRAST');
    assert.equal(l4.instance_number, '50');
    assert.equal(l4.study_date, '2026-11-25');
    assert.equal(l4.patient_id, 'EMH-0001');
    assert.equal(l4.sop_instance_uid, '1.2.826.0.1.3680043.10.1.1.1.50');
    assert.match(l4.hints ?? '', /T2 hypointense/);
  });

  it('gives the site with its side, the automatic call and the override beside it', () => {
    const l1 = row('lesion', 'L1');
    assert.equal(l1.site, 'paraspinal-thoracic');
    assert.equal(l1.site_label, 'Paraspinal, thoracic, right');
    assert.equal(l1.laterality, 'right');
    const l2 = row('lesion', 'L2');
    assert.equal(l2.t2_signal, 'hypo');
    assert.equal(l2.t2_override, 'markedly-hypo');
  });

  it('round-trips a note with a comma, quotes, a semicolon and a line break exactly', () => {
    assert.equal(row('lesion', 'L4').notes, AWKWARD_NOTE);
  });

  it('keeps the user words of an "other" site', () => {
    const l6 = row('lesion', 'L6');
    assert.equal(l6.site, 'other');
    assert.equal(l6.site_text, 'Renal hilum');
    assert.equal(l6.site_label, 'Renal hilum, left');
  });
});

describe('CSV formula injection', () => {
  it('neutralises a note that is a formula, so it reads as text', () => {
    assert.equal(row('lesion', 'L1').notes, `'${HYPERLINK_NOTE}`);
    assert.ok(csv.includes('"\'=HYPERLINK(""x"")"'));
    assert.ok(!/(^|,)=HYPERLINK/m.test(csv), 'no cell starts with =');
  });

  it('neutralises text starting with = + - @, tab, carriage return and their full-width forms', () => {
    for (const text of ['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1', '\uFF1D1+1', '\uFF0B1', '\uFF0D1', '\uFF201']) {
      assert.equal(neutraliseFormula(text), `'${text}`, JSON.stringify(text));
    }
    for (const text of ['', 'iso', "'quoted", ' =1', 'a=b']) assert.equal(neutraliseFormula(text), text);
  });

  it('keeps a negative number a number: -12.5 HU fatty focus, liver minus spleen -8 HU', () => {
    const l7 = row('lesion', 'L7');
    assert.equal(l7.ct_mean_hu, '-12.5');
    assert.ok(csv.includes(',-12.5,'), 'written bare, not quoted or prefixed');
    // The same characters typed into a note are text, and are neutralised.
    assert.equal(l7.notes, "'-12.5 HU: fat, old EMH?");
    const fatty = csvObjects(inventoryToCsv(fattyLiverInventory()));
    const summary = fatty.find((r) => r.kind === 'liver-summary');
    assert.equal(summary?.liver_minus_spleen_hu, '-8');
    assert.equal(summary?.mean, '52');
    assert.equal(summary?.liver_call, 'below');
    assert.equal(csvField(-8), '-8');
  });
});

describe('CSV numbers: null is empty, a measured 0 is 0, MR values kept', () => {
  it('an uncalibrated lesion has empty cm cells and its size in pixels', () => {
    const l6 = row('lesion', 'L6');
    assert.equal(l6.long_axis_cm, '');
    assert.equal(l6.short_axis_cm, '');
    assert.equal(l6.long_axis_px, '30');
    assert.equal(l6.short_axis_px, '20');
    assert.match(l6.warnings ?? '', /no pixel spacing/);
  });

  it('leaves what was not measured empty, never 0', () => {
    const l6 = row('lesion', 'L6');
    for (const column of ['ct_mean_hu', 'ct_sd_hu', 't1_ratio', 't1_signal', 't1_lesion_mean', 't2_ratio', 'contrast']) {
      assert.equal(l6[column], '', column);
    }
    const l7 = row('lesion', 'L7');
    assert.equal(l7.t2_ratio, '', 'no muscle reference on its series: no ratio');
    assert.equal(l7.t2_signal, '');
    assert.equal(l7.t2_muscle_mean, '');
    assert.match(l7.warnings ?? '', /No muscle reference/);
    const roi = csvObjects(inventoryToCsv(fattyLiverInventory())).find((r) => r.annotation_uid === 'liver-c');
    assert.equal(roi?.area_mm2, '', 'area of an ROI without pixel spacing');
    assert.equal(roi?.pixel_count, '89');
  });

  it('writes a measured 0 as 0', () => {
    assert.equal(row('lesion', 'L8').ct_mean_hu, '0');
    assert.equal(csvField(0), '0');
    assert.equal(csvField(-0), '0');
  });

  it('exports raw MR signal means and ratios without a unit', () => {
    const l7 = row('lesion', 'L7');
    assert.equal(l7.t2_lesion_mean, '650', 'the lesion mean stays even without a ratio');
    const muscle = rows.filter((r) => r.kind === 'muscle-ref');
    assert.equal(muscle.length, 6);
    const t1 = muscle.find((r) => r.annotation_uid === 'm-t1-15');
    assert.equal(t1?.mean, '400');
    assert.equal(t1?.sd, '16');
    assert.equal(t1?.area_mm2, '200');
    assert.equal(t1?.weighting, 'T1');
    assert.equal(t1?.unit, MR_SIGNAL_UNIT);
    assert.equal(t1?.series_description, 'AX T1 TSE');
    assert.equal(t1?.study_date, '2026-11-26');
  });

  it('trims binary noise but keeps full precision, and writes no value for NaN or Infinity', () => {
    assert.equal(formatCsvNumber(100.00000000000003 / 10), '10');
    assert.equal(formatCsvNumber(409.99999999999994), '410');
    assert.equal(formatCsvNumber(1 / 3), '0.333333333333');
    assert.equal(formatCsvNumber(57.123456789), '57.123456789');
    assert.equal(formatCsvNumber(Number.NaN), '');
    assert.equal(formatCsvNumber(Number.POSITIVE_INFINITY), '');
  });
});

describe('CSV muscle reference warnings', () => {
  it("puts a muscle ROI's own size warnings on its row and the distance on the lesion row", () => {
    const store = createInventoryStore();
    store.upsert(signalAnnotation('m', MR_T2, 15, 'muscle', 300, undefined, { areaMm2: 50, pixelCount: 10 }));
    store.upsert(signalAnnotation('t2', MR_T2, 25, 'lesion', 150, 'L1'));
    const csvRows = inventoryCsvRows(store.inventory());
    const muscle = csvRows.find((r) => r.kind === 'muscle-ref');
    assert.match(String(muscle?.warnings), /area 0.50 cm2 is under/);
    assert.doesNotMatch(String(muscle?.warnings), /away along the slice axis/);
    assert.match(String(csvRows.find((r) => r.kind === 'lesion')?.warnings), /50.0 mm away/);
  });
});

describe('CSV liver rows', () => {
  it('liver summary: 103 HU above 54-60, spleen 62, liver minus spleen +41', () => {
    const summary = row('liver-summary');
    assert.equal(summary.mean, '103');
    assert.equal(summary.unit, 'HU');
    assert.equal(summary.pixel_weighted_mean_hu, '103');
    assert.equal(summary.liver_call, 'above');
    assert.equal(summary.liver_call_override, '');
    assert.equal(summary.normal_low_hu, '54');
    assert.equal(summary.normal_high_hu, '60');
    assert.equal(summary.spleen_mean_hu, '62');
    assert.equal(summary.liver_minus_spleen_hu, '41');
    assert.equal(summary.contrast, 'unenhanced');
    assert.equal(summary.contrast_confirmed, 'false');
    assert.match(summary.hints ?? '', /iron deposition/);
  });

  it('each HU ROI with mean, SD, min, max, area, pixel count and image', () => {
    const left = rows.find((r) => r.annotation_uid === 'liver-left');
    assert.equal(left?.kind, 'liver-roi');
    assert.deepEqual(
      [left?.mean, left?.sd, left?.min, left?.max, left?.area_mm2, left?.pixel_count, left?.instance_number],
      ['101', '8', '90.9', '111.1', '200', '89', '28'],
    );
    assert.equal(left?.in_summary, 'true');
    assert.equal(left?.series_description, 'CT CHEST ABDOMEN PELVIS WITHOUT CONTRAST');
    const spleen = rows.find((r) => r.kind === 'spleen-roi');
    assert.equal(spleen?.mean, '62');
  });

  it('puts an ROI warning on the ROI row, not on the summary', () => {
    const fatty = csvObjects(inventoryToCsv(fattyLiverInventory()));
    assert.match(fatty.find((r) => r.annotation_uid === 'liver-c')?.warnings ?? '', /area unknown/);
    assert.equal(fatty.find((r) => r.kind === 'liver-summary')?.warnings, '');
  });
});

describe('CSV teaching export', () => {
  it('leaves out the patient id and study dates, from a full inventory too', () => {
    for (const text of [inventoryToCsv(sampleInventory(), { teaching: true }), inventoryToCsv(sampleInventory({ teaching: true }))]) {
      assert.ok(!text.includes('EMH-0001'));
      assert.ok(!text.includes('2026-11-2'));
      const teachingRows = csvObjects(text);
      assert.equal(teachingRows.length, rows.length);
      for (const r of teachingRows) {
        assert.equal(r.patient_id, '');
        assert.equal(r.study_date, '');
      }
      assert.equal(teachingRows.find((r) => r.lesion_id === 'L4')?.long_axis_cm, '10');
    }
  });
});
