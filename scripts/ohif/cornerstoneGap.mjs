// Type-checks the code the OHIF plugin bundles against the Cornerstone that OHIF ships
// (5.6.8 in OHIF 3.13.2) instead of ours (5.14): any API we use that OHIF's copy lacks, or
// whose shape changed, shows up as a type error. `node scripts/ohif/cornerstoneGap.mjs [version]`;
// packs the two packages from the npm registry into a temporary folder (not into node_modules).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const version = process.argv[2] ?? '5.6.8';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const work = mkdtempSync(path.join(tmpdir(), `emh-cs-${version}-`));
const types = {};
for (const name of ['core', 'tools']) {
  execFileSync('npm', ['pack', `@cornerstonejs/${name}@${version}`, '--silent'], { cwd: work });
  const tgz = readdirSync(work).find((f) => f.startsWith(`cornerstonejs-${name}-`) && f.endsWith('.tgz'));
  const dir = path.join(work, name);
  mkdirSync(dir);
  execFileSync('tar', ['xzf', path.join(work, tgz), '-C', dir]);
  types[name] = path.join(dir, 'package', 'dist', 'esm');
}
const paths = Object.fromEntries(
  Object.entries(types).flatMap(([name, dir]) => [
    [`@cornerstonejs/${name}`, [path.join(dir, 'index.d.ts')]],
    [`@cornerstonejs/${name}/*`, [path.join(dir, '*')]],
  ]),
);
const tsconfig = path.join(work, 'tsconfig.json');
writeFileSync(
  tsconfig,
  JSON.stringify({
    extends: path.join(root, 'tsconfig.json'),
    compilerOptions: { noEmit: true, baseUrl: root, paths, typeRoots: [path.join(root, 'node_modules', '@types')] },
    include: [],
    files: [path.join(root, 'ohif', 'ohifExtension.ts'), path.join(root, 'src', 'globals.d.ts')],
  }),
);
const result = spawnSync('npx', ['tsc', '-p', tsconfig], { cwd: root, stdio: 'inherit' });
console.log(
  result.status === 0
    ? `The OHIF plugin's code type-checks against @cornerstonejs/core and tools ${version}.`
    : `Type errors against Cornerstone ${version} (above): APIs OHIF's copy lacks or types differently.`,
);
process.exit(result.status ?? 1);
