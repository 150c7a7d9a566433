import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { createInventoryStore } from '../inventory/rules/inventoryStore';
import { CT_STUDY, sampleCaseAnnotations } from '../inventory/rules/sampleCase.fixture';
import { IronStore } from '../iron/rules/ironStore';
import { sampleIronRois } from '../iron/rules/ironSample.fixture';
import { ironRecords, makeRecord, readSaved, rebindSources, restoredNotice, savedIron } from './savedInventory';

const PATIENT = { id: 'EMH-0001', issuer: 'EMH-PHANTOM', name: 'EMH^Phantom', birthDate: '19890617' };

function caseWithIron() {
  const lesions = createInventoryStore();
  lesions.upsertMany(sampleCaseAnnotations());
  const iron = new IronStore(() => 'A');
  for (const roi of sampleIronRois()) iron.add('A', roi);
  iron.setCalibration('A', 'garbowski-2014');
  return { lesions, iron };
}

describe('autosave of the iron ROIs', () => {
  it('comes back as it was saved: same ROIs, ids, fits and calibration, so the same inventory', () => {
    const { lesions, iron } = caseWithIron();
    const record = makeRecord(
      CT_STUDY,
      'case-1',
      [CT_STUDY],
      lesions.serialise(),
      1000,
      PATIENT,
      savedIron(iron.rois(), iron.calibration()),
    );
    // IndexedDB keeps a structured clone of the record.
    const back = readSaved(structuredClone(record));
    assert.ok(back.ok);
    assert.deepEqual(back.value, record);
    const reloaded = new IronStore(() => 'A');
    reloaded.restore('A', ironRecords(back.value.iron!), back.value.iron!.calibration);
    assert.deepEqual(reloaded.rois(), iron.rois());
    assert.equal(reloaded.calibration(), 'garbowski-2014');
    assert.deepEqual(reloaded.inventory(), iron.inventory());
    assert.ok(Math.abs(reloaded.inventory().liver.licMgFeG! - 0.029 * 385.75 ** 1.014) < 1e-9);
    // Ids go on after the restored ones, never reused.
    assert.equal(reloaded.add('A', sampleIronRois()[0]!).id, 'I4');
  });

  it("tells an unchanged patient's iron by identity, so another patient's change saves nothing here", () => {
    const { iron } = caseWithIron();
    const [a, none] = [iron.roisOf('A'), iron.roisOf('B')];
    iron.add('C', sampleIronRois()[0]!);
    iron.setCalibration('C', 'garbowski-2014');
    assert.equal(iron.roisOf('A'), a);
    assert.equal(iron.roisOf('B'), none);
    assert.equal(iron.calibrationOf('B'), 'wood-2005');
  });

  it('reads a record of an older build (no iron) as no iron', () => {
    const { lesions } = caseWithIron();
    const { iron: _none, ...older } = makeRecord(CT_STUDY, 'c', [CT_STUDY], lesions.serialise(), 1, PATIENT);
    const back = readSaved(structuredClone(older));
    assert.ok(back.ok);
    assert.equal(back.value.iron, null);
    assert.equal(back.value.snapshot.state.annotations.length, lesions.state().annotations.length);
  });

  it('refuses a record whose iron is damaged, naming the ROI and field (the record is then kept aside)', () => {
    const { lesions, iron } = caseWithIron();
    const record = makeRecord(CT_STUDY, 'c', [CT_STUDY], lesions.serialise(), 1, PATIENT, savedIron(iron.rois(), iron.calibration()));
    const damagedRoi = { ...record, iron: { ...record.iron!, rois: [{ ...record.iron!.rois[0]!, r2starHz: 'high' }] } };
    const refused = readSaved(structuredClone(damagedRoi));
    assert.ok(!refused.ok && /Iron ROI I1: "r2starHz"/.test(refused.reason), JSON.stringify(refused));
    const unknownCalibration = readSaved({ ...record, iron: { ...record.iron!, calibration: 'st-pierre-2005' } });
    assert.ok(!unknownCalibration.ok && /calibration/.test(unknownCalibration.reason));
  });

  it('says what was restored: the lesion words as before, the iron ROIs counted when there are some', () => {
    const { lesions } = caseWithIron();
    const rebound = rebindSources(lesions.serialise(), () => null);
    const { lesions: l, annotations: a } = lesions.state();
    const without = restoredNotice(rebound, 0, 'EMH^Phantom', 0) ?? '';
    assert.match(without, new RegExp(`^Restored ${l.length} lesions and ${a.length} annotations of EMH\\^Phantom saved at `));
    const withIron = restoredNotice(rebound, 3, 'EMH^Phantom', 0) ?? '';
    assert.match(withIron, new RegExp(`^Restored ${l.length} lesions, ${a.length} annotations and 3 iron ROIs of `));
    const ironOnly = restoredNotice(
      rebindSources(createInventoryStore().serialise(), () => null),
      1,
      'P',
      0,
    );
    assert.match(ironOnly ?? '', /^Restored 1 iron ROI of P saved at /);
    assert.equal(
      restoredNotice(
        rebindSources(createInventoryStore().serialise(), () => null),
        0,
        'P',
        0,
      ),
      null,
    );
  });
});
