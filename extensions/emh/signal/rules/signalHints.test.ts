import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { signalHints } from './signalHints';

const hintCodes = (...args: Parameters<typeof signalHints>): string[] => signalHints(...args).map((h) => h.code);

describe('signalHints', () => {
  it('T2 hypointense suggests iron-laden or burnt-out EMH (L1, L2, L4, L5)', () => {
    assert.deepEqual(hintCodes('iso', 'hypo'), ['iron-or-burnt-out']);
    assert.deepEqual(hintCodes('hypo', 'markedly-hypo'), ['iron-or-burnt-out']);
    assert.match(signalHints('iso', 'hypo')[0]?.text ?? '', /iron-laden or burnt-out/);
  });

  it('T2 hyperintense suggests active EMH (L3), also with T1 unknown', () => {
    assert.deepEqual(hintCodes('iso', 'hyper'), ['active']);
    assert.deepEqual(hintCodes(null, 'hyper'), ['active']);
  });

  it('T1 and T2 hyperintense suggests fatty (old) EMH, not active', () => {
    assert.deepEqual(hintCodes('hyper', 'hyper'), ['fatty-old']);
  });

  it('says nothing for iso or missing T2 calls', () => {
    assert.deepEqual(hintCodes('hyper', 'iso'), []);
    assert.deepEqual(hintCodes('iso', null), []);
    assert.deepEqual(hintCodes(null, 'indeterminate'), []);
  });
});
