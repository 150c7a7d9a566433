import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CALL_WORDING } from './callWording';
import { SIGNAL_CALLS } from './signalRatio';

test('every call has every wording, and the words in a sentence are the label in lower case', () => {
  for (const call of SIGNAL_CALLS) {
    const wording = CALL_WORDING[call];
    assert.equal(wording.words, wording.label.toLowerCase(), call);
    assert.ok(wording.onImage.startsWith(wording.words), call);
    assert.ok(wording.mark.length > 0 && wording.short.length > 0, call);
  }
  assert.equal(new Set(SIGNAL_CALLS.map((call) => CALL_WORDING[call].mark)).size, SIGNAL_CALLS.length);
});
