import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { createInventoryStore } from '../../inventory/rules/inventoryStore';
import { CT_STUDY, LESION_TRUTH, MR_STUDY, sampleCaseAnnotations } from '../../inventory/rules/sampleCase.fixture';
import { BASELINE_ONLY, FOLLOW_UP_CONTEXT as CONTEXT, FU_STUDY, followUpAxes, followUpStore } from './followUpCase.fixture';

const near = (actual: number | null | undefined, expected: number) =>
  assert.ok(actual != null && Math.abs(actual - expected) < 1e-9, `${actual} is not ${expected}`);

describe('the inventory over two time points', () => {
  const inventory = followUpStore().inventory(CONTEXT);
  const lesion = (id: string) => inventory.lesions.find((l) => l.id === id)!;

  it('groups the studies into T1 (CT and MR) and T2, with ISO dates', () => {
    assert.deepEqual(inventory.timepoints, [
      { id: 'T1', date: '2024-03-12', studyInstanceUIDs: [CT_STUDY, MR_STUDY] },
      { id: 'T2', date: '2024-09-10', studyInstanceUIDs: [FU_STUDY] },
    ]);
  });

  it('gives the change of the sample follow-up: 100 -> 75 mm is -25 %, 42 -> 30 mm is -28.571 %', () => {
    near(lesion('L4').change.fromPriorPct, -25);
    near(lesion('L4').change.fromBaselinePct, -25);
    near(lesion('L1').change.fromPriorPct, -28.571428571428573);
    assert.equal(lesion('L4').longAxisMm, 75, 'the top-level fields are the latest time point');
    assert.equal(lesion('L4').refs[0]?.annotationUID, 'fu-L4');
    assert.ok(
      lesion('L4').refs.some((r) => r.annotationUID === 'ax-L4'),
      'earlier images stay in refs',
    );
    assert.deepEqual(
      lesion('L4').history.map((h) => [h.timepoint, h.date, h.status, Math.round(h.longAxisMm! * 1e6) / 1e6]),
      [
        ['T1', '2024-03-12', 'measured', 100],
        ['T2', '2024-09-10', 'measured', 75],
      ],
    );
  });

  it('counts a resolved lesion 0 mm (-100 %), and leaves a new one without change', () => {
    assert.equal(lesion('L3').status, 'resolved');
    assert.equal(lesion('L3').history[1]?.longAxisMm, 0);
    near(lesion('L3').change.fromPriorPct, -100);
    assert.equal(lesion('L6').status, 'new');
    assert.deepEqual(
      lesion('L6').history.map((h) => h.timepoint),
      ['T2'],
    );
    assert.deepEqual(lesion('L6').change, { fromPriorPct: null, fromBaselinePct: null, fromNadirPct: null });
  });

  it('says which lesions were not measured at the latest time point', () => {
    assert.equal(lesion('L2').status, 'not-measured');
    assert.equal(lesion('L2').longAxisMm, null);
    assert.deepEqual(lesion('L2').change, { fromPriorPct: null, fromBaselinePct: null, fromNadirPct: null });
    const warning = inventory.warnings.find((w) => w.lesionId === 'L2' && w.code === 'no-measurement');
    assert.match(warning?.message ?? '', /Not measured at T2 \(2024-09-10\)/);
    assert.ok(!inventory.warnings.some((w) => w.lesionId === 'L3' && w.code === 'no-measurement'), 'resolved needs no measurement');
  });

  it('sums the long axes per time point, resolved 0, not measured listed apart and no change over partial sums', () => {
    const [t1, t2] = inventory.sumOfLongAxes;
    const baselineSum = LESION_TRUTH.reduce((sum, t) => sum + t.longMm, 0);
    near(t1?.sumMm, baselineSum);
    near(t2?.sumMm, 30 + 0 + 75 + 24);
    assert.deepEqual([...(t2?.notCounted ?? [])].sort(), ['L2', 'L5']);
    assert.equal(t2?.change.fromPriorPct, null, 'L2 and L5 not counted: no comparable sum');
  });

  it('keeps the liver per time point', () => {
    assert.deepEqual(
      inventory.liver.history.map((h) => h.timepoint),
      ['T1', 'T2'],
    );
  });

  it("keeps the earlier visit's liver ROIs in the export, named by time point and out of the latest summary", () => {
    const baselineRois = followUpStore().inventory(BASELINE_ONLY).liver.rois;
    assert.ok(baselineRois.length >= 3);
    assert.deepEqual(
      inventory.liver.rois.map((r) => [r.annotationUID, r.timepoint, r.inSummary]),
      baselineRois.map((r) => [r.annotationUID, 'T1', false]),
    );
    assert.equal(inventory.liver.meanHU, null, 'nothing measured on the liver at T2');
  });
});

describe('a case with one time point', () => {
  it('reads as before, plus one history row per lesion', () => {
    const store = createInventoryStore();
    for (const a of sampleCaseAnnotations()) store.upsert(a);
    const inventory = store.inventory(BASELINE_ONLY);
    assert.equal(inventory.timepoints.length, 1);
    for (const l of inventory.lesions) {
      assert.equal(l.status, 'measured');
      assert.equal(l.history.length, 1);
      assert.equal(l.history[0]!.longAxisMm, l.longAxisMm);
      assert.deepEqual(l.change, { fromPriorPct: null, fromBaselinePct: null, fromNadirPct: null });
      assert.match(l.trackingUid, /^2\.25\.\d+$/);
    }
  });
});

describe('status marks and tracking UIDs in the store', () => {
  it('sets and clears a mark in undoable steps, and refuses an unknown lesion or status', () => {
    const store = followUpStore();
    assert.equal(store.state().statusMarks.length, 1);
    assert.ok(store.setStatusMark('L3', [{ studyInstanceUID: FU_STUDY, date: '20240910' }], null).ok);
    assert.equal(store.state().statusMarks.length, 0);
    assert.ok(store.undo());
    assert.equal(store.state().statusMarks[0]?.status, 'resolved');
    assert.equal(store.setStatusMark('L9', [{ studyInstanceUID: FU_STUDY, date: null }], 'resolved').ok, false);
    assert.equal(store.setStatusMark('L3', [{ studyInstanceUID: FU_STUDY, date: null }], 'gone' as never).ok, false);
  });

  it('makes an implicit lesion explicit when a status is marked, so it outlives its annotations and a reload', () => {
    const store = createInventoryStore();
    const { lesionId: _none, ...drawn } = followUpAxes('drawn', 30, 20, 'L1');
    const created = store.upsert(drawn);
    assert.ok(created.ok);
    const id = store.state().lesions[0]!.id;
    assert.equal(store.lesion(id)?.implicit, true, 'made by its first annotation');
    assert.ok(store.setStatusMark(id, [{ studyInstanceUID: FU_STUDY, date: '20240910' }], 'not-evaluable').ok);
    assert.equal(store.lesion(id)?.implicit, false);
    assert.ok(store.remove('drawn'));
    assert.ok(store.lesion(id), 'kept without annotations');
    const reloaded = createInventoryStore({ snapshot: store.serialise() });
    assert.ok(reloaded.lesion(id));
    assert.deepEqual(
      reloaded.state().statusMarks.map((m) => [m.lesionId, m.status]),
      [[id, 'not-evaluable']],
    );
    assert.equal(reloaded.inventory(CONTEXT).lesions.find((l) => l.id === id)?.status, 'not-evaluable');
    // Undoing the mark gives the lesion back its implicit state (so it leaves with its annotation again).
    assert.ok(store.undo());
    assert.ok(store.undo());
    assert.equal(store.lesion(id)?.implicit, true);
  });

  it('keeps tracking UIDs through edits, undo and a snapshot; gives old snapshots one', () => {
    const store = followUpStore();
    const uid = store.lesion('L1')!.trackingUid;
    store.updateLesion('L1', { notes: 'x' });
    store.undo();
    assert.equal(store.lesion('L1')!.trackingUid, uid);
    const copy = createInventoryStore({ snapshot: store.serialise() });
    assert.equal(copy.lesion('L1')!.trackingUid, uid);
    assert.equal(copy.state().statusMarks.length, 1);
    const old = JSON.parse(JSON.stringify(store.serialise())) as { state: { lesions: Record<string, unknown>[]; statusMarks?: unknown } };
    for (const l of old.state.lesions) delete l.trackingUid;
    delete old.state.statusMarks;
    const restored = createInventoryStore({ snapshot: old as never });
    assert.match(restored.lesion('L1')!.trackingUid, /^2\.25\.\d+$/);
    assert.deepEqual(restored.state().statusMarks, []);
  });
});
