import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { EmhAnnotation } from './annotationTypes';
import type { LesionEdit } from './inventoryTypes';
import type { InventoryChange } from './inventoryChange';
import { createInventoryStore, EmhInventoryStore } from './inventoryStore';
import { axesAnnotation, CT_PLAIN, huAnnotation, MR_T1, MR_T2, signalAnnotation } from './sampleCase.fixture';

const axes = (uid: string, lesionId?: string, longMm = 42, shortMm = 28): EmhAnnotation =>
  axesAnnotation(uid, CT_PLAIN, 15, longMm, shortMm, lesionId);

function recording(store: EmhInventoryStore): InventoryChange[] {
  const changes: InventoryChange[] = [];
  store.subscribe((c) => changes.push(c));
  return changes;
}

/** Axis lengths built from 1.5 mm pixels carry binary noise; compare to the micrometre. */
const um = (mm: number | null | undefined): number | null | undefined =>
  mm === null || mm === undefined ? mm : Math.round(mm * 1000) / 1000;

const valueOf = <T>(result: { ok: true; value: T } | { ok: false; reason: string }): T => {
  if (!result.ok) throw new Error(`refused: ${result.reason}`);
  return result.value;
};

describe('upsert: add', () => {
  it('allocates L1, L2 ... to lesion annotations that arrive without an id', () => {
    const store = createInventoryStore();
    const changes = recording(store);
    assert.deepEqual(valueOf(store.upsert(axes('a1'))), { lesionId: 'L1', changed: true, createdLesion: true });
    assert.equal(valueOf(store.upsert(axes('a2'))).lesionId, 'L2');
    assert.deepEqual(store.lesionIds(), ['L1', 'L2']);
    assert.equal(store.annotation('a1')?.lesionId, 'L1');
    assert.equal(changes.length, 2);
    assert.deepEqual(
      changes[0]?.addedAnnotations.map((a) => a.annotationUID),
      ['a1'],
    );
    assert.deepEqual(changes[0]?.addedLesionIds, ['L1']);
    assert.equal(changes[0]?.reason, 'upsert');
    assert.equal(changes[0]?.canUndo, true);
  });

  it('attaches an annotation that names an existing lesion', () => {
    const store = createInventoryStore();
    store.upsert(axes('a1'));
    const outcome = valueOf(store.upsert(huAnnotation('hu1', CT_PLAIN, 15, 'lesion', 48, 'L1')));
    assert.deepEqual(outcome, { lesionId: 'L1', changed: true, createdLesion: false });
    assert.deepEqual(store.lesionIds(), ['L1']);
    assert.equal(store.inventory().lesions[0]?.ct.meanHU, 48);
  });

  it('creates a lesion under a new explicit id (SR import) and allocates after it', () => {
    const store = createInventoryStore();
    assert.equal(valueOf(store.upsert(axes('a7', 'L7'))).lesionId, 'L7');
    assert.equal(store.newLesion(), 'L8');
    assert.equal(valueOf(store.upsert(axes('x', 'Lesion A'))).lesionId, 'Lesion A');
    assert.equal(store.newLesion(), 'L9');
  });

  it('keeps muscle, liver and spleen ROIs out of lesions', () => {
    const store = createInventoryStore();
    const outcome = valueOf(store.upsert(signalAnnotation('m1', MR_T1, 15, 'muscle', 400, 'L1')));
    assert.equal(outcome.lesionId, null);
    assert.equal(store.annotation('m1')?.lesionId, undefined);
    assert.deepEqual(store.lesionIds(), []);
    assert.equal(valueOf(store.upsert(huAnnotation('liv', CT_PLAIN, 30, 'liver', 103))).lesionId, null);
  });

  it('refuses an HU ROI on a non-CT image and a signal ROI on a non-MR image', () => {
    const store = createInventoryStore();
    const hu = {
      ...huAnnotation('hu', MR_T1, 15, 'liver', 103),
      series: { modality: 'MR', description: 'AX T1 TSE', weighting: 'T1', contrast: 'unknown' },
    } as const;
    const refusedHu = store.upsert(hu);
    assert.equal(refusedHu.ok, false);
    if (!refusedHu.ok) assert.match(refusedHu.reason, /CT image/);
    const signalOnCt = {
      ...signalAnnotation('s', MR_T1, 15, 'lesion', 400),
      series: { modality: 'CT', description: '', weighting: 'unknown', contrast: 'unknown' },
    } as const;
    assert.equal(store.upsert(signalOnCt).ok, false);
    assert.deepEqual(store.lesionIds(), [], 'a refusal allocates nothing');
    assert.equal(store.canUndo(), false);
  });
});

describe('upsert: modify and echoes', () => {
  it('replaces a modified annotation in place and reports it as modified', () => {
    const store = createInventoryStore();
    store.upsert(axes('a1'));
    const changes = recording(store);
    valueOf(store.upsert(axes('a1', 'L1', 50, 30)));
    assert.equal(um(store.inventory().lesions[0]?.longAxisMm), 50);
    assert.deepEqual(
      changes[0]?.modifiedAnnotations.map((a) => a.annotationUID),
      ['a1'],
    );
  });

  it('keeps the lesion id the store gave when the adapter has not written it back yet', () => {
    const store = createInventoryStore();
    store.upsert(axes('a1'));
    assert.equal(valueOf(store.upsert(axes('a1', undefined, 50, 30))).lesionId, 'L1');
    assert.deepEqual(store.lesionIds(), ['L1']);
  });

  it('ignores an echo of what it holds: no change event, no undo step', () => {
    const store = createInventoryStore();
    store.upsert(axes('a1'));
    const changes = recording(store);
    const echo = valueOf(store.upsert(axes('a1', 'L1')));
    assert.deepEqual(echo, { lesionId: 'L1', changed: false, createdLesion: false });
    assert.equal(changes.length, 0);
    store.undo();
    assert.deepEqual(store.lesionIds(), [], 'one undo removes the add: the echo made no step');
  });

  it('a refresh (statistics computed again) makes no undo step and keeps redo', () => {
    const store = createInventoryStore();
    store.upsert(axes('a1'));
    store.upsert(axes('a2'));
    store.undo(); // a2 is on the redo stack
    store.upsert(axes('a1', 'L1', 42.5, 28), { refresh: true });
    assert.equal(um(store.inventory().lesions[0]?.longAxisMm), 42.5);
    assert.equal(store.canRedo(), true, 'a refresh must not wipe what the user can redo');
    store.redo();
    assert.deepEqual(store.lesionIds(), ['L1', 'L2']);
    store.undo();
    store.undo();
    assert.deepEqual(store.lesionIds(), [], 'two undos: the two adds, nothing for the refresh');
  });

  it('makes one undo step of a drag (transient upserts closed by the completed one)', () => {
    const store = createInventoryStore();
    store.upsert(axes('a1'));
    store.upsert(axes('a1', 'L1', 43, 28), { transient: true });
    store.upsert(axes('a1', 'L1', 44, 28), { transient: true });
    store.upsert(axes('a1', 'L1', 45, 28));
    assert.equal(um(store.inventory().lesions[0]?.longAxisMm), 45);
    store.undo();
    assert.equal(um(store.inventory().lesions[0]?.longAxisMm), 42);
    store.redo();
    assert.equal(um(store.inventory().lesions[0]?.longAxisMm), 45);
    // A second drag is its own step.
    store.upsert(axes('a1', 'L1', 46, 28), { transient: true });
    store.upsert(axes('a1', 'L1', 47, 28));
    store.undo();
    assert.equal(um(store.inventory().lesions[0]?.longAxisMm), 45);
  });

  it('moves an annotation to another lesion; an implicit lesion left empty goes', () => {
    const store = createInventoryStore();
    store.upsert(axes('a1'));
    store.upsert(axes('a2'));
    valueOf(store.assignAnnotation('a2', 'L1'));
    assert.deepEqual(store.lesionIds(), ['L1']);
    assert.equal(store.annotation('a2')?.lesionId, 'L1');
    assert.equal(store.assignAnnotation('a2', 'L9').ok, false);
    assert.equal(store.assignAnnotation('nope', 'L1').ok, false);
  });
});

describe('remove', () => {
  it('forgets the annotation; an implicit lesion leaves with its last annotation', () => {
    const store = createInventoryStore();
    store.upsert(axes('a1'));
    const changes = recording(store);
    assert.equal(store.remove('a1'), true);
    assert.deepEqual(store.lesionIds(), []);
    assert.deepEqual(
      changes[0]?.removedAnnotations.map((a) => a.annotationUID),
      ['a1'],
    );
    assert.deepEqual(changes[0]?.removedLesionIds, ['L1']);
    assert.equal(store.remove('a1'), false, 'a second removal is a no-op');
    assert.equal(changes.length, 1);
  });

  it('keeps a lesion that was made or edited on purpose', () => {
    const store = createInventoryStore();
    const id = store.newLesion({ site: 'presacral' });
    store.upsert(axes('a1', id));
    store.remove('a1');
    assert.deepEqual(store.lesionIds(), [id]);
    store.upsert(axes('a2'));
    valueOf(store.updateLesion('L2', { notes: 'keep me' }));
    store.remove('a2');
    assert.deepEqual(store.lesionIds(), ['L1', 'L2']);
  });
});

describe('lesion ids', () => {
  it('are never reused after delete, removal or undo', () => {
    const store = createInventoryStore();
    store.upsert(axes('a1'));
    store.upsert(axes('a2'));
    valueOf(store.removeLesion('L2'));
    assert.equal(store.newLesion(), 'L3');
    store.undo(); // undoes L3
    assert.equal(store.newLesion(), 'L4');
    store.remove('a1'); // implicit L1 goes with its annotation
    assert.equal(store.newLesion(), 'L5');
    assert.deepEqual(store.lesionIds(), ['L4', 'L5']);
  });

  it('refuses an annotation that names a deleted lesion', () => {
    const store = createInventoryStore();
    store.upsert(axes('a1'));
    store.removeLesion('L1');
    const late = store.upsert(axes('a1', 'L1'));
    assert.equal(late.ok, false);
    if (!late.ok) assert.match(late.reason, /L1 was deleted/);
    assert.deepEqual(store.lesionIds(), []);
  });
});

describe('newLesion and updateLesion', () => {
  it('creates an empty row with the given fields', () => {
    const store = createInventoryStore();
    const id = store.newLesion({ site: 'paraspinal-thoracic', laterality: 'right', notes: 'T8-T10' });
    const row = store.inventory().lesions[0];
    assert.equal(id, 'L1');
    assert.equal(row?.siteLabel, 'Paraspinal, thoracic, right');
    assert.equal(row?.siteCode?.value, '122495006');
    assert.equal(row?.lateralityCode?.value, '24028007');
    assert.equal(row?.notes, 'T8-T10');
    assert.equal(row?.longAxisMm, null);
    assert.throws(() => store.newLesion({ site: 'kidney' } as unknown as LesionEdit), RangeError);
  });

  it('edits site, laterality, notes and overrides, beside the automatic calls', () => {
    const store = createInventoryStore();
    store.upsert(signalAnnotation('m', MR_T2, 15, 'muscle', 300));
    store.upsert(signalAnnotation('t2', MR_T2, 15, 'lesion', 180));
    const updated = valueOf(
      store.updateLesion('L1', { site: 'other', siteText: 'Adrenal', laterality: 'left', t2Override: 'markedly-hypo' }),
    );
    assert.equal(updated.implicit, false);
    const row = store.inventory().lesions[0];
    assert.equal(row?.t2.call, 'hypo');
    assert.equal(row?.t2.override, 'markedly-hypo');
    assert.equal(row?.siteCode, null);
    assert.equal(row?.siteText, 'Adrenal');
    assert.equal(row?.siteLabel, 'Adrenal, left');
    valueOf(store.updateLesion('L1', { t2Override: null }));
    assert.equal(store.inventory().lesions[0]?.t2.override, null);
  });

  it('refuses unknown lesions, unknown fields and unknown values, naming them', () => {
    const store = createInventoryStore();
    store.newLesion();
    const cases: [string, unknown, RegExp][] = [
      ['L9', { notes: 'x' }, /No lesion L9/],
      ['L1', { size: 3 }, /Unknown lesion field\(s\): size/],
      ['L1', { site: 'kidney' }, /Unknown site "kidney"/],
      ['L1', { laterality: 'both' }, /Unknown laterality/],
      ['L1', { t1Override: 'dark' }, /Unknown t1Override/],
      ['L1', { notes: 5 }, /notes must be text/],
      ['L1', 'notes', /must be an object/],
    ];
    for (const [id, edit, message] of cases) {
      const result = store.updateLesion(id, edit);
      assert.equal(result.ok, false);
      if (!result.ok) assert.match(result.reason, message);
    }
  });

  it('makes no undo step for an edit that changes nothing', () => {
    const store = createInventoryStore();
    store.newLesion({ notes: 'a' });
    store.updateLesion('L1', { notes: 'a' });
    store.undo();
    assert.deepEqual(store.lesionIds(), []);
  });
});

describe('removeLesion', () => {
  it('removes the row and its annotations and says which to delete from the viewports', () => {
    const store = createInventoryStore();
    store.upsert(axes('a1'));
    store.upsert(huAnnotation('hu1', CT_PLAIN, 15, 'lesion', 48, 'L1'));
    store.upsert(huAnnotation('liver', CT_PLAIN, 30, 'liver', 103));
    const result = valueOf(store.removeLesion('L1'));
    assert.deepEqual(result.annotationUIDs, ['a1', 'hu1']);
    assert.deepEqual(store.lesionIds(), []);
    assert.deepEqual(
      store.state().annotations.map((a) => a.annotationUID),
      ['liver'],
    );
    assert.equal(store.remove('a1'), false, 'the viewport removal event is then a no-op');
    assert.equal(store.removeLesion('L1').ok, false);
  });

  it('is undone with its annotations, which the adapter is told to re-create', () => {
    const store = createInventoryStore();
    store.upsert(axes('a1'));
    store.updateLesion('L1', { site: 'presacral' });
    store.removeLesion('L1');
    const changes = recording(store);
    store.undo();
    assert.deepEqual(store.lesionIds(), ['L1']);
    assert.equal(store.lesion('L1')?.site, 'presacral');
    assert.equal(changes[0]?.reason, 'undo');
    assert.deepEqual(
      changes[0]?.addedAnnotations.map((a) => a.annotationUID),
      ['a1'],
    );
    assert.deepEqual(changes[0]?.addedLesionIds, ['L1']);
    store.redo();
    assert.deepEqual(store.lesionIds(), []);
    assert.deepEqual(
      changes[1]?.removedAnnotations.map((a) => a.annotationUID),
      ['a1'],
    );
  });
});

describe('undo / redo', () => {
  it('walks back and forth through add, modify, edit and delete', () => {
    const store = createInventoryStore();
    store.upsert(axes('a1')); // 1 add
    store.upsert(axes('a1', 'L1', 50, 30)); // 2 modify
    store.updateLesion('L1', { site: 'spleen' }); // 3 edit
    store.remove('a1'); // 4 delete (L1 edited, so it stays)
    const snapshots = [store.inventory()];
    for (let i = 0; i < 4; i++) {
      assert.equal(store.undo(), true);
      snapshots.push(store.inventory());
    }
    assert.equal(store.undo(), false);
    assert.deepEqual(snapshots[4]?.lesions, []);
    assert.equal(um(snapshots[3]?.lesions[0]?.longAxisMm), 42);
    assert.equal(um(snapshots[2]?.lesions[0]?.longAxisMm), 50);
    assert.equal(snapshots[2]?.lesions[0]?.site, null);
    assert.equal(snapshots[1]?.lesions[0]?.site, 'spleen');
    assert.equal(snapshots[0]?.lesions[0]?.longAxisMm, null);
    for (let i = 3; i >= 0; i--) {
      assert.equal(store.redo(), true);
      assert.deepEqual(store.inventory(), snapshots[i]);
    }
    assert.equal(store.redo(), false);
  });

  it('drops the redo branch on a new change', () => {
    const store = createInventoryStore();
    store.upsert(axes('a1'));
    store.undo();
    assert.equal(store.canRedo(), true);
    store.upsert(axes('a2'));
    assert.equal(store.canRedo(), false);
    assert.deepEqual(store.lesionIds(), ['L2']);
  });

  it('undoes series overrides and the liver call override', () => {
    const store = createInventoryStore();
    store.upsert(huAnnotation('liver', CT_PLAIN, 30, 'liver', 103));
    store.setLiverCallOverride('within');
    store.setSeriesContrast(CT_PLAIN, 'enhanced');
    let liver = store.inventory().liver;
    assert.equal(liver.call, 'none');
    assert.equal(liver.callOverride, 'within');
    store.undo();
    liver = store.inventory().liver;
    assert.equal(liver.call, 'above');
    store.undo();
    assert.equal(store.inventory().liver.callOverride, null);
  });

  it('keeps a bounded history', () => {
    const store = createInventoryStore({ historyLimit: 2 });
    store.newLesion();
    store.newLesion();
    store.newLesion();
    assert.equal(store.undo(), true);
    assert.equal(store.undo(), true);
    assert.equal(store.undo(), false);
    assert.deepEqual(store.lesionIds(), ['L1']);
  });
});

describe('series overrides', () => {
  it('retags lesion ROIs when the user sets a weighting, and clears back to automatic', () => {
    const store = createInventoryStore();
    const unknownSeries = { modality: 'MR', description: 'AX TSE', weighting: 'unknown', contrast: 'unknown' } as const;
    store.upsert({ ...signalAnnotation('m', 'mr-x', 15, 'muscle', 300), series: unknownSeries });
    store.upsert({ ...signalAnnotation('l', 'mr-x', 15, 'lesion', 180), series: unknownSeries });
    let inventory = store.inventory();
    assert.equal(inventory.lesions[0]?.t2.ratio, null);
    assert.ok(inventory.warnings.some((w) => w.code === 'weighting-unknown'));
    store.setSeriesWeighting('mr-x', 'T2');
    inventory = store.inventory();
    assert.equal(inventory.lesions[0]?.t2.call, 'hypo');
    assert.equal(inventory.muscleReferences[0]?.weighting, 'T2');
    assert.deepEqual(
      inventory.series.map((s) => [s.weighting, s.weightingOverride]),
      [['unknown', 'T2']],
    );
    store.setSeriesWeighting('mr-x', null);
    assert.deepEqual(store.state().seriesOverrides, {});
  });

  it('confirms a contrast state without losing the automatic one', () => {
    const store = createInventoryStore();
    const unknownCt = { modality: 'CT', description: 'CT ABDOMEN', weighting: 'unknown', contrast: 'unknown' } as const;
    for (const uid of ['l1', 'l2', 'l3']) store.upsert({ ...huAnnotation(uid, 'ct-x', 30, 'liver', 103), series: unknownCt });
    assert.equal(store.inventory().liver.contrast, 'unknown');
    assert.equal(store.inventory().liver.call, 'above');
    store.setSeriesContrast('ct-x', 'unenhanced');
    const { liver, series } = store.inventory();
    assert.equal(liver.contrast, 'unenhanced');
    assert.equal(liver.contrastConfirmed, true);
    assert.deepEqual(liver.warnings, []);
    assert.deepEqual([series[0]?.contrast, series[0]?.contrastOverride], ['unknown', 'unenhanced']);
  });
});

describe('subscribe', () => {
  it('stops notifying after unsubscribe, and one failing listener does not stop the others', () => {
    const store = createInventoryStore();
    const seen: string[] = [];
    const originalError = console.error;
    console.error = () => undefined;
    try {
      store.subscribe(() => {
        throw new Error('broken panel');
      });
      const stop = store.subscribe((c) => seen.push(c.reason));
      store.newLesion();
      stop();
      store.newLesion();
    } finally {
      console.error = originalError;
    }
    assert.deepEqual(seen, ['new-lesion']);
  });
});
