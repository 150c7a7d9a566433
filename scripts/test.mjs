// `npm test`: type-check, lint, format check, unit tests, then the e2e tests in Debian's
// Chromium against a production build, then the plugin's e2e tests inside the published OHIF.
// Any failing step fails the run. Ends with the seconds each step took and one
// "tests: N passed, N failed" line over unit and e2e tests together.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureSystemDeps } from './system-deps.mjs';
import { ensureOhif } from './ohif/ensure-ohif.mjs';

const timings = [];

function step(title, command, args, env = {}) {
  console.log(`\n=== ${title}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = (Date.now() - started) / 1000;
  const ok = result.status === 0;
  timings.push(`${title} ${seconds.toFixed(1)} s${ok ? '' : ' (FAILED)'}`);
  console.log(`=== ${title}: ${ok ? 'ok' : 'FAILED'} in ${seconds.toFixed(1)} s`);
  return ok;
}

/**
 * Steps run side by side, two at a time. Each one's output is kept and printed whole when all
 * have ended, in the order given, so reports never interleave. Returns each step's outcome.
 */
async function stepsTogether(steps, atOnce = 2) {
  const outcomes = [];
  const queue = steps.map((s, index) => ({ index, s }));
  const runNext = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) outcomes[next.index] = await runQuietly(...next.s);
  };
  await Promise.all(Array.from({ length: atOnce }, runNext));
  return outcomes.map(({ title, status, seconds, output }) => {
    console.log(`\n=== ${title}`);
    process.stdout.write(output);
    const passed = status === 0;
    timings.push(`${title} ${seconds.toFixed(1)} s${passed ? '' : ' (FAILED)'}`);
    console.log(`=== ${title}: ${passed ? 'ok' : 'FAILED'} in ${seconds.toFixed(1)} s (beside other steps)`);
    return passed;
  });
}

function runQuietly(title, command, args, env = {}) {
  const started = Date.now();
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const end = (status, why = '') => resolve({ title, status, seconds: (Date.now() - started) / 1000, output: output + why });
    child.on('error', (error) => end(1, `could not start ${command}: ${error.message}\n`));
    child.on('close', (status) => end(status));
  });
}

let ok = ensureSystemDeps();
// The checks below are each mostly one core's work: two at a time keep both cores busy.
const checks = await stepsTogether([
  ['type-check', 'npx', ['tsc', '--noEmit']],
  ['lint', 'npx', ['eslint', '.', '--max-warnings', '0']],
  ['format', 'npx', ['prettier', '--check', '.']],
  ['sample case', 'node', ['scripts/ensure-sample.mjs']],
]);
ok = checks.every(Boolean) && ok;

// The unit tests need the sample case; the production build (for the e2e tests) needs nothing
// but the sources, so it runs beside them.
const unitSummary = join(mkdtempSync(join(tmpdir(), 'emh-test-')), 'unit.json');
const [unitOk, buildOk] = await stepsTogether([
  ['unit tests', 'node', ['scripts/unit.mjs'], { EMH_UNIT_SUMMARY: unitSummary }],
  ['production build', 'npx', ['webpack', '--mode', 'production']],
]);
ok = unitOk && buildOk && ok;
const unit = { passed: 0, failed: 0, skipped: 0 };
if (existsSync(unitSummary)) Object.assign(unit, JSON.parse(readFileSync(unitSummary, 'utf8')));
else unit.failed = 1; // no counts: the runner itself did not finish
if (!unitOk && unit.failed === 0) unit.failed = 1;

const e2e = { passed: 0, failed: 0, skipped: 0 };

/** One Playwright run, its counts added to e2e's: a run that failed without counts counts one failure. */
function playwright(title, args, results) {
  rmSync(results, { force: true }); // never count an earlier run's results
  const passed = step(title, 'npx', ['playwright', 'test', ...args], { EMH_E2E_JSON: results });
  let failed = 0;
  if (existsSync(results)) {
    const stats = JSON.parse(readFileSync(results, 'utf8')).stats ?? {};
    e2e.passed += (stats.expected ?? 0) + (stats.flaky ?? 0);
    failed = stats.unexpected ?? 0;
    e2e.skipped += stats.skipped ?? 0;
  }
  e2e.failed += !passed && failed === 0 ? 1 : failed;
  return passed;
}

if (buildOk) ok = playwright('e2e tests', [], 'e2e/artifacts/results.json') && ok;

// The plugin inside the published OHIF 3.13.2 (fetched once with npm pack into ~/.cache/ohif).
console.log('\n=== OHIF 3.13.2 for the plugin tests');
const ohif = ensureOhif();
if (!ohif.ok) {
  console.log(`=== OHIF: FAILED: ${ohif.why}`);
  timings.push('OHIF fetch (FAILED)');
  e2e.failed += 1;
  ok = false;
} else {
  const pluginOk = step('OHIF plugin build', 'npm', ['run', 'build:ohif']);
  ok = pluginOk && ok;
  if (pluginOk) ok = playwright('OHIF plugin e2e tests', ['-c', 'playwright.ohif.config.ts'], 'e2e/artifacts/ohif-results.json') && ok;
  else e2e.failed += 1;
}

const counts = ({ passed, failed, skipped }) => `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
const total = { passed: unit.passed + e2e.passed, failed: unit.failed + e2e.failed, skipped: unit.skipped + e2e.skipped };
console.log(`\ntimes: ${timings.join('; ')}`);
console.log(`tests: ${counts(total)} (unit ${counts(unit)}; e2e ${buildOk ? counts(e2e) : 'not run: the build failed'})`);
process.exit(ok ? 0 : 1);
