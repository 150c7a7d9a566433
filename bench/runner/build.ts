/**
 * Makes sure both pages have a production build before anything is timed.
 * The baseline is rebuilt when its sources are newer than its bundle; the viewer is only
 * built when dist/index.html is missing (the lead owns that build), but a stale viewer
 * bundle is reported so a result is never silently taken from old code.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { BASELINE_DIST, BENCH_DIR, REPO_DIR, VIEWER_DIST } from './paths';

export interface BuildStatus {
  available: boolean;
  /** Why the page cannot be benchmarked, or a warning about the build used. */
  note?: string;
}

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(target).reduce((max, name) => Math.max(max, newestMtime(path.join(target, name))), stat.mtimeMs);
}

interface CommandResult {
  code: number;
  tail: string;
}

function runCommand(command: string, args: readonly string[], log: (line: string) => void): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: REPO_DIR, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-4000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const started = Date.now();
    const ticker = setInterval(() => log(`  ... still building (${Math.round((Date.now() - started) / 1000)} s)`), 30_000);
    child.on('close', (code) => {
      clearInterval(ticker);
      resolve({ code: code ?? 1, tail: output.trim().split('\n').slice(-15).join('\n') });
    });
  });
}

export async function ensureBaselineBuilt(log: (line: string) => void): Promise<BuildStatus> {
  const indexHtml = path.join(BASELINE_DIST, 'index.html');
  const sources = [
    path.join(BENCH_DIR, 'baseline'),
    path.join(BENCH_DIR, 'shared'),
    path.join(BENCH_DIR, 'webpack.baseline.config.mjs'),
    path.join(REPO_DIR, 'package-lock.json'),
  ];
  if (existsSync(indexHtml) && statSync(indexHtml).mtimeMs >= Math.max(...sources.map(newestMtime))) {
    return { available: true };
  }
  log('building baseline page (webpack, ~2 min cold, seconds with cache)');
  const webpackBin = path.join(REPO_DIR, 'node_modules', '.bin', 'webpack');
  const result = await runCommand(webpackBin, ['--config', path.join(BENCH_DIR, 'webpack.baseline.config.mjs')], log);
  if (result.code !== 0 || !existsSync(indexHtml)) {
    return { available: false, note: `baseline build failed (exit ${result.code}):\n${result.tail}` };
  }
  return { available: true };
}

export async function ensureViewerBuilt(log: (line: string) => void, force = false): Promise<BuildStatus> {
  const indexHtml = path.join(VIEWER_DIST, 'index.html');
  if (force || !existsSync(indexHtml)) {
    log(force ? 'running `npm run build` (--rebuild-viewer)' : 'dist/index.html missing: running `npm run build`');
    const result = await runCommand('npm', ['run', 'build'], log);
    if (result.code !== 0 || !existsSync(indexHtml)) {
      return { available: false, note: `\`npm run build\` failed (exit ${result.code}):\n${result.tail}` };
    }
    return { available: true };
  }
  const builtAt = statSync(indexHtml).mtimeMs;
  const sourcesAt = Math.max(newestMtime(path.join(REPO_DIR, 'src')), newestMtime(path.join(REPO_DIR, 'extensions')));
  if (sourcesAt > builtAt) {
    return {
      available: true,
      note: 'dist/ is older than src/ (or extensions/): results are for the previous build; use --rebuild-viewer (or `npm run build`) for current code',
    };
  }
  return { available: true };
}

/**
 * Short hash of a page's index.html (it names the content-hashed bundles), taken per run:
 * the viewer's dist/ can be rebuilt by someone else while the bench runs, and a result that
 * mixes two builds must be visible as such.
 */
export function buildId(page: 'baseline' | 'viewer'): string {
  const indexHtml = path.join(page === 'viewer' ? VIEWER_DIST : BASELINE_DIST, 'index.html');
  try {
    return createHash('sha1').update(readFileSync(indexHtml)).digest('hex').slice(0, 8);
  } catch {
    return 'missing';
  }
}
