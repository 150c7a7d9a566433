import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ReadingPace } from './readingPace';

test('twelve files at once while nobody scrolls; six while scrolling, and twelve again 300 ms after the last step', () => {
  let now = 1000;
  const pace = new ReadingPace(() => now);
  const open = () => Array.from({ length: ReadingPace.FULL }, (_, slot) => pace.waitFor(slot) === 0).filter(Boolean).length;
  assert.equal(open(), 12);
  pace.scrolled();
  assert.equal(open(), 6);
  assert.equal(pace.waitFor(6), 300);
  now += 200;
  pace.scrolled(); // still scrolling: the pause counts from the last step
  now += 250;
  assert.equal(open(), 6);
  assert.equal(pace.waitFor(11), 50);
  now += 50;
  assert.equal(open(), 12);
});

test('while scrolling through compressed frames, two at once; uncompressed frames bring it back to six', () => {
  let now = 1000;
  const pace = new ReadingPace(() => now);
  const open = () => Array.from({ length: ReadingPace.FULL }, (_, slot) => pace.waitFor(slot) === 0).filter(Boolean).length;
  pace.frameRead('1.2.840.10008.1.2.4.80'); // JPEG-LS lossless
  assert.equal(open(), 12);
  pace.scrolled();
  assert.equal(open(), 2);
  pace.frameRead('1.2.840.10008.1.2.4.201'); // HTJ2K lossless
  assert.equal(open(), 2);
  pace.frameRead('1.2.840.10008.1.2.1'); // explicit VR little endian
  assert.equal(open(), 6);
  pace.frameRead('1.2.840.10008.1.2.1.99'); // a deflated file is inflated: decoding
  assert.equal(open(), 2);
  now += 300;
  assert.equal(open(), 12);
});
