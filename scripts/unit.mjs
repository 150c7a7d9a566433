// Runs every *.test.ts under src/, extensions/ and sample-dicom/ with Node's test runner.
// Node runs test files one at a time here (two cores), so files that mostly wait on an
// external validator run in a second runner beside the rest; their output goes to a file and
// is printed after, so the two reports do not interleave.
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

const files = ['src', 'extensions', 'sample-dicom'].flatMap((dir) => find(dir));
const beside = BESIDE.filter((file) => files.includes(file));
const rest = files.filter((file) => !beside.includes(file));
const runner = ['--import', 'tsx', '--test', '--test-reporter=spec'];

const besideLog = join(mkdtempSync(join(tmpdir(), 'emh-unit-')), 'beside.log');
const besideFd = openSync(besideLog, 'w');
const besideRun = beside.length
  ? new Promise((resolve) => {
      const child = spawn('node', [...runner, ...beside], { stdio: ['ignore', besideFd, besideFd] });
      child.on('error', (error) => resolve({ status: 1, error }));
      child.on('close', (status) => resolve({ status }));
    })
  : Promise.resolve({ status: 0 });

const result = spawnSync('node', [...runner, ...rest], { stdio: 'inherit' });
const besideResult = await besideRun;
closeSync(besideFd);
if (beside.length) {
  console.log(`\n--- ran beside the above: ${beside.join(', ')}`);
  process.stdout.write(readFileSync(besideLog, 'utf8'));
  if (besideResult.error) console.error(`could not start: ${besideResult.error.message}`);
}
process.exit(result.status === 0 && besideResult.status === 0 ? 0 : 1);
