/**
 * Pins the exact output of `store.inventory()` on the exports bench's 1,000-lesion case and on 300
 * random states, by fingerprints taken from the code before it was indexed for speed
 * (docs/inventory.md#stable-output). The indexing must not change a single value, key order or
 * warning: exports, the panel and the SR all read this object.
 *
 * A deliberate change of the inventory's output changes these fingerprints too: check the
 * change with the other tests, then print the new values with
 * `EMH_PRINT_FINGERPRINTS=1 node --import tsx --test extensions/emh/domain/lesionInventory.scale.test.ts`.
 */

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';

import { DEFAULT_THRESHOLDS } from './config';
import { createInventoryStore } from './inventoryStore';
import type { EmhInventory, InventoryState } from './inventoryTypes';
import { buildInventory } from './lesionInventory';
import { CONTEXT, manyLesionSteps, randomState, stateFromSteps, type ManyLesionStep } from './manyLesions.fixture';

/** SHA-256 of the fingerprints taken with the code before the change (see the file comment). */
const PINNED = {
  manyLesions: 'a2af49ee544ad83afaecb6b1b1f8196350f81899c7c7caebea3de8dd9b935d9a',
  manyLesionsTeaching: '4083b1e846bd8ab6b69cdd0e388c382dd3851fe13169fc02998a5bcab8dfdd0f',
  randomStates: 'ce50d28f4303d3aabf75243e25e9c6e3ba18aafe88a642f34eaecb0a28ecb4d5',
} as const;

/**
 * Stricter than deep equality of the parsed JSON: key order counts (it is the order of the
 * JSON export), and -0, NaN, Infinity and properties set to undefined are told apart from
 * 0, null and absent ones, which JSON.stringify alone would blur.
 */
function exactText(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === undefined) return '#undefined';
    if (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0))) return `#number:${Object.is(v, -0) ? '-0' : String(v)}`;
    return v;
  });
}

function fingerprint(...inventories: readonly EmhInventory[]): string {
  const hash = createHash('sha256');
  for (const inventory of inventories) hash.update(exactText(inventory)).update('\n');
  return hash.digest('hex');
}

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

const printing = process.env.EMH_PRINT_FINGERPRINTS === '1';

function assertPinned(name: keyof typeof PINNED, actual: string): void {
  if (printing) console.log(`${name}: '${actual}',`);
  assert.equal(actual, PINNED[name], `${name}: the inventory's output changed (see the file comment)`);
}

describe('store.inventory() output is pinned', () => {
  it('the plain-state builder reaches the same state as the store (so the big case is the bench case)', () => {
    const steps = manyLesionSteps(40);
    const viaStore = replayThroughStore(steps);
    const direct = stateFromSteps(steps);
    assert.deepStrictEqual(direct, viaStore.state());
    assert.equal(fingerprint(storeWith(direct).inventory(CONTEXT)), fingerprint(viaStore.inventory(CONTEXT)));
  });

  it('1,000 lesions (the exports bench case): same output as before, with and without teaching', () => {
    const store = storeWith(stateFromSteps(manyLesionSteps(1000)));
    const inventory = store.inventory(CONTEXT);
    assert.equal(inventory.lesions.length, 1000);
    assert.equal(store.state().annotations.length, 4010);
    assertPinned('manyLesions', fingerprint(inventory));
    assertPinned('manyLesionsTeaching', fingerprint(store.inventory({ ...CONTEXT, teaching: true })));
  });

  it('300 random states (axes in px and mm, overrides, missing and far muscle, mixed contrast): same output', () => {
    const inventories: EmhInventory[] = [];
    for (let seed = 1; seed <= 300; seed += 1) {
      inventories.push(buildInventory(randomState(seed), DEFAULT_THRESHOLDS, seed % 3 === 0 ? CONTEXT : {}));
    }
    // The generator must reach the paths it is there for, or the fingerprint proves little.
    const codes = new Set(inventories.flatMap((i) => [...i.warnings, ...i.liver.warnings].map((w) => w.code)));
    for (const code of ['uncalibrated', 'several-measurements', 'weighting-unknown', 'weighting-not-tagged', 'no-muscle-reference', 'muscle-far', 'muscle-distance-unknown', 'contrast-mixed', 'roi-few-pixels', 'laterality-on-midline-site'] as const) {
      assert.ok(codes.has(code), `no random state produced ${code}`);
    }
    assertPinned('randomStates', fingerprint(...inventories));
  });
});
