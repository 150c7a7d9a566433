// Fetches the published OHIF the plugin is tested against (`@ohif/app@3.13.2`: its npm tarball
// ships a prebuilt dist/, 50 MB) with `npm pack`, and unpacks it into the cache the tests, the
// bench and `npm run ohif` read (~/.cache/ohif/pkg/package/dist, or OHIF_DIST). Does nothing
// when it is there. Never in git: OHIF is MIT-licensed but not ours to ship.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

export const OHIF_VERSION = '3.13.2';
const CACHE = path.join(homedir(), '.cache', 'ohif');
const DIST = process.env.OHIF_DIST ?? path.join(CACHE, 'pkg', 'package', 'dist');

export function ensureOhif() {
  if (existsSync(path.join(DIST, 'index.html'))) return { ok: true, dist: DIST };
  if (process.env.OHIF_DIST) return { ok: false, why: `OHIF_DIST=${DIST} has no index.html` };
  mkdirSync(CACHE, { recursive: true });
  console.log(`Fetching @ohif/app@${OHIF_VERSION} (npm pack, about 50 MB) into ${CACHE} ...`);
  const pack = spawnSync('npm', ['pack', `@ohif/app@${OHIF_VERSION}`, '--pack-destination', CACHE, '--silent'], { encoding: 'utf8' });
  const tarball = readdirSync(CACHE).find((f) => f === `ohif-app-${OHIF_VERSION}.tgz`);
  if (pack.status !== 0 || !tarball)
    return { ok: false, why: `npm pack @ohif/app@${OHIF_VERSION} failed: ${(pack.stderr || '').trim().slice(-400)}` };
  rmSync(path.join(CACHE, 'pkg'), { recursive: true, force: true });
  mkdirSync(path.join(CACHE, 'pkg'), { recursive: true });
  const untar = spawnSync('tar', ['xzf', path.join(CACHE, tarball), '-C', path.join(CACHE, 'pkg')], { encoding: 'utf8' });
  if (untar.status !== 0 || !existsSync(path.join(DIST, 'index.html')))
    return { ok: false, why: `unpacking ${tarball} failed: ${untar.stderr}` };
  return { ok: true, dist: DIST };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = ensureOhif();
  console.log(result.ok ? `OHIF ${OHIF_VERSION} at ${result.dist}` : result.why);
  process.exit(result.ok ? 0 : 1);
}
