import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { EmhAnnotation } from './annotationTypes';
import type { InventoryChange } from './inventoryChange';
import { createInventoryStore, type EmhInventoryStore } from './inventoryStore';
import { axesAnnotation, CT_PLAIN, huAnnotation, MR_T1, sampleCaseAnnotations, signalAnnotation } from './sampleCase.fixture';
import { withoutTrackingUids } from './trackingUids.fixture';

const axes = (uid: string, lesionId?: string, longMm = 42, shortMm = 28): EmhAnnotation =>
  axesAnnotation(uid, CT_PLAIN, 15, longMm, shortMm, lesionId);

function recording(store: EmhInventoryStore): InventoryChange[] {
  const changes: InventoryChange[] = [];
  store.subscribe((c) => changes.push(c));
  return changes;
}

/** A store with some history: L1 (a1, a2), L2 (a3) and a deleted L3, as a case has. */
function workedStore(): EmhInventoryStore {
  const store = createInventoryStore();
  store.upsert(axes('a1'));
  store.upsert(huAnnotation('a2', CT_PLAIN, 15, 'lesion', 48, 'L1'));
  store.upsert(axes('a3'));
  store.upsert(axes('a4'));
  store.removeLesion('L3');
  return store;
}

/** Every rule of `upsert` in one batch: new, attached, explicit, deleted id, echo, move, refusals, repeats. */
function mixedBatch(): EmhAnnotation[] {
  return [
    axes('b1'), // a new implicit lesion (L4)
    huAnnotation('b2', CT_PLAIN, 20, 'lesion', 30, 'L2'), // attached to an existing lesion
    axes('b3', 'L7'), // a new explicit id
    axes('b4', 'L3'), // a deleted id: refused
    huAnnotation('a2', CT_PLAIN, 15, 'lesion', 48, 'L1'), // an echo
    axes('a3', 'L1', 30, 20), // moved: implicit L2 keeps b2, so it stays
    axes('a1', 'L7'), // moved: L1 keeps a2 and a3
    huAnnotation('b5', MR_T1, 20, 'lesion', 30, 'L1'), // HU on MR: refused
    signalAnnotation('b6', CT_PLAIN, 20, 'lesion', 300, 'L1'), // signal on CT: refused
    axes('b1', undefined, 50, 30), // the same annotation again, later in the batch
    axes('b7'), // allocated after L7: L8
    huAnnotation('b2', CT_PLAIN, 20, 'lesion', 30, 'L4'), // L2 loses its last annotation and goes
  ];
}

describe('upsertMany', () => {
  it('gives every annotation the outcome one upsert at a time gives, and the same state', () => {
    const one = workedStore();
    const many = workedStore();
    const batch = mixedBatch();
    const expected = batch.map((annotation) => one.upsert(annotation));
    assert.deepEqual(many.upsertMany(batch), expected);
    assert.deepEqual(withoutTrackingUids(many.state()), withoutTrackingUids(one.state()));
    assert.deepEqual(
      withoutTrackingUids(many.serialise()),
      withoutTrackingUids(one.serialise()),
      'the same lesion ids known and the same next id',
    );
    assert.equal(many.newLesion(), one.newLesion());
  });

  it('is one undo step and one notification, which names everything it added and moved', () => {
    const store = workedStore();
    const before = store.state();
    const changes = recording(store);
    store.upsertMany(mixedBatch());
    assert.equal(changes.length, 1);
    const [change] = changes;
    assert.equal(change?.reason, 'upsert');
    assert.deepEqual(
      change?.addedAnnotations.map((a) => a.annotationUID),
      ['b1', 'b2', 'b3', 'b7'],
    );
    assert.deepEqual(change?.modifiedAnnotations.map((a) => a.annotationUID).sort(), ['a1', 'a3']);
    assert.deepEqual(change?.addedLesionIds, ['L4', 'L7', 'L8']);
    assert.deepEqual(change?.removedLesionIds, ['L2']);
    const after = store.state();
    assert.equal(store.undo(), true);
    assert.deepEqual(store.state(), before);
    assert.equal(store.redo(), true);
    assert.deepEqual(store.state(), after);
  });

  it('makes no step and tells no one when nothing changes', () => {
    const store = workedStore();
    const changes = recording(store);
    const state = store.state();
    const outcomes = store.upsertMany([huAnnotation('a2', CT_PLAIN, 15, 'lesion', 48, 'L1'), axes('x', 'L3')]);
    assert.deepEqual(
      outcomes.map((o) => o.ok && o.value.changed),
      [false, false],
    );
    assert.equal(changes.length, 0);
    assert.equal(store.state(), state);
    assert.deepEqual(store.upsertMany([]), []);
  });

  it('fills an empty case (the SR import) with every annotation of the sample case', () => {
    const one = createInventoryStore();
    const many = createInventoryStore();
    const annotations = sampleCaseAnnotations();
    for (const annotation of annotations) one.upsert(annotation);
    assert.ok(many.upsertMany(annotations).every((o) => o.ok));
    assert.deepEqual(withoutTrackingUids(many.state()), withoutTrackingUids(one.state()));
    assert.equal(many.canUndo(), true);
    many.undo();
    assert.deepEqual(many.state().annotations, []);
  });

  it('closes a drag in progress, as any other change does', () => {
    const store = workedStore();
    const longAxis = () => store.inventory().lesions.find((l) => l.id === 'L1')?.longAxisMm;
    store.upsert(axes('a1', 'L1', 43, 28), { transient: true });
    store.upsertMany([axes('b1')]);
    store.upsert(axes('a1', 'L1', 44, 28), { transient: true });
    store.undo(); // the second drag only: the batch ended the first
    assert.ok(Math.abs((longAxis() ?? 0) - 43) < 1e-6);
    assert.notEqual(store.annotation('b1'), null);
  });
});

describe('updateLesions', () => {
  it('gives every edit the outcome updateLesion gives, in one undo step and one notification', () => {
    const one = workedStore();
    const many = workedStore();
    const edits = [
      { lesionId: 'L1', edit: { site: 'presacral', laterality: 'left' } },
      { lesionId: 'L2', edit: { notes: 'Läsion' } },
      { lesionId: 'L3', edit: { notes: 'deleted' } }, // refused: no such lesion
      { lesionId: 'L1', edit: { site: 'nowhere' } }, // refused: unknown site
      { lesionId: 'L2', edit: { notes: 'Läsion' } }, // no change
      { lesionId: 'L1', edit: { t2Override: 'hypo' } },
    ];
    const expected = edits.map(({ lesionId, edit }) => one.updateLesion(lesionId, edit));
    const changes = recording(many);
    const before = many.state();
    assert.deepEqual(withoutTrackingUids(many.updateLesions(edits)), withoutTrackingUids(expected));
    assert.deepEqual(withoutTrackingUids(many.state()), withoutTrackingUids(one.state()));
    assert.equal(changes.length, 1);
    assert.equal(changes[0]?.reason, 'update-lesion');
    many.undo();
    assert.deepEqual(many.state(), before);
  });

  it('makes no step when no edit changes anything', () => {
    const store = workedStore();
    const changes = recording(store);
    store.updateLesions([{ lesionId: 'L9', edit: {} }]);
    assert.equal(changes.length, 0);
  });
});
