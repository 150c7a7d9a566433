import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  describeSite,
  EMH_SITES,
  isEmhSite,
  isLaterality,
  LATERALITY_CODES,
  LATERALITY_CONCEPT,
  SITE_DEFINITIONS,
  siteTakesLaterality,
} from './sites';

describe('sites', () => {
  it('has exactly the export site keys, in the order of docs/lesions.md#sites-and-their-codes', () => {
    assert.deepEqual(
      [...EMH_SITES],
      [
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
      ],
    );
    for (const site of EMH_SITES) assert.equal(SITE_DEFINITIONS[site].key, site);
  });

  it('codes each site with the SNOMED CT code of docs/lesions.md#sites-and-their-codes', () => {
    const codes = Object.fromEntries(EMH_SITES.map((s) => [s, SITE_DEFINITIONS[s].code?.value ?? null]));
    assert.deepEqual(codes, {
      'paraspinal-thoracic': '122495006',
      'paraspinal-lumbar': '122496007',
      presacral: '54735007',
      paracostal: '113197003',
      liver: '10200004',
      spleen: '78961009',
      'lymph-node': '59441001',
      mediastinum: '72410000',
      retroperitoneum: '82849001',
      other: null,
    });
    for (const site of EMH_SITES) {
      const code = SITE_DEFINITIONS[site].code;
      if (code) assert.equal(code.scheme, 'SCT');
    }
  });

  it('gives presacral the Anterior modifier and no other site a modifier', () => {
    assert.deepEqual(SITE_DEFINITIONS.presacral.modifier, { value: '255549009', scheme: 'SCT', meaning: 'Anterior' });
    for (const site of EMH_SITES.filter((s) => s !== 'presacral')) assert.equal(SITE_DEFINITIONS[site].modifier, null);
  });

  it('codes laterality', () => {
    assert.equal(LATERALITY_CONCEPT.value, '272741003');
    assert.equal(LATERALITY_CODES.right.value, '24028007');
    assert.equal(LATERALITY_CODES.left.value, '7771000');
    assert.equal(LATERALITY_CODES.bilateral.value, '51440002');
  });

  it("labels sites in a radiologist's words", () => {
    assert.equal(SITE_DEFINITIONS['paraspinal-thoracic'].label, 'Paraspinal, thoracic');
    assert.equal(describeSite('paraspinal-thoracic', 'right'), 'Paraspinal, thoracic, right');
    assert.equal(describeSite('presacral'), 'Presacral');
    assert.equal(describeSite('other', 'left', 'Adrenal'), 'Adrenal, left');
    assert.equal(describeSite('other', null, '  '), 'Other');
    assert.equal(describeSite(null), 'Site not set');
  });

  it('takes laterality for lateral sites only', () => {
    assert.equal(siteTakesLaterality('paraspinal-thoracic'), true);
    assert.equal(siteTakesLaterality('paraspinal-lumbar'), true);
    assert.equal(siteTakesLaterality('paracostal'), true);
    assert.equal(siteTakesLaterality('presacral'), false);
    assert.equal(siteTakesLaterality('liver'), false);
    assert.equal(siteTakesLaterality('spleen'), false);
    assert.equal(siteTakesLaterality('mediastinum'), false);
  });

  it('recognises valid values only', () => {
    assert.ok(isEmhSite('lymph-node'));
    assert.ok(!isEmhSite('Lymph node'));
    assert.ok(!isEmhSite(undefined));
    assert.ok(isLaterality('bilateral'));
    assert.ok(!isLaterality('both'));
  });
});
