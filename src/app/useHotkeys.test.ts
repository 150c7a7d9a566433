import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hotkeyName } from './useHotkeys';

const press = (key: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean }> = {}) =>
  hotkeyName({ key, ctrlKey: false, metaKey: false, shiftKey: false, ...mods });

test('plain keys keep their character; Shift only counts with Ctrl', () => {
  assert.equal(press('z'), 'z');
  assert.equal(press('?', { shiftKey: true }), '?');
  assert.equal(press('ArrowDown'), 'ArrowDown');
  assert.equal(press('z', { ctrlKey: true }), 'Ctrl+z');
  assert.equal(press('Z', { ctrlKey: true, shiftKey: true }), 'Ctrl+Shift+z');
  assert.equal(press('z', { metaKey: true }), 'Ctrl+z');
});
