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
