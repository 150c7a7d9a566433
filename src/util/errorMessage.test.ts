import assert from 'node:assert/strict';
import { test } from 'node:test';
import { errorMessage } from './errorMessage';

test('an Error gives its message; anything else its text', () => {
  assert.equal(errorMessage(new TypeError('no such file')), 'no such file');
  assert.equal(errorMessage('plain words'), 'plain words');
  assert.equal(errorMessage(404), '404');
  assert.equal(errorMessage(undefined), 'undefined');
});
