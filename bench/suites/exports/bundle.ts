/**
 * Bundles the exports bench page in-process with esbuild: the same transformer, target and
 * minifier as the viewer's production build (webpack.config.js runs esbuild-loader and
 * EsbuildPlugin at es2022), without a webpack run and without touching dist/.
 */
import { build } from 'esbuild';
import path from 'node:path';
import { BENCH_DIR } from '../../runner/paths';

const ENTRY = path.join(BENCH_DIR, 'suites', 'exports', 'page', 'entry.ts');

export interface PageBundle {
  readonly code: string;
  readonly bytes: number;
  readonly ms: number;
}

export async function bundleExportsPage(): Promise<PageBundle> {
  const started = performance.now();
  const result = await build({
    entryPoints: [ENTRY],
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
  if (code === undefined) throw new Error('esbuild produced no bundle for the exports page');
  return { code, bytes: Buffer.byteLength(code), ms: performance.now() - started };
}
