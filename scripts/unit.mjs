// Runs every *.test.ts under src/, extensions/, ohif/, sample-dicom/ and bench/runner/ with Node's test runner.
// Node runs test files one at a time here (two cores), so files that mostly wait on an
// external validator run in a second runner beside the rest; their output goes to a file and
// is printed after, so the two reports do not interleave.
//
// Node gives each test file a process of its own: starting it (Node, tsx, the modules the file
// imports) cost ~1 s of a core per file, more than the tests themselves (unit step 228 s, of
// which ~90 s were tests). So the test files are imported together into one process
// (EMH_UNIT_ISOLATE=1 gives each its own again, to tell a leak between files from a failure).
// A file that sets a global (`globalThis.x = ...`, `Object.assign(globalThis, ...)`: a fake
// fetch, document or location) keeps a process of its own, so that no other file sees it.
//
// Each runner also writes a TAP report to a file, whose closing "# pass N" / "# fail N" lines
// give the counts: printed as "unit: N passed, N failed" and, when EMH_UNIT_SUMMARY names a
// file, written there as JSON ({ passed, failed, skipped, todo }) for scripts/test.mjs.
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawn, spawnSync } from 'node:child_process';

/** PixelMed's TID 1500 validator: ~10-40 s of Java per run, depending on the machine's load. */
const BESIDE = ['extensions/emh/sr/rules/srPixelmed.test.ts'];

function find(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'output') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) find(path, out);
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const files = ['src', 'extensions', 'ohif', 'sample-dicom', 'bench/runner'].flatMap((dir) => find(dir));
const beside = BESIDE.filter((file) => files.includes(file));
const rest = files.filter((file) => !beside.includes(file));
const workDir = mkdtempSync(join(tmpdir(), 'emh-unit-'));

const SETS_A_GLOBAL = /Object\.assign\(\s*globalThis\b|globalThis\.\w+\s*=[^=]/;
/**
 * Files that fail after some other file in the same process, though they set nothing global
 * themselves. compressedGrey.test.ts: after greyPixels.test.ts (which imports the DICOM image
 * loader's decode module by path), the loader's decode of the HTJ2K copy of pydicom's CT_small
 * with -1024 gives a Float32Array, ours an Int16Array; each file alone passes. Cause not found.
 */
const ALONE = ['src/data/reader/compressedGrey.test.ts'];
const alone =
  process.env.EMH_UNIT_ISOLATE === '1'
    ? rest
    : rest.filter((file) => ALONE.includes(file) || SETS_A_GLOBAL.test(readFileSync(file, 'utf8')));
const together = rest.filter((file) => !alone.includes(file));
/** One module importing the others: Node's runner gives it one process, and the tests run in file order. */
function togetherEntry() {
  const entry = join(workDir, 'together.test.mjs');
  writeFileSync(entry, together.map((file) => `import ${JSON.stringify(pathToFileURL(resolve(file)).href)};\n`).join(''));
  return entry;
}
const restRun = together.length ? [togetherEntry(), ...alone] : alone;
const runner = (tap) => [
  '--import',
  'tsx',
  '--test',
  '--test-reporter=spec',
  '--test-reporter-destination=stdout',
  '--test-reporter=tap',
  `--test-reporter-destination=${tap}`,
];
const restTap = join(workDir, 'rest.tap');
const besideTap = join(workDir, 'beside.tap');

const besideLog = join(workDir, 'beside.log');
const besideFd = openSync(besideLog, 'w');
const besideRun = beside.length
  ? new Promise((resolve) => {
      const child = spawn('node', [...runner(besideTap), ...beside], { stdio: ['ignore', besideFd, besideFd] });
      child.on('error', (error) => resolve({ status: 1, error }));
      child.on('close', (status) => resolve({ status }));
    })
  : Promise.resolve({ status: 0 });

const result = spawnSync('node', [...runner(restTap), ...restRun], { stdio: 'inherit' });
const besideResult = await besideRun;
closeSync(besideFd);
if (beside.length) {
  console.log(`\n--- ran beside the above: ${beside.join(', ')}`);
  process.stdout.write(readFileSync(besideLog, 'utf8'));
  if (besideResult.error) console.error(`could not start: ${besideResult.error.message}`);
}

/** The closing counts of a TAP report; null when the runner wrote none (it did not start or crashed). */
function tapCounts(file) {
  if (!existsSync(file)) return null;
  const text = readFileSync(file, 'utf8');
  const last = (name) => {
    const all = [...text.matchAll(new RegExp(`^# ${name} (\\d+)$`, 'gm'))];
    return all.length ? Number(all[all.length - 1][1]) : null;
  };
  const pass = last('pass');
  if (pass === null) return null;
  return { passed: pass, failed: (last('fail') ?? 0) + (last('cancelled') ?? 0), skipped: last('skipped') ?? 0, todo: last('todo') ?? 0 };
}

const ok = result.status === 0 && besideResult.status === 0;
const runs = [tapCounts(restTap), ...(beside.length ? [tapCounts(besideTap)] : [])];
const summary = { passed: 0, failed: 0, skipped: 0, todo: 0 };
for (const counts of runs) {
  // A runner without counts failed to run at all: one failure, never a silent zero.
  if (counts === null) summary.failed += 1;
  else for (const key of Object.keys(summary)) summary[key] += counts[key];
}
// A non-zero exit with no failing test (e.g. a crash after the last test) still fails.
if (!ok && summary.failed === 0) summary.failed = 1;
const extra = [summary.skipped && `${summary.skipped} skipped`, summary.todo && `${summary.todo} todo`].filter(Boolean);
console.log(`\nunit: ${summary.passed} passed, ${summary.failed} failed${extra.length ? `, ${extra.join(', ')}` : ''}`);
if (process.env.EMH_UNIT_SUMMARY) writeFileSync(process.env.EMH_UNIT_SUMMARY, `${JSON.stringify(summary)}\n`);
process.exit(ok ? 0 : 1);
