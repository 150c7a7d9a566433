/**
 * Writes the browser fuzz corpus: a few hundred of the unit fuzz's damaged files (the same
 * sources, seeds and mutations), each with the outcome the viewer's code gives in Node, to
 * compare with what the browser makes of the same bytes.
 *
 *   node --import tsx e2e/support/fuzzCorpus.ts <out-dir>
 *
 * Each file gets its own SOP Instance UID and a per-source Series Instance UID (same length, in
 * place), so the viewer does not take it for a copy of another file or add it to a real series.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { classify, type Outcome } from '../../src/data/fuzz/classify';
import { fuzzSources } from '../../src/data/fuzz/fuzzSources';
import { damage, DEFAULT_PLAN, type DamagedFile } from '../../src/data/fuzz/mutations';
import { readInstance } from '../../src/data/readInstance';
import { reasonClass } from '../../src/data/fuzz/refusalPatterns';

export interface CorpusEntry {
  file: string;
  damage: string;
  expected: Outcome;
}

const QUOTAS = { image: 100, document: 30, read: 130, decode: 60 } as const;

/** Replaces every occurrence of `uid` in the bytes by a same-length variant ending in `suffix`. */
function replaceUid(bytes: Uint8Array, uid: string, suffix: string): void {
  if (uid.length < suffix.length + 8) return;
  const from = new TextEncoder().encode(uid);
  const to = new TextEncoder().encode(uid.slice(0, uid.length - suffix.length) + suffix);
  for (let i = 0; i + from.length <= bytes.length; i++) {
    let match = true;
    for (let j = 0; j < from.length && match; j++) match = bytes[i + j] === from[j];
    if (match) bytes.set(to, i);
  }
}

/**
 * The browser decodes 8-bit colour JPEG Baseline with its own image decoder (a canvas), not
 * libjpeg-turbo: damaged frames of those may fare differently, so they stay in the Node fuzz.
 */
function browserDecodesDifferently(original: Uint8Array): boolean {
  const read = readInstance(original);
  return (
    read.kind === 'image' && read.header.transferSyntaxUID === '1.2.840.10008.1.2.4.50' && (read.fullDataSet.uint16('x00280002') ?? 1) === 3
  );
}

async function main(outDir: string): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const chosen: { file: DamagedFile; outcome: Outcome; sourceIndex: number }[] = [];
  const taken = { image: 0, document: 0, read: 0, decode: 0 };
  const readClasses = new Map<string, number>();
  const sources = fuzzSources();
  for (const [sourceIndex, source] of sources.entries()) {
    const original = new Uint8Array(readFileSync(source.path));
    if (browserDecodesDifferently(original)) continue;
    const files = damage({ name: source.name, bytes: original }, source.seed, DEFAULT_PLAN);
    for (const [index, file] of files.entries()) {
      // Truncations are most of the files and nearly all refused alike: every 25th is enough.
      if (file.kind === 'truncate' && index % 25 !== 0) continue;
      const outcome = await classify(file.bytes);
      const bucket = outcome.status === 'refused' ? outcome.stage : outcome.status;
      if (taken[bucket] >= QUOTAS[bucket]) continue;
      // Spread the read refusals over their kinds rather than take the first hundred truncations.
      if (outcome.status === 'refused' && outcome.stage === 'read') {
        const kind = reasonClass(outcome.reason);
        if ((readClasses.get(kind) ?? 0) >= 6) continue;
        readClasses.set(kind, (readClasses.get(kind) ?? 0) + 1);
      }
      // Spread over the sources too: at most 8 files of one source in one bucket.
      if (
        chosen.filter(
          (c) => c.sourceIndex === sourceIndex && (c.outcome.status === 'refused' ? c.outcome.stage : c.outcome.status) === bucket,
        ).length >= 8
      )
        continue;
      taken[bucket] += 1;
      chosen.push({ file, outcome, sourceIndex });
    }
  }
  const entries: CorpusEntry[] = [];
  for (const [index, { file, sourceIndex }] of chosen.entries()) {
    const bytes = file.bytes.slice();
    const original = readInstance(new Uint8Array(readFileSync(sources[sourceIndex].path)));
    if (original.kind !== 'refused') {
      replaceUid(bytes, original.header.sopInstanceUID, `9${String(index).padStart(5, '0')}`);
      replaceUid(bytes, original.header.seriesInstanceUID, `8${String(sourceIndex).padStart(4, '0')}`);
    }
    const name = `fuzz-${String(index).padStart(4, '0')}.dcm`;
    writeFileSync(join(outDir, name), bytes);
    // The outcome of the bytes actually served (new UIDs change nothing else, but check).
    entries.push({ file: name, damage: file.name, expected: await classify(bytes) });
  }
  writeFileSync(join(outDir, 'expected.json'), JSON.stringify(entries, null, 1));
  console.log(`wrote ${entries.length} files: ${JSON.stringify(taken)}`);
  process.exit(0); // the codecs' WebAssembly keeps the event loop alive
}

void main(process.argv[2] ?? 'e2e/artifacts/fuzz-corpus');
