import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { formatCsvNumber } from './csvFormat';

/** What formatCsvNumber wrote before its short-text fast path: 12 significant digits, noise dropped. */
const reference = (value: number): string => (Number.isFinite(value) ? String(Number(value.toPrecision(12))) : '');

/** Doubles of every kind: raw random bit patterns, clinical-looking values and their float noise. */
function* doubles(): Generator<number> {
  let seed = 0x2545f491;
  const next = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return seed >>> 0;
  };
  const view = new DataView(new ArrayBuffer(8));
  for (let i = 0; i < 200_000; i += 1) {
    view.setUint32(0, next());
    view.setUint32(4, next());
    yield view.getFloat64(0);
  }
  for (let i = 0; i < 200_000; i += 1) {
    const scale = 10 ** ((next() % 30) - 15);
    const base = (next() % 2_000_000) - 1_000_000;
    yield base * scale;
    yield (base / 7) * scale;
    yield base / 10 + 0.1 + 0.2;
  }
  yield* [0, -0, 1e12, 999_999_999_999, 1e21, 1e-7, 123.45678901234, -0.000012345678, 5e-324, Number.MAX_VALUE];
}

describe('formatCsvNumber', () => {
  it('writes exactly what 12-digit rounding wrote, for every kind of double', () => {
    let checked = 0;
    for (const value of doubles()) {
      const actual = formatCsvNumber(value);
      if (actual !== reference(value)) assert.fail(`${value}: ${actual}, expected ${reference(value)}`);
      checked += 1;
    }
    assert.ok(checked > 800_000);
  });
});
