import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { createInventoryStore } from '../inventory/rules/inventoryStore';
import { CT_STUDY, MR_STUDY, sampleCaseAnnotations } from '../inventory/rules/sampleCase.fixture';
import type { AutosaveTarget } from './autosave';
import { dropOtherPatients, ownPart } from './otherPatients';
import { makeRecord } from './savedInventory';

/** A case whose store holds the sample case; `others` are studies now open as another patient's. */
function caseWith(others: Set<string>) {
  const store = createInventoryStore();
  store.upsertMany(sampleCaseAnnotations());
  let reconciled = 0;
  const target: AutosaveTarget = {
    patientKey: 'id:EMH-PHANTOM|EMH-0001',
    identity: { id: 'EMH-0001', issuer: 'EMH-PHANTOM', name: 'EMH^Phantom', birthDate: '19890617' },
    store,
    studies: () => [CT_STUDY],
    imageCount: () => 60,
    isOtherPatientStudy: (study) => others.has(study),
    reconcile: () => {
      reconciled += 1;
    },
    removeFromImages: () => undefined,
    iron: { rois: () => [], calibration: () => 'wood-2005', restore: () => undefined, subscribe: () => () => undefined },
    segments: {
      segments: () => [],
      restore: () => undefined,
      reported: () => [],
      restoreReported: () => undefined,
      subscribe: () => () => undefined,
    },
  };
  return { store, target, reconciled: () => reconciled };
}

describe("another patient's measurements in a case (records of older versions)", () => {
  it('leave the case once their study opens as another patient, with a notice that counts them', () => {
    const { store, target, reconciled } = caseWith(new Set([MR_STUDY]));
    const onMr = store.state().annotations.filter((a) => a.ref.studyInstanceUID === MR_STUDY).length;
    const total = store.state().annotations.length;
    const notice = dropOtherPatients(target);
    assert.equal(
      notice,
      `${onMr} saved measurements were on another patient's images (from a save of an older version): removed from this case.`,
    );
    assert.equal(store.state().annotations.length, total - onMr);
    assert.ok(store.state().annotations.every((a) => a.ref.studyInstanceUID === CT_STUDY));
    assert.equal(reconciled(), 1);
    assert.equal(dropOtherPatients(target), null, 'once is enough');
  });

  it('stay while nobody can tell whose they are', () => {
    const { store, target, reconciled } = caseWith(new Set());
    const before = store.state();
    assert.equal(dropOtherPatients(target), null);
    assert.equal(store.state(), before);
    assert.equal(reconciled(), 0);
  });
});

describe('a record of an older version (no patient)', () => {
  it('gives the case only what is on studies open now as its patient, and says how much waits', () => {
    const { store, target } = caseWith(new Set());
    const snapshot = store.serialise();
    const onMr = snapshot.state.annotations.filter((a) => a.ref.studyInstanceUID === MR_STUDY).length;
    const legacy = ownPart(makeRecord(CT_STUDY, 'c', [CT_STUDY, MR_STUDY], snapshot, 1, null), target);
    assert.equal(legacy.dropped, onMr);
    assert.ok(legacy.snapshot.state.annotations.every((a) => a.ref.studyInstanceUID === CT_STUDY));
    assert.match(legacy.notice ?? '', /not restored: the save is from an older version that did not tell patients apart/);
    // A record of this version is one patient's by construction: its unopened studies stay.
    const current = ownPart(makeRecord(CT_STUDY, 'c', [CT_STUDY, MR_STUDY], snapshot, 1, target.identity), target);
    assert.equal(current.dropped, 0);
    assert.equal(current.notice, null);
  });
});
