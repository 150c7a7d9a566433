// Bundles the plain Cornerstone3D baseline pages (bench/baseline/) into bench/dist/baseline/,
// served by the bench runner under /baseline/. Independent of the viewer's webpack config.
//  - index.html (main.ts): the load baseline of the viewerLoad suite;
//  - roi/index.html (roi.ts): the same stack with Cornerstone's ROI tools, for emhTools.
// Two compilations rather than two entries of one: a second entry changes the load page's
// bundle (shared runtime and worker chunks), and the load baseline must stay byte-identical.
// A cold build warns "Circular dependency between chunks with runtime (compute, <page>)" for
// each page: Cornerstone's compute worker imports modules of the page chunk; it only keeps
// those two chunk hashes from depending on each other.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import HtmlWebpackPlugin from 'html-webpack-plugin';
import { EsbuildPlugin } from 'esbuild-loader';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const distDir = path.join(benchDir, 'dist', 'baseline');

function page({ name, entry, template, subdir }) {
  const outputPath = subdir ? path.join(distDir, subdir) : distDir;
  return {
    name,
    mode: 'production',
    target: 'web',
    context: benchDir,
    entry: { [name]: entry },
    output: {
      path: outputPath,
      // Fixed rather than 'auto': the decode worker and wasm codecs resolve against it.
      publicPath: subdir ? `/baseline/${subdir}/` : '/baseline/',
      filename: '[name].[contenthash:8].js',
      chunkFilename: '[name].[contenthash:8].js',
      assetModuleFilename: 'assets/[name].[contenthash:8][ext]',
      // The load page's clean must not delete the ROI page, built alongside into a subfolder.
      clean: subdir ? true : { keep: /^roi[\\/]/ },
    },
    devtool: false,
    // A cold build takes ~2 min on 2 cores (thousands of vtk.js/Cornerstone modules); the cache
    // (gitignored with bench/dist) brings rebuilds after a bench/baseline edit down to seconds.
    // One cache per page (`name`), in the same directory.
    cache: {
      type: 'filesystem',
      name,
      cacheDirectory: path.join(benchDir, 'dist', '.webpack-cache'),
      buildDependencies: { config: [fileURLToPath(import.meta.url)] },
    },
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
    plugins: [new HtmlWebpackPlugin({ template: path.join(benchDir, 'baseline', template) })],
    performance: { hints: false },
    stats: 'errors-warnings',
  };
}

export default [
  page({ name: 'baseline', entry: './baseline/main.ts', template: 'index.html' }),
  page({ name: 'roi', entry: './baseline/roi.ts', template: 'roi.html', subdir: 'roi' }),
];
