/** Filesystem locations the runner serves and builds. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_DIR = path.resolve(BENCH_DIR, '..');
export const VIEWER_DIST = path.join(REPO_DIR, 'dist');
export const BASELINE_DIST = path.join(BENCH_DIR, 'dist', 'baseline');
/** The plain fetch page of suite thinSlice (no build: one HTML file). */
export const WIRE_DIR = path.join(BENCH_DIR, 'wire');
export const DATA_DIR = path.join(BENCH_DIR, 'data');
export const RESULTS_FILE = path.join(BENCH_DIR, 'results.md');
export const CHROMIUM = '/usr/lib/chromium/chromium';
