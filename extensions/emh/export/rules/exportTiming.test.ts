import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { it } from 'node:test';

import { inventoryToCsv } from './inventoryCsv';
import { inventoryToJson } from './inventoryJson';
import { lesionTableToTsv } from './lesionTableTsv';
import { manyLesions, sampleInventory } from './sampleInventory.fixture';

/** A smoke check only: the target is well under 50 ms; the bound is loose so a busy CI machine does not fail it. */
const SMOKE_BOUND_MS = 250;

function medianMs(run: () => string, times = 7): number {
  run();
  const samples: number[] = [];
  for (let i = 0; i < times; i += 1) {
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] ?? Number.NaN;
}

it('exports 1,000 lesions as CSV, JSON and TSV quickly', (t) => {
  const inventory = manyLesions(sampleInventory(), 1000);
  assert.equal(inventory.lesions.length, 1000);
  assert.equal(inventoryToCsv(inventory).split('\r\nlesion,').length - 1, 1000);

  const csvMs = medianMs(() => inventoryToCsv(inventory));
  const jsonMs = medianMs(() => inventoryToJson(inventory));
  const tsvMs = medianMs(() => lesionTableToTsv(inventory));
  t.diagnostic(`1,000 lesions, median of 7: CSV ${csvMs.toFixed(1)} ms, JSON ${jsonMs.toFixed(1)} ms, TSV ${tsvMs.toFixed(1)} ms`);
  for (const ms of [csvMs, jsonMs, tsvMs]) assert.ok(ms < SMOKE_BOUND_MS, `${ms} ms`);
});
