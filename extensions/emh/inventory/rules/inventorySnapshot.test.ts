import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { createInventoryStore } from './inventoryStore';
import { parseSnapshot, type InventorySnapshot } from './inventorySnapshot';
import { axesAnnotation, CT_PLAIN, LESION_TRUTH, sampleCaseAnnotations } from './sampleCase.fixture';

const REMOVE = Symbol('remove');

/** Damages one field of a parsed snapshot (or deletes it with REMOVE). */
function setPath(target: unknown, path: readonly (string | number)[], value: unknown): void {
  let node = target as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (value === REMOVE) delete node[last];
  else node[last] = value;
}

function workedUpStore() {
  const store = createInventoryStore();
  for (const annotation of sampleCaseAnnotations()) store.upsert({ ...annotation, source: { handles: [1, 2], tool: 'x' } });
  for (const t of LESION_TRUTH) store.updateLesion(t.id, { site: t.site, laterality: t.laterality, notes: `${t.id} notes` });
  store.updateLesion('L4', { t2Override: 'markedly-hypo' });
  store.setLiverCallOverride('above');
  store.newLesion(); // L6
  store.removeLesion('L6'); // retired id
  return store;
}

describe('serialise / restore', () => {
  it('round-trips through JSON to the same inventory, counter and retired ids', () => {
    const original = workedUpStore();
    const json = JSON.stringify(original.serialise());
    const restored = createInventoryStore();
    const seen: string[] = [];
    restored.subscribe((c) => seen.push(`${c.reason}:${c.addedAnnotations.length}`));
    const result = restored.restore(JSON.parse(json));
    assert.ok(result.ok);
    assert.deepEqual(restored.inventory(), original.inventory());
    assert.deepEqual(restored.annotation('ax-L1')?.source, { handles: [1, 2], tool: 'x' });
    assert.equal(restored.newLesion(), 'L7', 'the counter survives: L6 is never reused');
    assert.equal(restored.upsert(axesAnnotation('late', CT_PLAIN, 15, 10, 5, 'L6')).ok, false, 'L6 stays retired');
    assert.deepEqual(seen.slice(0, 1), ['restore:30'], 'the adapter hears what to re-create');
  });

  it('starts a store from a snapshot, with empty history', () => {
    const snapshot = workedUpStore().serialise();
    const store = createInventoryStore({ snapshot });
    assert.deepEqual(store.lesionIds(), ['L1', 'L2', 'L3', 'L4', 'L5']);
    assert.equal(store.canUndo(), false);
    assert.equal(store.canRedo(), false);
  });

  it('derives the counter from the lesion ids when the snapshot counter lags', () => {
    const snapshot = { ...workedUpStore().serialise(), nextLesionNumber: 1, knownLesionIds: [] };
    const store = createInventoryStore({ snapshot });
    assert.equal(store.newLesion(), 'L6');
  });

  it('refuses a malformed snapshot with the path of the problem, leaving the store as it was', () => {
    const good: unknown = JSON.parse(JSON.stringify(workedUpStore().serialise()));
    const cases: [readonly (string | number)[], unknown, RegExp][] = [
      [['format'], 'other', /format/],
      [['version'], 2, /version/],
      [['nextLesionNumber'], 0, /nextLesionNumber/],
      [['state', 'lesions', 0, 'site'], 'kidney', /state\.lesions\[0\]\.site/],
      [['state', 'lesions', 1, 'id'], 'L1', /unique lesion ids/],
      [['state', 'annotations', 0, 'kind'], 'probe', /state\.annotations\[0\]\.kind/],
      [['state', 'annotations', 0, 'stats', 'mean'], 'x', /state\.annotations\[0\]\.stats\.mean/],
      [['state', 'annotations', 6, 'lesionId'], 'L99', /state\.annotations\[6\]\.lesionId/],
      [['state', 'annotations', 6, 'lesionId'], REMOVE, /state\.annotations\[6\]\.lesionId/],
      [['state', 'annotations', 6, 'axes', 'space'], 'world', /axes\.space/],
      [['state', 'annotations', 6, 'axes', 'longAxis'], [[0, 0]], /axes\.longAxis/],
      [['state', 'liverCallOverride'], 'high', /liverCallOverride/],
      [['state', 'seriesOverrides'], { x: { weighting: 'T3', contrast: null } }, /seriesOverrides\.x\.weighting/],
    ];
    const store = workedUpStore();
    const before = store.inventory();
    for (const [path, value, message] of cases) {
      const copy = structuredClone(good);
      setPath(copy, path, value);
      const result = store.restore(copy);
      assert.equal(result.ok, false, String(message));
      if (!result.ok) assert.match(result.reason, message);
    }
    assert.equal(parseSnapshot(null).ok, false);
    assert.deepEqual(store.inventory(), before);
    const future = structuredClone(good);
    setPath(future, ['version'], 3);
    assert.throws(() => createInventoryStore({ snapshot: future as InventorySnapshot }), /Cannot restore/);
  });
});

describe('a measurement made in a reformat in a snapshot', () => {
  const plane = { frameOfReferenceUID: '2.25.7', name: 'sagittal', viewPlaneNormal: [1, 0, 0], viewUp: [0, 0, 1] } as const;
  function withReformat() {
    const store = createInventoryStore();
    const base = axesAnnotation('ax-sag', CT_PLAIN, 53, 57, 44, undefined);
    const outcome = store.upsert({
      ...base,
      axes: {
        space: 'mm',
        longAxis: [
          [0, -1.5, -110],
          [0, 55.5, -110],
        ],
        shortAxis: [
          [0, 27, -88],
          [0, 27, -132],
        ],
      },
      plane,
    });
    assert.ok(outcome.ok);
    return JSON.parse(JSON.stringify(store.serialise())) as unknown;
  }

  it('comes back with its points and plane', () => {
    const restored = createInventoryStore();
    assert.ok(restored.restore(withReformat()).ok);
    const back = restored.annotation('ax-sag');
    assert.deepEqual(back?.plane, plane);
    assert.equal(restored.inventory().lesions[0]?.longAxisMm, 57);
    assert.equal(restored.inventory().lesions[0]?.shortAxisMm, 44);
  });

  it('is refused with the field named when its plane or points are damaged', () => {
    for (const [path, value, field] of [
      [['plane', 'viewPlaneNormal'], [0, 0], '.plane'],
      [['plane', 'name'], 'diagonal', '.plane'],
      [['axes', 'longAxis', 0], [0, 1], '.axes.longAxis[0]'],
    ] as const) {
      const snapshot = withReformat() as { state: { annotations: unknown[] } };
      setPath(snapshot.state.annotations[0], path, value);
      const result = parseSnapshot(snapshot);
      assert.ok(!result.ok && result.reason.includes(field), result.ok ? 'accepted' : result.reason);
    }
  });
});
