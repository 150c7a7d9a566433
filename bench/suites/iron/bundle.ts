/**
 * Bundles the iron bench page and the product's R2* worker in-process with esbuild (the
 * transformer, target and minifier of the viewer's production build), without webpack or dist/.
 */
import { build } from 'esbuild';
import path from 'node:path';
import { BENCH_DIR, REPO_DIR } from '../../runner/paths';

const PAGE = path.join(BENCH_DIR, 'suites', 'iron', 'page', 'entry.ts');
const WORKER = path.join(REPO_DIR, 'extensions', 'emh', 'iron', 'r2star.worker.ts');

async function bundle(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.text;
  if (code === undefined) throw new Error(`esbuild produced no bundle for ${entry}`);
  return code;
}

export async function bundleIronPage(): Promise<{ page: string; worker: string; ms: number }> {
  const started = performance.now();
  const [page, worker] = await Promise.all([bundle(PAGE), bundle(WORKER)]);
  return { page, worker, ms: performance.now() - started };
}
