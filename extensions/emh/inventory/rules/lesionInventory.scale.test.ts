/**
 * The inventory is built through indexes (annotations by lesion, muscle references by series)
 * so that 1,000 lesions rebuild in milliseconds. Here every row of the 1,000-lesion exports
 * bench case and of 300 random states is checked against the same lesion built alone (a state
 * holding that lesion, its own annotations and every non-lesion annotation): an index that
 * mixed lesions up, dropped a muscle reference or kept a stale value shows as a row that
 * differs from its lesion built alone. Warnings are compared the same way, lesion by lesion.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { belongsToLesion } from './annotationTypes';
import { DEFAULT_THRESHOLDS } from './config';
import { createInventoryStore } from './inventoryStore';
import type { EmhInventory, InventoryContext, InventoryState, LesionExport } from './inventoryTypes';
import { buildInventory } from './lesionInventory';
import { CONTEXT, manyLesionSteps, randomState, stateFromSteps, type ManyLesionStep } from './manyLesions.fixture';
import { withoutTrackingUids } from './trackingUids.fixture';

function replayThroughStore(steps: readonly ManyLesionStep[]) {
  const store = createInventoryStore();
  for (const step of steps) {
    const outcome =
      step.op === 'upsert'
        ? store.upsert(step.annotation)
        : step.op === 'edit'
          ? store.updateLesion(step.lesionId, step.edit)
          : { ok: true as const, value: null };
    assert.ok(outcome.ok, outcome.ok ? '' : outcome.reason);
    if (step.op === 'liver') store.setLiverCallOverride(step.call);
    if (step.op === 'contrast') store.setSeriesContrast(step.series, step.contrast);
  }
  return store;
}

/** A store holding the state, entered the way autosave restores one (the public path). */
function storeWith(state: InventoryState) {
  const ids = state.lesions.map((l) => l.id);
  return createInventoryStore({
    snapshot: { format: 'emh-inventory-state', version: 1, nextLesionNumber: ids.length + 1, knownLesionIds: ids, state },
  });
}

/** The state with one lesion only: its record, its annotations, and everything that is not a lesion's. */
function aloneState(state: InventoryState, lesionId: string): InventoryState {
  return {
    ...state,
    lesions: state.lesions.filter((l) => l.id === lesionId),
    annotations: state.annotations.filter((a) => !belongsToLesion(a) || a.lesionId === lesionId),
  };
}

function assertEachLesionAsAlone(state: InventoryState, inventory: EmhInventory, context: InventoryContext): void {
  for (const row of inventory.lesions) {
    const alone = buildInventory(aloneState(state, row.id), DEFAULT_THRESHOLDS, context);
    // Status and history depend on the case's studies, which the lesion alone may not have.
    const measured = ({ status: _s, history: _h, change: _c, followUpHints: _f, ...rest }: LesionExport) => rest;
    assert.deepStrictEqual(measured(row), measured(alone.lesions[0]!), `${row.id} differs from the same lesion built alone`);
    const own = (i: EmhInventory) => i.warnings.filter((w) => w.lesionId === row.id);
    assert.deepStrictEqual(own(inventory), own(alone), `${row.id}: its warnings differ from the same lesion built alone`);
  }
}

describe('the indexed inventory equals each lesion built alone', () => {
  it('the plain-state builder reaches the same state as the store (so the big case is the bench case)', () => {
    const steps = manyLesionSteps(40);
    const viaStore = replayThroughStore(steps);
    const direct = stateFromSteps(steps);
    assert.deepStrictEqual(withoutTrackingUids(direct), withoutTrackingUids(viaStore.state()));
    assert.deepStrictEqual(withoutTrackingUids(storeWith(direct).inventory(CONTEXT)), withoutTrackingUids(viaStore.inventory(CONTEXT)));
  });

  it('1,000 lesions (the exports bench case), with and without teaching', () => {
    const state = stateFromSteps(manyLesionSteps(1000));
    const store = storeWith(state);
    const inventory = store.inventory(CONTEXT);
    assert.equal(inventory.lesions.length, 1000);
    assert.equal(store.state().annotations.length, 4010);
    assert.deepStrictEqual(
      inventory.lesions.map((l) => l.id),
      state.lesions.map((l) => l.id),
    );
    assertEachLesionAsAlone(state, inventory, CONTEXT);
    const teaching = { ...CONTEXT, teaching: true };
    assertEachLesionAsAlone(state, store.inventory(teaching), teaching);
  });

  it('300 random states (axes in px and mm, overrides, missing and far muscle, mixed contrast)', () => {
    const codes = new Set<string>();
    for (let seed = 1; seed <= 300; seed += 1) {
      const state = randomState(seed);
      const context = seed % 3 === 0 ? CONTEXT : {};
      const inventory = buildInventory(state, DEFAULT_THRESHOLDS, context);
      for (const warning of [...inventory.warnings, ...inventory.liver.warnings]) codes.add(warning.code);
      assertEachLesionAsAlone(state, inventory, context);
    }
    // The generator must reach the paths it is there for, or the comparison proves little.
    for (const code of [
      'uncalibrated',
      'several-measurements',
      'weighting-unknown',
      'weighting-not-tagged',
      'no-muscle-reference',
      'muscle-far',
      'muscle-distance-unknown',
      'contrast-mixed',
      'roi-few-pixels',
      'laterality-on-midline-site',
    ] as const) {
      assert.ok(codes.has(code), `no random state produced ${code}`);
    }
  });
});
