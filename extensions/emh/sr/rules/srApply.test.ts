import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { createInventoryStore } from '../../inventory/rules/inventoryStore';
import { CT_PLAIN } from '../../inventory/rules/sampleCase.fixture';
import { CASE_CONTEXT, decidedStore, fixedTrackingUids, restoreOptions, sampleReportInput, sampleStore } from './sampleReport.fixture';
import { applyRestoredInventory } from './srApply';
import { readMeasurementReport } from './srRead';
import { restoreInventory } from './srRestore';
import { writeMeasurementReport } from './srWrite';

const restoredFrom = (store: ReturnType<typeof sampleStore>) =>
  restoreInventory(readMeasurementReport(writeMeasurementReport(sampleReportInput(store))), restoreOptions);

describe('applyRestoredInventory (the store side of the viewer import)', () => {
  it("gives an empty case the report's lesions, rows and decisions", () => {
    const decided = decidedStore();
    const target = createInventoryStore();
    assert.deepEqual(applyRestoredInventory(target, restoredFrom(decided)), []);
    // Every row, the annotation-less `other` lesion too, each with its tracking UID.
    assert.deepEqual(target.lesionIds(), decided.lesionIds());
    assert.deepEqual(
      target.state().lesions.map((l) => l.trackingUid),
      fixedTrackingUids(decided.inventory(CASE_CONTEXT)).lesions.map((l) => l.trackingUid),
    );
    assert.equal(target.state().liverCallOverride, 'within');
    assert.deepEqual(target.state().seriesOverrides, decided.state().seriesOverrides);
    const before = decided.inventory(CASE_CONTEXT);
    const after = target.inventory(CASE_CONTEXT);
    assert.deepEqual(
      after.lesions.map((l) => [l.id, l.site, l.notes, l.t1.override, l.t2.override]),
      before.lesions.map((l) => [l.id, l.site, l.notes, l.t1.override, l.t2.override]),
    );
    assert.equal(after.liver.callOverride, 'within');
  });

  it("leaves the case's own decisions alone where the report states none", () => {
    const target = createInventoryStore();
    target.setLiverCallOverride('below');
    target.setSeriesContrast(CT_PLAIN, 'enhanced');
    applyRestoredInventory(target, restoredFrom(sampleStore()));
    assert.equal(target.state().liverCallOverride, 'below');
    assert.deepEqual(target.state().seriesOverrides, { [CT_PLAIN]: { weighting: null, contrast: 'enhanced' } });
  });

  it("adds the rows, then the annotations, then the rows' fields, each one notification", () => {
    const restored = restoredFrom(decidedStore());
    const target = createInventoryStore();
    const reasons: string[] = [];
    target.subscribe((change) => reasons.push(change.reason));
    applyRestoredInventory(target, restored);
    assert.deepEqual(reasons.slice(0, 3), ['new-lesion', 'upsert', 'update-lesion']);
    assert.ok(
      reasons.slice(3).every((reason) => reason === 'series-override' || reason === 'liver-override'),
      reasons.join(', '),
    );
    assert.equal(target.state().annotations.length, restored.annotations.length);
    for (let step = 0; step < reasons.length; step += 1) target.undo();
    assert.deepEqual(target.state().annotations, []);
    assert.deepEqual(target.lesionIds(), []);
  });
});
