import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { EmhInventory } from '../../inventory/rules/inventoryTypes';
import { inventoryForExport, inventoryToJson } from './inventoryJson';
import { PATIENT, sampleInventory, STUDIES } from './sampleInventory.fixture';
import { textWithoutTrackingUids } from '../../inventory/rules/trackingUids.fixture';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const inventory = sampleInventory();
const text = inventoryToJson(inventory);
const parsed = JSON.parse(text) as { [key: string]: Json };

function at(value: Json | undefined, path: string): Json | undefined {
  let current: Json | undefined = value;
  for (const key of path.split('.')) {
    if (current === null || current === undefined || typeof current !== 'object') return undefined;
    current = Array.isArray(current) ? current[Number(key)] : current[key];
  }
  return current;
}

/** Every field docs/exports.md#json names, as paths into the first element of each list. */
const SPEC_FIELDS = [
  'format',
  'version',
  'patient',
  'studies',
  'lesions',
  ...[
    'id',
    'site',
    'siteCode',
    'laterality',
    'notes',
    'longAxisMm',
    'shortAxisMm',
    'ct.meanHU',
    'ct.sdHU',
    'ct.areaMm2',
    ...['t1', 't2'].flatMap((w) => ['ratio', 'call', 'override', 'lesionMean', 'muscleMean'].map((f) => `${w}.${f}`)),
    'refs',
    ...['studyInstanceUID', 'seriesInstanceUID', 'sopInstanceUID', 'frame'].map((f) => `refs.0.${f}`),
  ].map((f) => `lesions.0.${f}`),
  ...[
    'rois',
    ...['organ', 'meanHU', 'sdHU', 'minHU', 'maxHU', 'areaMm2', 'pixelCount', 'ref'].map((f) => `rois.0.${f}`),
    'meanHU',
    'pixelWeightedMeanHU',
    'normalRangeHU',
    'call',
    'contrast',
    'spleenMeanHU',
    'liverMinusSpleenHU',
    'warnings',
  ].map((f) => `liver.${f}`),
  'muscleReferences',
  ...['seriesInstanceUID', 'weighting', 'mean', 'sd', 'areaMm2', 'ref'].map((f) => `muscleReferences.0.${f}`),
  'warnings',
];

/** Present, even when null: a null is a value of the contract, a missing key is not. */
function hasPath(root: Json, path: string): boolean {
  const parts = path.split('.');
  const parent = parts.length === 1 ? root : at(root, parts.slice(0, -1).join('.'));
  const key = parts[parts.length - 1] ?? '';
  if (Array.isArray(parent)) return parent[Number(key)] !== undefined;
  return parent !== null && parent !== undefined && typeof parent === 'object' && key in parent;
}

const lesion = (id: string): { [key: string]: Json } => {
  const lesions = parsed.lesions;
  const found = Array.isArray(lesions) ? lesions.find((l) => at(l, 'id') === id) : undefined;
  if (found === undefined || found === null || typeof found !== 'object' || Array.isArray(found)) throw new Error(id);
  return found;
};

describe('JSON export: the contract in docs/exports.md#json', () => {
  it('is format "emh-inventory", version 1, first in the file', () => {
    assert.equal(parsed.format, 'emh-inventory');
    assert.equal(parsed.version, 1);
    assert.deepEqual(Object.keys(parsed).slice(0, 2), ['format', 'version']);
  });

  it('carries every field docs/exports.md#json names', () => {
    const missing = SPEC_FIELDS.filter((path) => !hasPath(parsed, path));
    assert.deepEqual(missing, []);
  });

  it('uses only the values docs/exports.md#json lists', () => {
    const lesions = parsed.lesions as Json[];
    const sites = [
      'paraspinal-thoracic',
      'paraspinal-lumbar',
      'presacral',
      'paracostal',
      'liver',
      'spleen',
      'lymph-node',
      'mediastinum',
      'retroperitoneum',
      'other',
      null,
    ];
    const calls = ['markedly-hypo', 'hypo', 'iso', 'hyper', 'indeterminate', null];
    const contrasts = ['unenhanced', 'enhanced', 'unknown', null];
    for (const l of lesions) {
      assert.ok(sites.includes(at(l, 'site') as string | null));
      assert.ok(['right', 'left', 'bilateral', null].includes(at(l, 'laterality') as string | null));
      for (const path of ['t1.call', 't1.override', 't2.call', 't2.override']) assert.ok(calls.includes(at(l, path) as string | null));
    }
    assert.ok(['below', 'within', 'above', 'none'].includes(at(parsed, 'liver.call') as string));
    assert.ok(contrasts.includes(at(parsed, 'liver.contrast') as string | null));
    for (const m of parsed.muscleReferences as Json[]) {
      assert.ok(['T1', 'T2', 'PD', 'STIR', 'FLAIR', 'DWI', 'unknown'].includes(at(m, 'weighting') as string));
    }
  });

  it('is the store inventory, unchanged, pretty-printed with a final newline', () => {
    assert.deepEqual(parsed, JSON.parse(JSON.stringify(inventory)));
    assert.ok(text.startsWith('{\n  "format": "emh-inventory",\n  "version": 1,\n'));
    assert.ok(text.endsWith('}\n'));
  });
});

describe('JSON export: the sample case values', () => {
  it('L4 presacral 100 x 57 mm, T2 0.57 hypo against muscle 300', () => {
    const l4 = lesion('L4');
    assert.equal(Math.round((l4.longAxisMm as number) * 1000) / 1000, 100);
    assert.equal(l4.shortAxisMm, 57);
    assert.deepEqual(at(l4, 'siteCode'), { value: '54735007', scheme: 'SCT', meaning: 'Sacrum' });
    assert.equal(at(l4, 't2.ratio'), 0.57);
    assert.equal(at(l4, 't2.call'), 'hypo');
    assert.equal(at(l4, 't2.muscleMean'), 300);
    assert.equal(at(l4, 'refs.0.sopInstanceUID'), '1.2.826.0.1.3680043.10.1.1.1.50');
  });

  it('liver 103 HU above the range, spleen 62, liver minus spleen 41', () => {
    assert.equal(at(parsed, 'liver.meanHU'), 103);
    assert.equal(at(parsed, 'liver.call'), 'above');
    assert.deepEqual(at(parsed, 'liver.normalRangeHU'), [54, 60]);
    assert.equal(at(parsed, 'liver.spleenMeanHU'), 62);
    assert.equal(at(parsed, 'liver.liverMinusSpleenHU'), 41);
  });
});

describe('JSON export: null, never 0', () => {
  it('an uncalibrated lesion has null mm and its pixels beside', () => {
    const l6 = lesion('L6');
    assert.equal(l6.longAxisMm, null);
    assert.equal(l6.shortAxisMm, null);
    assert.deepEqual(l6.axesPx, { longAxisPx: 30, shortAxisPx: 20 });
    assert.equal(at(l6, 'ct.meanHU'), null);
    assert.equal(at(l6, 't1.ratio'), null);
  });

  it('a T2 ROI without a muscle reference has a lesion mean and a null ratio and call', () => {
    const l7 = lesion('L7');
    assert.equal(at(l7, 't2.lesionMean'), 650);
    assert.equal(at(l7, 't2.ratio'), null);
    assert.equal(at(l7, 't2.call'), null);
    assert.equal(at(l7, 't2.muscleMean'), null);
    assert.equal(at(l7, 'ct.meanHU'), -12.5);
  });

  it('a measured 0 HU stays 0', () => {
    assert.equal(at(lesion('L8'), 'ct.meanHU'), 0);
  });

  it('writes a NaN that slipped through as null, not 0', () => {
    const [first, ...others] = inventory.lesions;
    assert.ok(first);
    const broken: EmhInventory = { ...inventory, lesions: [{ ...first, ct: { ...first.ct, meanHU: Number.NaN } }, ...others] };
    assert.equal(at(JSON.parse(inventoryToJson(broken)) as Json, 'lesions.0.ct.meanHU'), null);
  });
});

describe('JSON export: teaching', () => {
  it('keeps patient and studies in a clinical export', () => {
    assert.deepEqual(parsed.patient, { ...PATIENT });
    assert.deepEqual(parsed.studies, JSON.parse(JSON.stringify(STUDIES)));
  });

  it('leaves out patient and studies even when the inventory has them', () => {
    const teaching = inventoryToJson(inventory, { teaching: true });
    const document = JSON.parse(teaching) as { [key: string]: Json };
    assert.equal('patient' in document, false);
    assert.equal('studies' in document, false);
    for (const identifying of ['EMH-0001', 'EMH^Phantom', '20261125', 'A-1']) assert.ok(!teaching.includes(identifying), identifying);
    assert.equal(document.format, 'emh-inventory');
    // The same lesions, but no study date in their history (dates identify a visit).
    assert.deepEqual(document.lesions, JSON.parse(JSON.stringify(parsed.lesions, (key, v: unknown) => (key === 'date' ? null : v))));
    assert.equal('patient' in inventoryForExport(inventory, { teaching: true }), false);
    assert.ok('patient' in inventory, 'the caller object is not changed');
  });

  it('agrees with a store inventory built for teaching', () => {
    assert.equal(
      textWithoutTrackingUids(inventoryToJson(sampleInventory({ teaching: true }))),
      textWithoutTrackingUids(inventoryToJson(inventory, { teaching: true })),
    );
  });
});
