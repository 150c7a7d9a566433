import assert from 'node:assert/strict';
import test from 'node:test';
import { firstDecodeAlone } from './firstDecodeAlone';

const JLS = '1.2.840.10008.1.2.4.80';
const J2K = '1.2.840.10008.1.2.4.90';

function deferred(): { promise: Promise<string>; resolve: (v: string) => void; reject: (e: Error) => void } {
  let resolve!: (v: string) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<string>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

test('frames of a syntax wait for its first decode; another syntax does not', async () => {
  const decodeAfterFirst = firstDecodeAlone();
  const started: string[] = [];
  const first = deferred();
  const a = decodeAfterFirst(JLS, () => (started.push('jls 1'), first.promise));
  const b = decodeAfterFirst(JLS, async () => (started.push('jls 2'), 'b'));
  const c = decodeAfterFirst(JLS, async () => (started.push('jls 3'), 'c'));
  const d = decodeAfterFirst(J2K, async () => (started.push('j2k 1'), 'd'));
  await tick();
  assert.deepEqual(started, ['jls 1', 'j2k 1']);
  first.resolve('a');
  assert.deepEqual(await Promise.all([a, b, c, d]), ['a', 'b', 'c', 'd']);
  assert.deepEqual(started, ['jls 1', 'j2k 1', 'jls 2', 'jls 3']);
  // Once the codec is set up, frames no longer queue behind one another.
  const slow = deferred();
  const e = decodeAfterFirst(JLS, () => (started.push('jls 4'), slow.promise));
  const f = decodeAfterFirst(JLS, async () => (started.push('jls 5'), 'f'));
  await tick();
  assert.deepEqual(started.slice(-2), ['jls 4', 'jls 5']);
  slow.resolve('e');
  assert.deepEqual(await Promise.all([e, f]), ['e', 'f']);
});

test('a first decode that fails passes its error on, and the next frame goes alone again', async () => {
  const decodeAfterFirst = firstDecodeAlone();
  const started: string[] = [];
  const first = deferred();
  const a = decodeAfterFirst(JLS, () => (started.push('1'), first.promise));
  const b = decodeAfterFirst(JLS, async () => (started.push('2'), 'b'));
  first.reject(new Error('corrupt first frame'));
  await assert.rejects(a, /corrupt first frame/);
  assert.equal(await b, 'b');
  const second = deferred();
  const c = decodeAfterFirst(JLS, () => (started.push('3'), second.promise));
  const d = decodeAfterFirst(JLS, async () => (started.push('4'), 'd'));
  await tick();
  assert.deepEqual(started, ['1', '2', '3']);
  second.resolve('c');
  assert.deepEqual(await Promise.all([c, d]), ['c', 'd']);
});
