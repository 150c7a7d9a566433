import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { belongsToLesion, withLesionId } from '../../inventory/rules/annotationTypes';
import { applyLesionEdit, newLesionRecord, validateLesionEdit } from './lesionEdit';
import { axesAnnotation, CT_PLAIN, huAnnotation, MR_T2, signalAnnotation } from '../../inventory/rules/sampleCase.fixture';

describe('validateLesionEdit', () => {
  it('accepts every editable field, and null to clear', () => {
    const edit = { site: 'spleen', siteText: null, laterality: null, notes: '', t1Override: 'iso', t2Override: null };
    assert.deepEqual(validateLesionEdit(edit), { ok: true, value: edit });
    assert.equal(validateLesionEdit({}).ok, true);
  });

  it('refuses what it cannot use instead of dropping it', () => {
    assert.equal(validateLesionEdit({ site: 'paraspinal thoracic' }).ok, false);
    assert.equal(validateLesionEdit({ id: 'L2' }).ok, false);
    assert.equal(validateLesionEdit(null).ok, false);
    assert.equal(validateLesionEdit([]).ok, false);
    assert.equal(validateLesionEdit({ siteText: 3 }).ok, false);
  });
});

describe('applyLesionEdit', () => {
  it('changes only the given fields, clears with null, and makes the lesion explicit', () => {
    const start = { ...newLesionRecord('L1', true), notes: 'old', laterality: 'left' as const };
    const edited = applyLesionEdit(start, { site: 'other', siteText: '  ', laterality: null });
    assert.deepEqual(edited, {
      id: 'L1',
      trackingUid: start.trackingUid,
      site: 'other',
      siteText: null,
      laterality: null,
      notes: 'old',
      t1Override: null,
      t2Override: null,
      implicit: false,
    });
  });
});

describe('annotation helpers', () => {
  it('tells lesion annotations from reference ROIs', () => {
    assert.equal(belongsToLesion(axesAnnotation('a', CT_PLAIN, 1, 10, 5)), true);
    assert.equal(belongsToLesion(huAnnotation('h', CT_PLAIN, 1, 'lesion', 48)), true);
    assert.equal(belongsToLesion(huAnnotation('h', CT_PLAIN, 1, 'liver', 103)), false);
    assert.equal(belongsToLesion(signalAnnotation('s', MR_T2, 1, 'lesion', 180)), true);
    assert.equal(belongsToLesion(signalAnnotation('s', MR_T2, 1, 'muscle', 300)), false);
  });

  it('sets and removes a lesion id without touching the rest', () => {
    const a = axesAnnotation('a', CT_PLAIN, 1, 10, 5, 'L1');
    assert.equal(withLesionId(a, 'L2').lesionId, 'L2');
    const cleared = withLesionId(a, null);
    assert.ok(!('lesionId' in cleared));
    assert.deepEqual({ ...cleared, lesionId: 'L1' }, a);
  });
});
