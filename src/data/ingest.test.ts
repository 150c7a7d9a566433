import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ingest } from './ingest';
import { ReadingPace } from './readingPace';
import { StudyCollection } from './studyModel';
import type { InstanceReader, ReadOutcome } from './reader/instanceReader';
import type { InstanceSource } from './types';

/** A reader whose reads take `ms` each; it records how many ran at once, and when. */
function slowReader(ms: number): InstanceReader & { inFlight: { at: number; count: number }[] } {
  let count = 0;
  const inFlight: { at: number; count: number }[] = [];
  return {
    inFlight,
    async read(): Promise<ReadOutcome> {
      count += 1;
      inFlight.push({ at: performance.now(), count });
      await new Promise((resolve) => setTimeout(resolve, ms));
      count -= 1;
      return { kind: 'unread', reason: 'could not be read: test' };
    },
  };
}

const sources = (n: number): InstanceSource[] =>
  Array.from({ length: n }, (_, i) => ({ kind: 'url', name: `f${i}.dcm`, url: `http://test/f${i}.dcm` }));

const listener = { onImage: () => undefined, onDocument: () => undefined, onProgress: () => undefined };

test('a load reads twelve files at once, six while the user scrolls, and every file once in order', async () => {
  const calm = slowReader(5);
  const report = await ingest(sources(40), new StudyCollection(), listener, calm, new ReadingPace());
  assert.equal(Math.max(...calm.inFlight.map((r) => r.count)), 12);
  assert.deepEqual(
    report.refused.map((r) => r.file).sort((a, b) => Number(a.slice(1, -4)) - Number(b.slice(1, -4))),
    sources(40).map((s) => s.name),
  );

  const pace = new ReadingPace(undefined, 60);
  const scrolling = slowReader(5);
  const started = performance.now();
  pace.scrolled();
  await ingest(sources(200), new StudyCollection(), listener, scrolling, pace);
  const during = scrolling.inFlight.filter((r) => r.at - started < 55);
  assert.ok(during.length > 0);
  assert.ok(Math.max(...during.map((r) => r.count)) <= 6, 'at most six while scrolling');
  assert.ok(Math.max(...scrolling.inFlight.map((r) => r.count)) > 6, 'more once the scrolling stopped');
});
