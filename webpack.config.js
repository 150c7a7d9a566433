// One config for dev and production. esbuild transpiles (tsc only type-checks, in `npm test`),
// and webpack bundles the DICOM loader's decode worker and WASM codecs by itself.
import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import HtmlWebpackPlugin from 'html-webpack-plugin';
import CopyWebpackPlugin from 'copy-webpack-plugin';
import { EsbuildPlugin } from 'esbuild-loader';

const __dirname = path.dirname(fileURLToPath(import.meta.url));
const sampleDir = path.resolve(__dirname, 'sample-dicom/output');
// The oblique, non-square CT series: `?manifest=sample-oblique/manifest.json` opens it.
const obliqueDir = path.resolve(__dirname, 'sample-dicom/output-oblique');
// The multi-echo T2* study: `?manifest=sample-t2star/manifest.json` opens it.
const t2starDir = path.resolve(__dirname, 'sample-dicom/output-t2star');
// The follow-up time point of the sample patient: `?manifest=sample-followup/manifest.json` opens it.
const followUpDir = path.resolve(__dirname, 'sample-dicom/output-followup');
const samplePatterns = [
  ...(fs.existsSync(sampleDir) ? [{ from: sampleDir, to: 'sample' }] : []),
  ...(fs.existsSync(obliqueDir) ? [{ from: obliqueDir, to: 'sample-oblique' }] : []),
  ...(fs.existsSync(t2starDir) ? [{ from: t2starDir, to: 'sample-t2star' }] : []),
  ...(fs.existsSync(followUpDir) ? [{ from: followUpDir, to: 'sample-followup' }] : []),
];

export default (_env, argv) => {
  const production = argv.mode === 'production';
  return {
    entry: { main: './src/main.tsx' },
    output: {
      path: path.resolve(__dirname, 'dist'),
      filename: production ? '[name].[contenthash:8].js' : '[name].js',
      chunkFilename: production ? '[name].[contenthash:8].js' : '[name].js',
      publicPath: 'auto',
      clean: true,
    },
    // Source maps of the 8 MB of Cornerstone code triple the production build time on 2 cores.
    devtool: production ? false : 'eval-cheap-module-source-map',
    resolve: {
      extensions: ['.ts', '.tsx', '.js', '.mjs'],
      fallback: { fs: false, path: false, url: false },
      // vtk.js's XML mesh readers: not used here, and ~1 MB of code on the way to the first image.
      alias: { xmlbuilder2$: path.resolve(__dirname, 'src/cornerstone/stubs/xmlbuilder2.ts') },
    },
    module: {
      rules: [
        { test: /\.tsx?$/, loader: 'esbuild-loader', options: { target: 'es2022', jsx: 'automatic' } },
        { test: /\.css$/, type: 'asset/source' },
        { test: /\.wasm$/, type: 'asset/resource' },
        {
          test: /dicom-image-loader[\\/]dist[\\/]esm[\\/]codecs[\\/]jpeg\.js$/,
          loader: path.resolve(__dirname, 'scripts/webpack/jpeg12BitLevelShift.cjs'),
        },
        {
          test: /dicom-image-loader[\\/]dist[\\/]esm[\\/]shared[\\/]decoders[\\/]decode(JPEG2000|HTJ2K)\.js$/,
          loader: path.resolve(__dirname, 'scripts/webpack/jpeg2000Signedness.cjs'),
        },
      ],
    },
    experiments: { asyncWebAssembly: true },
    optimization: {
      minimize: production,
      // Scope hoisting over vtk.js's thousands of modules takes 2 minutes on 2 cores and
      // saves little: the build is 8x faster without it.
      concatenateModules: false,
      minimizer: [new EsbuildPlugin({ target: 'es2022', css: false })],
      // The reading worker is one file: split, it fetched its parser (shared with the viewer)
      // with a blocking importScripts before it could read the first file.
      splitChunks: { chunks: (chunk) => !chunk.canBeInitial() && chunk.name !== 'reader' },
    },
    performance: { hints: false },
    ignoreWarnings: [/Critical dependency/, /Failed to parse source map/],
    plugins: [
      new HtmlWebpackPlugin({ template: './src/index.html', scriptLoading: 'defer' }),
      // The sample case ships inside the bundle so `dist/` opens it from any static server.
      ...(samplePatterns.length > 0 ? [new CopyWebpackPlugin({ patterns: samplePatterns })] : []),
    ],
    devServer: {
      host: '127.0.0.1',
      port: Number(process.env.PORT || 8080),
      static: [
        { directory: sampleDir, publicPath: '/sample' },
        { directory: obliqueDir, publicPath: '/sample-oblique' },
        { directory: t2starDir, publicPath: '/sample-t2star' },
        { directory: followUpDir, publicPath: '/sample-followup' },
      ],
      hot: false,
      client: { overlay: { warnings: false, errors: true } },
      devMiddleware: { mimeTypes: { wasm: 'application/wasm' } },
      proxy: process.env.DICOMWEB_UPSTREAM ? [{ context: ['/dicom-web'], target: process.env.DICOMWEB_UPSTREAM, changeOrigin: false }] : [],
    },
  };
};
