// `npm test`: type-check, unit tests, then the e2e tests in Debian's Chromium against a
// production build. Ends with one "N passed, N failed" line over both.
import { spawnSync } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { ensureSystemDeps } from './system-deps.mjs';

function step(title, command, args, env = {}) {
  console.log(`\n=== ${title}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  console.log(`=== ${title}: ${result.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result.status === 0;
}

let ok = ensureSystemDeps();
ok = step('type-check', 'npx', ['tsc', '--noEmit']) && ok;
ok = step('sample case', 'node', ['scripts/ensure-sample.mjs']) && ok;
const unitOk = step('unit tests', 'node', ['scripts/unit.mjs']);
ok = unitOk && ok;
const buildOk = step('production build', 'npx', ['webpack', '--mode', 'production']);
ok = buildOk && ok;
let e2ePassed = 0;
let e2eFailed = 0;
if (buildOk) {
  const e2eOk = step('e2e tests', 'npx', ['playwright', 'test'], { EMH_E2E_JSON: 'e2e/artifacts/results.json' });
  ok = e2eOk && ok;
  if (existsSync('e2e/artifacts/results.json')) {
    const stats = JSON.parse(readFileSync('e2e/artifacts/results.json', 'utf8')).stats ?? {};
    e2ePassed = (stats.expected ?? 0) + (stats.flaky ?? 0);
    e2eFailed = (stats.unexpected ?? 0);
  } else if (!e2eOk) {
    e2eFailed = 1;
  }
}
console.log(`\ne2e: ${e2ePassed} passed, ${e2eFailed} failed`);
process.exit(ok ? 0 : 1);
