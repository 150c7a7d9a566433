import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { ImageRef } from '../../inventory/rules/common';
import { EmhInventoryStore, createInventoryStore } from '../../inventory/rules/inventoryStore';
import { CT_PLAIN, CT_STUDY, huAnnotation } from '../../inventory/rules/sampleCase.fixture';
import { ActiveCaseStore } from './activeCaseStore';

const OTHER_STUDY = '2.25.99';
const otherPatient = (ref: ImageRef): string | null => (ref.studyInstanceUID === OTHER_STUDY ? 'another patient' : null);
const onOtherPatient = (uid: string, mean: number) => {
  const a = huAnnotation(uid, CT_PLAIN, 20, 'liver', mean);
  return { ...a, ref: { ...a.ref, studyInstanceUID: OTHER_STUDY } };
};

describe('the active case store', () => {
  it('forwards every public method of the store (a new one must be forwarded too)', () => {
    const own = (proto: object): string[] =>
      Object.getOwnPropertyNames(proto).filter(
        (name) => name !== 'constructor' && typeof Object.getOwnPropertyDescriptor(proto, name)?.value === 'function',
      );
    const forwarded = new Set(own(ActiveCaseStore.prototype));
    const missing = own(EmhInventoryStore.prototype).filter((name) => !forwarded.has(name));
    assert.deepEqual(missing, []);
  });

  it("keeps each patient's liver ROIs in that patient's case", () => {
    const phantom = createInventoryStore();
    const jane = createInventoryStore();
    const active = new ActiveCaseStore(phantom, () => null);
    for (const [i, mean] of [58, 60, 62].entries()) active.upsert(huAnnotation(`liver-${i}`, CT_PLAIN, 20 + i, 'liver', mean));
    assert.equal(active.inventory().liver.rois.length, 3);
    assert.equal(active.inventory().liver.meanHU, 60);
    active.switchTo(jane);
    assert.equal(active.inventory().liver.rois.length, 0);
    active.upsert(huAnnotation('jane-liver', CT_PLAIN, 20, 'liver', 20));
    assert.equal(jane.inventory().liver.rois.length, 1);
    active.switchTo(phantom);
    assert.equal(active.inventory().liver.rois.length, 3);
    assert.equal(active.inventory().liver.meanHU, 60);
  });

  it("refuses an annotation on another patient's image, alone or in a batch", () => {
    const phantom = createInventoryStore();
    const active = new ActiveCaseStore(phantom, otherPatient);
    const single = active.upsert(onOtherPatient('x', 20));
    assert.deepEqual(single, { ok: false, reason: 'another patient' });
    const batch = active.upsertMany([
      huAnnotation('a', CT_PLAIN, 20, 'liver', 60),
      onOtherPatient('b', 20),
      huAnnotation('c', CT_PLAIN, 21, 'liver', 62),
    ]);
    assert.deepEqual(
      batch.map((r) => r.ok),
      [true, false, true],
    );
    assert.deepEqual(
      phantom.state().annotations.map((a) => a.annotationUID),
      ['a', 'c'],
    );
    assert.equal(
      phantom.state().annotations.every((a) => a.ref.studyInstanceUID === CT_STUDY),
      true,
    );
  });

  it('tells its listeners about a switch as a whole-state change, and stops hearing the old case', () => {
    const phantom = createInventoryStore();
    const jane = createInventoryStore();
    phantom.upsert(huAnnotation('p', CT_PLAIN, 20, 'liver', 60));
    const active = new ActiveCaseStore(phantom, () => null);
    const heard: string[] = [];
    active.subscribe((change) => heard.push(`${change.reason}:${change.removedAnnotations.length}`));
    active.switchTo(jane);
    phantom.upsert(huAnnotation('q', CT_PLAIN, 21, 'liver', 61));
    jane.upsert(huAnnotation('j', CT_PLAIN, 20, 'liver', 20));
    assert.deepEqual(heard, ['restore:1', 'upsert:0']);
    assert.equal(active.canUndo(), true);
    assert.equal(active.undo(), true);
    assert.equal(jane.state().annotations.length, 0);
    assert.equal(phantom.state().annotations.length, 2);
  });
});
