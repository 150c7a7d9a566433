/**
 * Pins the exact CSV and JSON text of the exports bench's 1,000-lesion case and of 300
 * random states, by SHA-256 taken with the formatters before they were tuned for speed
 * (issue 4): a faster export must write the same bytes. A deliberate format change
 * changes these too; print the new values with
 * `EMH_PRINT_FINGERPRINTS=1 node --import tsx --test extensions/emh/export/inventoryExport.scale.test.ts`.
 */

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';

import { buildInventory, DEFAULT_THRESHOLDS, type EmhInventory } from '../domain';
import { CONTEXT, manyLesionSteps, randomState, stateFromSteps } from '../domain/manyLesions.fixture';
import { inventoryToCsv } from './inventoryCsv';
import { inventoryToJson } from './inventoryJson';

const PINNED = {
  csv: 'f45d3db68509242b0fcb5f495385b3c1dc8700e8fa68fc1dcb73cd1d4dcba306',
  csvTeaching: '85dd63ad976248e0997190ea8d357a984cf6380643545f4feb266597d579f2e0',
  json: '1f049aefbff101f8b26ba6c237538d360ba8cd2ba63d0caec2804c17ea7757ba',
  jsonTeaching: '67ae0fd129b578b0a6d3ffc30e9d948bef7de33a0339983ae3941269fd8dd384',
  randomCsv: '59f91d54dc5ae2fb355827102386880c00b9a59cfd4cedc59d69d05127ead959',
  randomJson: '4c77bf9074ba76b8013449454e48a22dd6cf8e5db1c777aef6a1860341ff5bf7',
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
