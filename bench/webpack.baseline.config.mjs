// Bundles the plain Cornerstone3D baseline page (bench/baseline/) into bench/dist/baseline/,
// served by the bench runner under /baseline/. Independent of the viewer's webpack config.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import HtmlWebpackPlugin from 'html-webpack-plugin';
import { EsbuildPlugin } from 'esbuild-loader';

const benchDir = path.dirname(fileURLToPath(import.meta.url));

export default {
  mode: 'production',
  target: 'web',
  context: benchDir,
  // roi.html (the emhTools suite's page with ROI tools) is a second entry so that index.html
  // keeps loading exactly the load baseline's bundle.
  entry: { baseline: './baseline/main.ts', roi: './baseline/roi.ts' },
  output: {
    path: path.join(benchDir, 'dist', 'baseline'),
    // Fixed rather than 'auto': the decode worker and wasm codecs resolve against it.
    publicPath: '/baseline/',
    filename: '[name].[contenthash:8].js',
    chunkFilename: '[name].[contenthash:8].js',
    assetModuleFilename: 'assets/[name].[contenthash:8][ext]',
    clean: true,
  },
  devtool: false,
  // A cold build takes ~2 min on 2 cores (thousands of vtk.js/Cornerstone modules); the cache
  // (gitignored with bench/dist) brings rebuilds after a bench/baseline edit down to seconds.
  cache: { type: 'filesystem', cacheDirectory: path.join(benchDir, 'dist', '.webpack-cache'), buildDependencies: { config: [fileURLToPath(import.meta.url)] } },
  resolve: {
    extensions: ['.ts', '.tsx', '.js', '.mjs'],
    // The codecs' Emscripten glue references Node built-ins it never uses in a browser.
    fallback: { fs: false, path: false, url: false },
  },
  module: {
    rules: [
      { test: /\.tsx?$/, loader: 'esbuild-loader', options: { target: 'es2022' } },
      // Codec .wasm files are fetched at run time by URL, not imported as wasm modules.
      { test: /\.wasm$/, type: 'asset/resource' },
    ],
  },
  experiments: { asyncWebAssembly: true },
  // Terser needs ~3 min for the 4 MB Cornerstone bundle on 2 cores; esbuild a few seconds.
  optimization: { minimizer: [new EsbuildPlugin({ target: 'es2022' })] },
  plugins: [
    new HtmlWebpackPlugin({ template: path.join(benchDir, 'baseline', 'index.html'), chunks: ['baseline'] }),
    new HtmlWebpackPlugin({ template: path.join(benchDir, 'baseline', 'roi.html'), filename: 'roi.html', chunks: ['roi'] }),
  ],
  performance: { hints: false },
  stats: 'errors-warnings',
};
