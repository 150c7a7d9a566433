import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { LesionAxesAnnotation } from '../../inventory/rules/annotationTypes';
import { createInventoryStore, type EmhInventoryStore } from '../../inventory/rules/inventoryStore';
import type { InventoryContext } from '../../inventory/rules/inventoryTypes';
import {
  axesAnnotation,
  CT_PLAIN,
  CT_STUDY,
  LESION_TRUTH,
  MR_STUDY,
  sampleCaseAnnotations,
} from '../../inventory/rules/sampleCase.fixture';

const FU_STUDY = '2.25.900';
const FU_SERIES = '2.25.900.1';
const study = (studyInstanceUID: string, date: string) => ({ studyInstanceUID, description: null, date, accessionNumber: null });
const CONTEXT: InventoryContext = { studies: [study(CT_STUDY, '20240312'), study(MR_STUDY, '20240314'), study(FU_STUDY, '20240910')] };
const BASELINE_ONLY: InventoryContext = { studies: CONTEXT.studies!.slice(0, 2) };

/** A measurement on the follow-up CT (another study, its own date). */
function followUpAxes(uid: string, longMm: number, shortMm: number, lesionId: string): LesionAxesAnnotation {
  const base = axesAnnotation(uid, CT_PLAIN, 20, longMm, shortMm, lesionId);
  return {
    ...base,
    ref: { ...base.ref, studyInstanceUID: FU_STUDY, seriesInstanceUID: FU_SERIES, sopInstanceUID: `${FU_SERIES}.20` },
    series: { ...base.series, studyDate: '20240910' },
  };
}

function followUpStore(): EmhInventoryStore {
  const store = createInventoryStore();
  for (const a of sampleCaseAnnotations()) assert.ok(store.upsert(a).ok);
  for (const t of LESION_TRUTH) assert.ok(store.updateLesion(t.id, { site: t.site, laterality: t.laterality }).ok);
  for (const a of [followUpAxes('fu-L1', 30, 20, 'L1'), followUpAxes('fu-L4', 75, 40, 'L4'), followUpAxes('fu-L6', 24, 16, 'L6')]) {
    assert.ok(store.upsert(a).ok);
  }
  assert.ok(store.setStatusMark('L3', [{ studyInstanceUID: FU_STUDY, date: '20240910' }], 'resolved').ok);
  return store;
}

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

  it('sums the long axes per time point, resolved 0 and not measured listed apart', () => {
    const [t1, t2] = inventory.sumOfLongAxes;
    const baselineSum = LESION_TRUTH.reduce((sum, t) => sum + t.longMm, 0);
    near(t1?.sumMm, baselineSum);
    near(t2?.sumMm, 30 + 0 + 75 + 24);
    assert.deepEqual([...(t2?.notCounted ?? [])].sort(), ['L2', 'L5']);
    near(t2?.change.fromPriorPct, ((129 - baselineSum) / baselineSum) * 100);
  });

  it('keeps the liver per time point', () => {
    assert.deepEqual(
      inventory.liver.history.map((h) => h.timepoint),
      ['T1', 'T2'],
    );
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
