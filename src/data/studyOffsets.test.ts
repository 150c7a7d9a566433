import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StudyOffsets, type OffsetStorage } from './studyOffsets';

function memoryStorage(): OffsetStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return { items, getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v) };
}

test('an offset is remembered per pair, the reverse is its inverse, and it survives a reload', () => {
  const storage = memoryStorage();
  const offsets = new StudyOffsets(storage);
  offsets.set('base', 'fu', { translation: [0, 6, 37.5], method: 'registration' });
  assert.deepEqual(offsets.get('fu', 'base'), { translation: [-0, -6, -37.5], method: 'registration' });
  assert.equal(offsets.get('base', 'other'), null);
  const again = new StudyOffsets(storage);
  assert.deepEqual(again.get('base', 'fu'), { translation: [0, 6, 37.5], method: 'registration' });
});

test('a registration does not replace a link made by hand; a new link does', () => {
  const offsets = new StudyOffsets(null);
  offsets.set('a', 'b', { translation: [0, 0, 10], method: 'linked' });
  assert.equal(offsets.set('b', 'a', { translation: [0, 0, -12], method: 'registration' }), false);
  assert.deepEqual(offsets.get('a', 'b')?.translation, [0, 0, 10]);
  offsets.set('b', 'a', { translation: [0, 0, -11], method: 'linked' });
  assert.deepEqual(offsets.get('a', 'b')?.translation, [-0, -0, 11]);
});

test('damaged storage is ignored', () => {
  const storage = memoryStorage();
  storage.items.set('viewer.studyOffsets.v1', '{not json');
  assert.equal(new StudyOffsets(storage).get('a', 'b'), null);
  storage.items.set('viewer.studyOffsets.v1', JSON.stringify({ 'a|b': { translation: [1, 'x', 2], method: 'linked' } }));
  assert.equal(new StudyOffsets(storage).get('a', 'b'), null);
});
