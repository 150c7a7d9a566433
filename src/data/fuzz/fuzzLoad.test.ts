/**
 * Bad input at scale: over 10,000 damaged files (fuzzSources.ts, mutations.ts) go through the
 * viewer's reading and decoding code (classify.ts). None may throw, hang, allocate beyond what
 * the file can hold, or be refused in words a person cannot read.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { DEFAULT_PLAN } from './mutations';
import { fuzzSources } from './fuzzSources';
import type { FuzzJob, FuzzMessage, FuzzResult } from './fuzzWorker';
import { isReadableReason, reasonClass } from './refusalPatterns';

/** A correctness bound against hangs, not a speed benchmark. */
const MAX_MS_PER_FILE = 2000;
/** A worker silent this long is stuck inside one file: the run stops and names it. */
const WATCHDOG_MS = 15_000;
const MiB = 1024 * 1024;

interface FuzzRun {
  results: FuzzResult[];
  /** Files read a second time, later and in reverse order, whose outcome changed. */
  changedOnSecondRead: string[];
  secondReads: number;
}

function runWorker(job: FuzzJob): Promise<FuzzRun> {
  return new Promise((resolve, reject) => {
    // A worker does not inherit tsx's loader: the thread registers it, then imports the TypeScript.
    const bootstrap = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL('./fuzzWorker.ts', import.meta.url).href)}); })`;
    const worker = new Worker(bootstrap, { eval: true, workerData: job, stdout: true, stderr: true });
    // The codecs print progress ("[INFO] Header of tile 1 / 1 has been read"); not test output.
    worker.stdout.resume();
    worker.stderr.resume();
    const results: FuzzResult[] = [];
    const changedOnSecondRead: string[] = [];
    let secondReads = 0;
    let current = '(none yet)';
    let timer: NodeJS.Timeout | undefined;
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        void worker.terminate();
        reject(new Error(`hang: no answer for ${WATCHDOG_MS} ms while reading ${current}`));
      }, WATCHDOG_MS);
    };
    arm();
    worker.on('message', (message: FuzzMessage) => {
      arm();
      if (message.type === 'start') current = message.name;
      else if (message.type === 'result') results.push(message.result);
      else if (message.type === 'recheck') {
        secondReads += 1;
        if (message.again !== message.first) changedOnSecondRead.push(`${message.name}: ${message.first} -> ${message.again}`);
      } else {
        clearTimeout(timer);
        void worker.terminate();
        resolve({ results, changedOnSecondRead, secondReads });
      }
    });
    worker.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`uncaught error in the worker while reading ${current}: ${error.stack ?? error.message}`));
    });
  });
}

test('10,000+ damaged files: no uncaught error, no hang, no unreadable reason, no allocation beyond the file', async (t) => {
  const sources = fuzzSources();
  // One thread: a file's time is then its own, not shared with a second fuzz thread on two cores.
  const { results, changedOnSecondRead, secondReads } = await runWorker({ sources, plan: DEFAULT_PLAN });
  assert.ok(secondReads > 500, `${secondReads} files read twice`);
  assert.deepEqual(changedOnSecondRead, [], 'outcomes that depend on what was decoded before');

  const threw = results.filter((r) => r.status === 'threw');
  assert.deepEqual(
    threw.map((r) => `${r.name}: ${r.reason}`),
    [],
    'uncaught exceptions',
  );

  const slowest = results.reduce((a, b) => (b.ms > a.ms ? b : a));
  const refused = results.filter((r) => r.status === 'refused');
  const unreadable = refused.filter((r) => !isReadableReason(r.reason ?? ''));
  const unreadableKinds = new Map(unreadable.map((r) => [reasonClass(r.reason ?? ''), `${r.name}: ${r.reason}`]));
  assert.deepEqual([...unreadableKinds.values()], [], 'refusal reasons outside the whitelist (one file of each kind)');

  // Absurd headers are refused from the header: nothing near the claimed size is allocated.
  const absurd = results.filter((r) => r.name.endsWith('frames=1000,65535x65535'));
  assert.ok(absurd.length > 0, 'the 65535 x 65535 x 1000-frame headers were made');
  for (const r of absurd) {
    assert.equal(r.status, 'refused', r.name);
    assert.match(
      r.reason ?? '',
      /^image too large: 65535 x 65535 pixels x \d+ frames would need [\d.]+ [GT]iB, [\d.]+ GiB a frame \(the viewer's limits are 4 GiB an image, 512 MiB a frame, 20,000 frames\)$/,
      r.name,
    );
    assert.ok(r.arrayBufferGrowth < 2 * r.fileBytes + MiB, `${r.name} grew ArrayBuffers by ${r.arrayBufferGrowth} bytes`);
  }
  // Any file refused at read keeps no more than a copy of its header and a parse of its bytes.
  const greedyRefusals = refused.filter((r) => r.stage === 'read' && r.arrayBufferGrowth > 2 * r.fileBytes + MiB);
  assert.deepEqual(
    greedyRefusals.slice(0, 10).map((r) => `${r.name}: +${r.arrayBufferGrowth}`),
    [],
    'refusals that allocated beyond the file',
  );
  // An accepted file's decoded frame never exceeds what its header sized and the limits allow.
  const images = results.filter((r) => r.status === 'image');
  const oversized = images.filter((r) => (r.largestDecodedBytes ?? 0) > (r.frameByteLimit ?? 0) || (r.frameByteLimit ?? 0) > 512 * MiB);
  assert.deepEqual(
    oversized.map((r) => r.name),
    [],
    'decoded frames larger than the header allows',
  );

  const byClass = new Map<string, number>();
  for (const r of refused) {
    const key = `${r.stage}: ${reasonClass(r.reason ?? '')}`;
    byClass.set(key, (byClass.get(key) ?? 0) + 1);
  }
  const documents = results.filter((r) => r.status === 'document').length;
  t.diagnostic(
    `files ${results.length} from ${sources.length} sources (${secondReads} read again in reverse order, same outcome); accepted ${images.length} images + ${documents} documents; refused ${refused.length}`,
  );
  for (const [key, count] of [...byClass].sort((a, b) => b[1] - a[1])) t.diagnostic(`  refused ${count} ${key}`);
  for (const r of [...results].sort((a, b) => b.ms - a.ms).slice(0, 3))
    t.diagnostic(`  slow: ${r.ms.toFixed(0)} ms ${r.name} (${r.status})`);
  t.diagnostic(
    `max ${slowest.ms.toFixed(0)} ms (${slowest.name}); max ArrayBuffer growth of a read refusal ${Math.max(0, ...refused.filter((r) => r.stage === 'read').map((r) => r.arrayBufferGrowth))} bytes`,
  );

  assert.ok(results.length >= 10_000, `${results.length} files`);
  assert.ok(images.length > 500 && refused.length > 1000, 'both outcomes are exercised');
  assert.ok(slowest.ms <= MAX_MS_PER_FILE, `${slowest.name} took ${slowest.ms.toFixed(0)} ms`);
});
