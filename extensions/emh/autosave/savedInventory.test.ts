import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { createInventoryStore } from '../inventory/rules/inventoryStore';
import { CT_STUDY, MR_STUDY, sampleCaseAnnotations } from '../inventory/rules/sampleCase.fixture';
import {
  UNOPENED_IMAGE,
  clearedSnapshot,
  hasRebindable,
  isEmptyState,
  makeRecord,
  newest,
  notDrawn,
  readSaved,
  rebindSources,
  isRecordOf,
  studiesOf,
  withoutOtherPatients,
} from './savedInventory';
import { withoutTrackingUids } from '../inventory/rules/trackingUids.fixture';

/** The sample case as a store holds it, each drawing naming the imageId of an earlier page. */
function workedUp() {
  const store = createInventoryStore();
  sampleCaseAnnotations().forEach((a, i) =>
    store.upsert({ ...a, source: { toolName: 'x', referencedImageId: `emh:${i + 1}`, points: [[0, 0, 0]] } }),
  );
  store.updateLesion('L1', { site: 'paraspinal-thoracic', laterality: 'right' });
  return store;
}

describe('saved records', () => {
  it('read back what was written, and refuse a damaged one with a reason', () => {
    const snapshot = workedUp().serialise();
    const record = makeRecord(CT_STUDY, 'case-1', [CT_STUDY, MR_STUDY], snapshot, 1000, {
      id: 'EMH-0001',
      issuer: 'EMH-PHANTOM',
      name: 'EMH^Phantom',
      birthDate: '19890617',
    });
    const back = readSaved(structuredClone(record));
    assert.ok(back.ok);
    assert.deepEqual(back.value, record);
    assert.equal(readSaved({ ...record, savedAt: 'yesterday' }).ok, false);
    const damaged = readSaved({ ...record, snapshot: { ...snapshot, version: 2 } });
    assert.ok(!damaged.ok && /version/.test(damaged.reason));
  });

  it('cover the studies the annotations were drawn on', () => {
    assert.deepEqual(studiesOf(workedUp().state()).sort(), [CT_STUDY, MR_STUDY].sort());
  });

  it('pick the newest when several studies of a case were saved', () => {
    const snapshot = workedUp().serialise();
    const older = makeRecord(CT_STUDY, 'c', [CT_STUDY], snapshot, 1, null);
    const later = makeRecord(MR_STUDY, 'c', [MR_STUDY], snapshot, 2, null);
    assert.equal(newest([older, later]), later);
    assert.equal(newest([]), null);
  });
});

describe('rebinding drawings to this page', () => {
  it('points each drawing at the imageId its image has now, and parks the ones not open', () => {
    const snapshot = workedUp().serialise();
    const ctOnly = (ref: { studyInstanceUID: string; sopInstanceUID: string }) =>
      ref.studyInstanceUID === CT_STUDY ? `emh:now-${ref.sopInstanceUID}` : null;
    const { snapshot: rebound, unopened, changed, moved } = rebindSources(snapshot, ctOnly);
    assert.ok(changed);
    assert.equal(moved.length, snapshot.state.annotations.length);
    const mr = snapshot.state.annotations.filter((a) => a.ref.studyInstanceUID === MR_STUDY).length;
    assert.equal(unopened, mr);
    assert.equal(notDrawn(rebound.state), mr);
    for (const a of rebound.state.annotations) {
      const id = (a.source as { referencedImageId: string }).referencedImageId;
      if (a.ref.studyInstanceUID === CT_STUDY) assert.equal(id, `emh:now-${a.ref.sopInstanceUID}`);
      else assert.ok(id.startsWith(UNOPENED_IMAGE));
    }
    // Nothing but the imageId moves, so the inventory is the same.
    const store = createInventoryStore();
    assert.ok(store.restore(rebound).ok);
    assert.deepEqual(withoutTrackingUids(store.inventory()), withoutTrackingUids(workedUp().inventory()));
    // Once the MR study is open too, the parked drawings are found again.
    assert.ok(hasRebindable(rebound.state, (ref) => `emh:now-${ref.sopInstanceUID}`));
    assert.ok(!hasRebindable(rebound.state, ctOnly));
  });

  it('leaves a snapshot that already matches untouched', () => {
    const snapshot = workedUp().serialise();
    const same = rebindSources(snapshot, () => null);
    const again = rebindSources(same.snapshot, () => null);
    assert.equal(again.changed, false);
    assert.equal(again.snapshot, same.snapshot);
  });
});

describe('clearing', () => {
  it('empties the inventory but never hands out a used lesion id again', () => {
    const store = workedUp();
    const ids = store.lesionIds();
    assert.ok(store.restore(clearedSnapshot(store.serialise())).ok);
    assert.ok(isEmptyState(store.state()));
    const next = store.newLesion();
    assert.ok(!ids.includes(next), `${next} was used before the clear`);
    assert.equal(next, `L${ids.length + 1}`);
  });
});

describe('records of older builds', () => {
  it("restore without another patient's measurements, and without the lesions only they made", () => {
    const snapshot = workedUp().serialise();
    const all = snapshot.state.annotations;
    const onMr = all.filter((a) => a.ref.studyInstanceUID === MR_STUDY).length;
    const { snapshot: own, dropped } = withoutOtherPatients(snapshot, (study) => study === MR_STUDY);
    assert.equal(dropped, onMr);
    assert.ok(onMr > 0);
    assert.equal(own.state.annotations.length, all.length - onMr);
    assert.ok(own.state.annotations.every((a) => a.ref.studyInstanceUID === CT_STUDY));
    const lesionsLeft = new Set(own.state.annotations.map((a) => a.lesionId));
    assert.ok(own.state.lesions.every((l) => lesionsLeft.has(l.id)));
    assert.equal(own.nextLesionNumber, snapshot.nextLesionNumber, 'ids stay never reused');
    assert.equal(withoutOtherPatients(snapshot, () => false).snapshot, snapshot);
  });
});

describe('whose record', () => {
  const phantom = { id: 'EMH-0001', issuer: 'EMH-PHANTOM', name: 'EMH^Phantom', birthDate: '19890617' };
  const record = (patient: typeof phantom | null) => makeRecord(CT_STUDY, 'c', [CT_STUDY], workedUp().serialise(), 1, patient);
  it("is this patient's by ID and issuer, checked against name and birth date", () => {
    assert.equal(isRecordOf(record(phantom), { ...phantom, name: 'EMH^PHANTOM^^' }), true);
    assert.equal(isRecordOf(record(phantom), { ...phantom, issuer: '' }), true, 'an issuer left out is no other domain');
    assert.equal(isRecordOf(record(phantom), { ...phantom, name: 'DOE^JOHN' }), false);
    assert.equal(isRecordOf(record(phantom), { ...phantom, issuer: 'OTHER-HOSPITAL' }), false);
    assert.equal(isRecordOf(record(phantom), { id: 'JANCT000', issuer: '', name: 'DOE^JANE', birthDate: '' }), false);
  });
  it('of an older build (no patient) is restored, but only after other patients are filtered out', () => {
    assert.equal(isRecordOf(record(null), phantom), true);
  });
});
