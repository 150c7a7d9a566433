/**
 * The CSV and JSON of the exports bench's 1,000-lesion case and of 300 random states, read
 * back: every lesion's numbers, identity and warnings in the CSV are the inventory's, to 12
 * significant digits (docs/exports.md#csv), and the JSON parses to exactly the inventory it was
 * written from. A faster formatter that dropped a row, shifted a column or rounded a value fails.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { DEFAULT_THRESHOLDS } from '../../inventory/rules/config';
import type { EmhInventory, LesionExport } from '../../inventory/rules/inventoryTypes';
import { buildInventory } from '../../inventory/rules/lesionInventory';
import { CONTEXT, manyLesionSteps, randomState, stateFromSteps } from '../../inventory/rules/manyLesions.fixture';
import { csvObjects } from './csvTestParser';
import { inventoryToCsv } from './inventoryCsv';
import { inventoryForExport, inventoryToJson } from './inventoryJson';

/** A number cell: empty for null, else the value to 12 significant digits. */
function assertNumberCell(cell: string | undefined, value: number | null | undefined, what: string): void {
  if (value === null || value === undefined || !Number.isFinite(value)) {
    assert.equal(cell, '', `${what}: expected an empty cell, got ${cell}`);
    return;
  }
  assert.ok(cell !== undefined && cell !== '', `${what}: empty cell for ${value}`);
  const read = Number(cell);
  assert.ok(Math.abs(read - value) <= 1e-11 * Math.max(1, Math.abs(value)), `${what}: ${cell} for ${value}`);
}

function assertLesionRow(row: Record<string, string>, lesion: LesionExport, teaching: boolean): void {
  const what = `${lesion.id}`;
  assert.equal(row.lesion_id, lesion.id);
  assert.equal(row.site, lesion.site ?? '');
  assert.equal(row.laterality, lesion.laterality ?? '');
  assertNumberCell(row.long_axis_cm, lesion.longAxisMm === null ? null : lesion.longAxisMm / 10, `${what} long axis`);
  assertNumberCell(row.short_axis_cm, lesion.shortAxisMm === null ? null : lesion.shortAxisMm / 10, `${what} short axis`);
  assertNumberCell(row.long_axis_px, lesion.axesPx?.longAxisPx, `${what} long axis px`);
  assertNumberCell(row.ct_mean_hu, lesion.ct.meanHU, `${what} CT mean`);
  assertNumberCell(row.ct_sd_hu, lesion.ct.sdHU, `${what} CT SD`);
  assertNumberCell(row.t1_ratio, lesion.t1.ratio, `${what} T1 ratio`);
  assertNumberCell(row.t2_ratio, lesion.t2.ratio, `${what} T2 ratio`);
  assert.equal(row.t1_signal, lesion.t1.call ?? '');
  assert.equal(row.t2_override, lesion.t2.override ?? '');
  assert.equal(row.instance_number, lesion.refs[0]?.instanceNumber == null ? '' : String(lesion.refs[0].instanceNumber));
  if (teaching) {
    assert.equal(row.patient_id, '', `${what}: a teaching CSV names no patient`);
    assert.equal(row.study_date, '', `${what}: a teaching CSV has no study date`);
  }
}

function assertCsv(inventory: EmhInventory, teaching: boolean): void {
  const rows = csvObjects(inventoryToCsv(inventory, { teaching }));
  const lesions = rows.filter((r) => r.kind === 'lesion');
  assert.equal(lesions.length, inventory.lesions.length);
  inventory.lesions.forEach((lesion, i) => assertLesionRow(lesions[i]!, lesion, teaching));
  assert.equal(rows.filter((r) => r.kind === 'muscle-ref').length, inventory.muscleReferences.length);
  assert.equal(rows.length, inventory.lesions.length + 1 + inventory.liver.rois.length + inventory.muscleReferences.length);
  const summary = rows.find((r) => r.kind === 'liver-summary');
  assertNumberCell(summary?.mean, inventory.liver.meanHU, 'liver mean');
  assert.equal(summary?.liver_call, inventory.liver.call);
}

function assertJson(inventory: EmhInventory, teaching: boolean): void {
  assert.deepStrictEqual(
    JSON.parse(inventoryToJson(inventory, { teaching })),
    JSON.parse(JSON.stringify(inventoryForExport(inventory, { teaching }))),
  );
}

describe('CSV and JSON exports read back to the inventory', () => {
  const many = buildInventory(stateFromSteps(manyLesionSteps(1000)), DEFAULT_THRESHOLDS, CONTEXT);
  const random: EmhInventory[] = [];
  for (let seed = 1; seed <= 300; seed += 1) {
    random.push(buildInventory(randomState(seed), DEFAULT_THRESHOLDS, seed % 2 === 0 ? CONTEXT : {}));
  }

  it('1,000 lesions as CSV, for the record and for teaching', () => {
    assertCsv(many, false);
    assertCsv(many, true);
  });

  it('1,000 lesions as JSON, for the record and for teaching', () => {
    assertJson(many, false);
    assertJson(many, true);
  });

  it('300 random states as CSV and JSON', () => {
    for (const inventory of random) {
      assertCsv(inventory, false);
      assertJson(inventory, false);
    }
  });
});
