/**
 * Pins the exact CSV and JSON text of the exports bench's 1,000-lesion case and of 300 random
 * states, by SHA-256 taken with the formatters before they were tuned for speed
 * (docs/exports.md#stable-output): a faster export must write the same bytes. A deliberate format
 * change changes these too; print the new values with
 * `EMH_PRINT_FINGERPRINTS=1 node --import tsx --test extensions/emh/export/inventoryExport.scale.test.ts`.
 */

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';

import { DEFAULT_THRESHOLDS } from '../../inventory/rules/config';
import type { EmhInventory } from '../../inventory/rules/inventoryTypes';
import { buildInventory } from '../../inventory/rules/lesionInventory';
import { CONTEXT, manyLesionSteps, randomState, stateFromSteps } from '../../inventory/rules/manyLesions.fixture';
import { inventoryToCsv } from './inventoryCsv';
import { inventoryToJson } from './inventoryJson';

const PINNED = {
  csv: 'eede31c519d96386c1ddd299d4ef07ac75998d981bb480ac4d0381dcf7d642a2',
  csvTeaching: '5c5f036565127666b580564c8c712bb17b0e18bdd2e06d3a5065b27562082923',
  json: '1c07407c21a959c4d672e4f37b9fb210cc6c72717af0385cf9fd330a5d379dc9',
  jsonTeaching: '4d3fdc7dac789ebe31dafa39d1a079b5bf407897fd8ccc57f4ebb26e129d8926',
  randomCsv: 'ca6fbd1c079850f52fe536dfe18039ed6849e318503fc07d6ad95549027e6b08',
  randomJson: 'a6eb6281b0709d3fa67d44bdb09b01a71f415fc2f33c55f17ca557ea04feabbd',
} as const;

const sha256 = (...texts: readonly string[]): string => {
  const hash = createHash('sha256');
  for (const text of texts) hash.update(text).update('\n');
  return hash.digest('hex');
};

function assertPinned(name: keyof typeof PINNED, actual: string): void {
  if (process.env.EMH_PRINT_FINGERPRINTS === '1') console.log(`${name}: '${actual}',`);
  assert.equal(actual, PINNED[name], `${name}: the exported text changed (see the file comment)`);
}

describe('CSV and JSON exports are pinned', () => {
  const many = buildInventory(stateFromSteps(manyLesionSteps(1000)), DEFAULT_THRESHOLDS, CONTEXT);
  const random: EmhInventory[] = [];
  for (let seed = 1; seed <= 300; seed += 1) {
    random.push(buildInventory(randomState(seed), DEFAULT_THRESHOLDS, seed % 2 === 0 ? CONTEXT : {}));
  }

  it('1,000 lesions as CSV, for the record and for teaching', () => {
    assertPinned('csv', sha256(inventoryToCsv(many)));
    assertPinned('csvTeaching', sha256(inventoryToCsv(many, { teaching: true })));
  });

  it('1,000 lesions as JSON, for the record and for teaching', () => {
    assertPinned('json', sha256(inventoryToJson(many)));
    assertPinned('jsonTeaching', sha256(inventoryToJson(many, { teaching: true })));
  });

  it('300 random states as CSV and JSON', () => {
    assertPinned('randomCsv', sha256(...random.map((inventory) => inventoryToCsv(inventory))));
    assertPinned('randomJson', sha256(...random.map((inventory) => inventoryToJson(inventory))));
  });
});
