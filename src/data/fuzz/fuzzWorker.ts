/**
 * Runs in a worker thread for the fuzz test: damages each source, classifies every damaged file
 * with the viewer's code and reports each result. In a thread, so that a decoder stuck in a loop
 * is caught by the test's watchdog instead of hanging the run.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import { classify } from './classify';
import { damage, type MutationPlan } from './mutations';

export interface FuzzJob {
  sources: { name: string; path: string; seed: number }[];
  plan: MutationPlan;
}

export interface FuzzResult {
  name: string;
  kind: string;
  fileBytes: number;
  status: 'image' | 'document' | 'refused' | 'threw';
  stage?: 'read' | 'decode';
  reason?: string;
  ms: number;
  /** Growth of ArrayBuffer memory while the file was read and decoded (an upper bound of what it kept). */
  arrayBufferGrowth: number;
  largestDecodedBytes?: number;
  frameByteLimit?: number;
}

export type FuzzMessage =
  | { type: 'start'; name: string }
  | { type: 'result'; result: FuzzResult }
  | { type: 'recheck'; name: string; first: string; again: string }
  | { type: 'done' };

/** What a result says, for comparing two runs of one file. */
const verdict = (result: FuzzResult): string => (result.status === 'refused' ? `${result.stage}: ${result.reason}` : result.status);

const port = parentPort;
if (!port) throw new Error('fuzzWorker runs as a worker thread');
const job = workerData as FuzzJob;

const results = { length: 0 };
const recheck: { file: Uint8Array; name: string; first: string }[] = [];

async function run(): Promise<void> {
  // Loading the decoder modules and codecs takes a while once; it is not a file's time.
  for (const source of job.sources) await classify(new Uint8Array(readFileSync(source.path))).catch(() => undefined);
  for (const source of job.sources) {
    const bytes = new Uint8Array(readFileSync(source.path));
    for (const file of damage({ name: source.name, bytes }, source.seed, job.plan)) {
      port?.postMessage({ type: 'start', name: file.name } satisfies FuzzMessage);
      const before = process.memoryUsage().arrayBuffers;
      const start = performance.now();
      let result: FuzzResult;
      const base = { name: file.name, kind: file.kind, fileBytes: file.bytes.length };
      try {
        const outcome = await classify(file.bytes);
        const measured = { ms: performance.now() - start, arrayBufferGrowth: process.memoryUsage().arrayBuffers - before };
        result =
          outcome.status === 'refused'
            ? { ...base, ...measured, status: 'refused', stage: outcome.stage, reason: outcome.reason }
            : outcome.status === 'image'
              ? {
                  ...base,
                  ...measured,
                  status: 'image',
                  largestDecodedBytes: outcome.largestDecodedBytes,
                  frameByteLimit: outcome.frameByteLimit,
                }
              : { ...base, ...measured, status: 'document' };
      } catch (error) {
        const reason = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
        result = { ...base, ms: performance.now() - start, arrayBufferGrowth: 0, status: 'threw', reason };
      }
      port?.postMessage({ type: 'result', result } satisfies FuzzMessage);
      if (file.kind !== 'truncate' && results.length % 7 === 0) recheck.push({ file: file.bytes, name: file.name, first: verdict(result) });
      results.length += 1;
    }
  }
  // A decoder that keeps state between frames (OpenJPEG hands back its previous image when it
  // cannot read a header) would make a file's outcome depend on what came before: read a sample
  // again in reverse order, after everything else.
  for (const { file, name, first } of recheck.reverse()) {
    port?.postMessage({ type: 'start', name: `${name} (again)` } satisfies FuzzMessage);
    const outcome = await classify(file).catch((error: unknown) => ({ status: 'threw', reason: String(error) }) as const);
    const again = outcome.status === 'refused' ? `${outcome.stage}: ${outcome.reason}` : outcome.status;
    port?.postMessage({ type: 'recheck', name, first, again } satisfies FuzzMessage);
  }
  port?.postMessage({ type: 'done' } satisfies FuzzMessage);
}

void run();
