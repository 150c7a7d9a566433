import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { EmhInventory } from '../../inventory/rules/inventoryTypes';
import { ironInventory, ironRoiFromJson, ironRoiJson } from '../../iron/rules/ironReport';
import { sampleIronRois } from '../../iron/rules/ironSample.fixture';
import { inventoryToJson } from './inventoryJson';
import { sampleInventory } from './sampleInventory.fixture';

type Json = { [key: string]: unknown };

const parse = (inventory: EmhInventory, teaching = false): Json => JSON.parse(inventoryToJson(inventory, { teaching })) as Json;

const ROI_KEYS = [
  'id',
  'organ',
  'r2starHz',
  't2starMs',
  's0',
  'offset',
  'rSquared',
  'echoesUsed',
  'model',
  'meanSignal',
  'echoTimesMs',
  'pixels',
  'fieldStrengthT',
  'ref',
].sort();

describe('JSON export: iron', () => {
  it('carries iron at the top level in the shape of docs/iron.md, every number as computed', () => {
    const rois = sampleIronRois();
    const iron = ironInventory(rois);
    const out = parse({ ...sampleInventory(), iron }).iron as Json;
    assert.deepEqual(out, JSON.parse(JSON.stringify(iron)));
    assert.deepEqual(Object.keys(out).sort(), ['heart', 'liver', 'other']);
    const liver = out.liver as Json;
    assert.deepEqual(
      Object.keys(liver).sort(),
      ['calibration', 'fieldStrengthT', 'grade', 'licMgFeG', 'r2starHz', 'rois', 't2starMs'].sort(),
    );
    assert.equal(liver.licMgFeG, 0.0254 * (liver.r2starHz as number) + 0.202);
    assert.ok(Math.abs((liver.licMgFeG as number) - 10.00005) < 1e-9);
    assert.equal(liver.grade, 'moderate');
    assert.equal(liver.calibration, 'wood-2005');
    assert.equal(liver.fieldStrengthT, 1.5);
    const heart = out.heart as Json;
    assert.deepEqual(Object.keys(heart).sort(), ['fieldStrengthT', 'grade', 'r2starHz', 'rois', 't2starMs']);
    assert.equal(heart.fieldStrengthT, 1.5);
    assert.ok(Math.abs((heart.t2starMs as number) - 15) < 1e-9);
    assert.equal(heart.grade, 'mild-moderate');
    const all = [...(liver.rois as Json[]), ...(heart.rois as Json[]), ...(out.other as Json[])];
    assert.deepEqual(
      all.map((r) => r.organ),
      ['liver', 'heart', 'spleen'],
    );
    for (const roi of all) assert.deepEqual(Object.keys(roi).sort(), ROI_KEYS);
    // What an import reads back is the ROI that was exported, to the last bit.
    assert.deepEqual(all.map(ironRoiFromJson).map(ironRoiJson), rois.map(ironRoiJson));
  });

  it('writes the reason and null LIC at 3 T', () => {
    const liver = (parse({ ...sampleInventory(), iron: ironInventory(sampleIronRois(3)) }).iron as Json).liver as Json;
    assert.equal(liver.licMgFeG, null);
    assert.equal(liver.calibration, null);
    assert.equal(liver.grade, null);
    assert.match(String(liver.reason), /No LIC at 3 T/);
  });

  it('is the empty inventory without iron ROIs: nulls and empty lists, never 0', () => {
    const out = parse({ ...sampleInventory(), iron: ironInventory([]) }).iron as Json;
    assert.deepEqual(out, {
      liver: {
        r2starHz: null,
        t2starMs: null,
        licMgFeG: null,
        calibration: null,
        fieldStrengthT: null,
        grade: null,
        reason: 'No liver ROI yet',
        rois: [],
      },
      heart: { t2starMs: null, r2starHz: null, fieldStrengthT: null, grade: null, rois: [] },
      other: [],
    });
  });

  it('keeps iron in the teaching form (no patient, no studies)', () => {
    const iron = ironInventory(sampleIronRois());
    const out = parse({ ...sampleInventory(), iron }, true);
    assert.equal(out.patient, undefined);
    assert.deepEqual(out.iron, JSON.parse(JSON.stringify(iron)));
  });
});
