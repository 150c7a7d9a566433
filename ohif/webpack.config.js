// The EMH extension as an OHIF 3.x plugin: `npm run build:ohif` writes dist-ohif/, to copy into
// OHIF's dist/plugins/emh/. OHIF imports extension.js and mode.js by URL (app-config.js), so
// both are ES modules whose default export is the extension or the mode.
//
// Cornerstone is OHIF's, never ours: a second copy would keep its own annotation state, tool
// registry and rendering engines. Our code keeps its `@cornerstonejs/*` imports; only this
// bundle points them at shims that hand out the libraries OHIF lends in preRegistration.
// React, dcmjs and jszip are bundled (OHIF does not share its React).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EsbuildPlugin } from 'esbuild-loader';

const __dirname = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(__dirname, '..');
const shim = (name) => path.resolve(__dirname, 'shim', name);

export default (_env, argv) => {
  const production = argv.mode !== 'development';
  return {
    context: root,
    entry: {
      extension: './ohif/extension.ts',
      mode: './ohif/mode.ts',
    },
    output: {
      path: path.resolve(root, 'dist-ohif'),
      filename: '[name].js',
      chunkFilename: 'chunks/[name].[contenthash:8].js',
      // Chunks are found next to the entry that asked for them, wherever OHIF serves the folder.
      publicPath: 'auto',
      library: { type: 'module' },
      module: true,
      chunkFormat: 'module',
      chunkLoading: 'import',
      environment: { module: true, dynamicImport: true },
      clean: true,
    },
    experiments: { outputModule: true, asyncWebAssembly: true },
    devtool: false,
    resolve: {
      extensions: ['.ts', '.tsx', '.js', '.mjs'],
      fallback: { fs: false, path: false, url: false },
      alias: {
        // Exact matches ($): a deep import of a Cornerstone file would bundle a second copy,
        // so the build fails on one (see the check plugin below) instead.
        '@cornerstonejs/core$': shim('core.cjs'),
        '@cornerstonejs/tools$': shim('tools.cjs'),
      },
    },
    module: {
      rules: [
        { test: /\.tsx?$/, loader: 'esbuild-loader', options: { target: 'es2022', jsx: 'automatic' } },
        { test: /\.css$/, type: 'asset/source' },
        { test: /\.wasm$/, type: 'asset/resource' },
      ],
    },
    optimization: {
      minimize: production,
      concatenateModules: false,
      // One runtime per entry: extension.js and mode.js are loaded independently by OHIF.
      runtimeChunk: false,
      // format esm: esbuild would otherwise turn import.meta (how a chunk finds its folder) into {}.
      minimizer: [new EsbuildPlugin({ target: 'es2022', css: false, format: 'esm' })],
    },
    performance: { hints: false },
    ignoreWarnings: [/Critical dependency/, /Failed to parse source map/],
    plugins: [new NoSecondCornerstone()],
  };
};

/**
 * Stateless Cornerstone files that may be bundled: plain functions over a parsed data set, no
 * module state, no imports (a copy of them cannot disagree with OHIF's).
 */
const STATELESS = [/dicom-image-loader[\\/]dist[\\/]esm[\\/]imageLoader[\\/]wadouri[\\/]combineFrameInstanceDataset\.js$/];

/** Fails the build when any other Cornerstone or vtk.js file gets into the bundle past the shims. */
class NoSecondCornerstone {
  apply(compiler) {
    compiler.hooks.afterCompile.tap('NoSecondCornerstone', (compilation) => {
      const bundled = new Set();
      for (const module of compilation.modules) {
        const file = module.resource ?? '';
        const match = /node_modules[\\/](@cornerstonejs[\\/][^\\/]+|@kitware[\\/]vtk\.js)/.exec(file);
        if (match && !STATELESS.some((allowed) => allowed.test(file))) bundled.add(match[1]);
      }
      if (bundled.size > 0) {
        compilation.errors.push(new Error(`Cornerstone bundled next to OHIF's: ${[...bundled].join(', ')} (add a shim in ohif/shim/)`));
      }
    });
  }
}
