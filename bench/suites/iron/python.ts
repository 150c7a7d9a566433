/**
 * The Python side of the iron comparison: Debian's python3 with numpy and scipy (Debian's own
 * interpreter, where python3-scipy installs). Installed when missing and running as root, as
 * scripts/system-deps.mjs installs Chromium and Orthanc; otherwise the exact command is given.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { BENCH_DIR } from '../../runner/paths';

export const PYTHON = '/usr/bin/python3';
export const SCRIPT = path.join(BENCH_DIR, 'suites', 'iron', 'fit_r2star.py');
const PACKAGES = ['python3-numpy', 'python3-scipy'];
export const INSTALL_COMMAND = `apt-get install -y ${PACKAGES.join(' ')}`;

function hasScipy(): boolean {
  return spawnSync(PYTHON, ['-c', 'import numpy, scipy.optimize'], { stdio: 'ignore' }).status === 0;
}

/** Null when numpy and scipy are there (after installing them if we may); else why not. */
export function ensureScipy(log: (line: string) => void): string | null {
  if (hasScipy()) return null;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (isRoot && hasApt) {
    log(`  iron: installing Debian packages ${PACKAGES.join(' ')}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    spawnSync('apt-get', ['install', '-y', '-qq', ...PACKAGES], { stdio: 'inherit', env });
    if (hasScipy()) return null;
  }
  return `numpy/scipy missing for ${PYTHON}; install them with: sudo ${INSTALL_COMMAND}`;
}

/** Runs the comparison on the files in `folder`, single-threaded; its JSON answer. */
export function runScipy(folder: string): unknown {
  const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  const result = spawnSync(PYTHON, [SCRIPT, folder], { env, encoding: 'utf8', maxBuffer: 16 * 2 ** 20 });
  if (result.status !== 0) throw new Error(`the scipy comparison failed: ${result.stderr || result.error?.message}`);
  return JSON.parse(result.stdout) as unknown;
}
