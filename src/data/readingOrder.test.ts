import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readingOrder } from './readingOrder';

test('one group is read in its own order', () => {
  assert.deepEqual(readingOrder([['a1', 'a2', 'a3']]), { order: ['a1', 'a2', 'a3'], leads: 1 });
});

test('the first file of every group comes first, then the groups take turns', () => {
  const { order, leads } = readingOrder([
    ['a1', 'a2', 'a3', 'a4'],
    ['b1', 'b2'],
    ['c1', 'c2', 'c3'],
  ]);
  assert.deepEqual(order, ['a1', 'b1', 'c1', 'a2', 'b2', 'c2', 'a3', 'c3', 'a4']);
  assert.equal(leads, 3);
});

test('empty groups are skipped and nothing is lost or repeated', () => {
  const groups = [[], ['a1'], [], ['b1', 'b2', 'b3']];
  const { order, leads } = readingOrder(groups);
  assert.deepEqual(order, ['a1', 'b1', 'b2', 'b3']);
  assert.equal(leads, 2);
  assert.deepEqual(readingOrder([]), { order: [], leads: 0 });
});
