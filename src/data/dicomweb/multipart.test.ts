import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boundaryOf, multipartParts } from './multipart';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
function message(boundary: string, parts: { type: string; body: Uint8Array }[], close = true): Uint8Array {
  const chunks: Uint8Array[] = [];
  for (const part of parts) chunks.push(enc(`--${boundary}\r\nContent-Type: ${part.type}\r\n\r\n`), part.body, enc('\r\n'));
  if (close) chunks.push(enc(`--${boundary}--\r\n`));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

test('two frames come back byte for byte, each with its transfer syntax, even when a frame holds CRLFs and dashes', () => {
  const a = new Uint8Array([0, 1, 13, 10, 45, 45, 255]);
  const b = new Uint8Array(1000).map((_, i) => (i * 37) % 256);
  const body = message('xyz', [
    { type: 'application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1', body: a },
    { type: 'image/jls; transfer-syntax="1.2.840.10008.1.2.4.80"', body: b },
  ]);
  const parts = multipartParts(body, 'xyz');
  assert.equal(parts.length, 2);
  assert.deepEqual([...parts[0]!.bytes], [...a]);
  assert.equal(parts[0]!.transferSyntaxUID, '1.2.840.10008.1.2.1');
  assert.deepEqual([...parts[1]!.bytes], [...b]);
  assert.equal(parts[1]!.transferSyntaxUID, '1.2.840.10008.1.2.4.80');
});

test('a part without a transfer syntax says so; a truncated answer is refused', () => {
  const body = message('b0', [{ type: 'application/octet-stream', body: new Uint8Array([7, 8]) }]);
  assert.equal(multipartParts(body, 'b0')[0]!.transferSyntaxUID, null);
  const cut = message('b0', [{ type: 'application/octet-stream', body: new Uint8Array(100) }], false).subarray(0, 80);
  assert.throws(() => multipartParts(cut, 'b0'), /ends before its closing boundary/);
  assert.throws(() => multipartParts(enc('no boundary here'), 'b0'), /no multipart boundary/);
});

test('the boundary is read from the Content-Type, quoted or not', () => {
  assert.equal(boundaryOf('multipart/related; type="application/octet-stream"; boundary=abc123'), 'abc123');
  assert.equal(boundaryOf('multipart/related; boundary="a b"; type=x'), 'a b');
  assert.equal(boundaryOf('application/json'), null);
});
