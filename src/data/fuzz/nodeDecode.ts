/**
 * The decode path of the viewer's image loader, run in Node: the DICOM image loader's own
 * getPixelData (frame extraction, native and encapsulated) or the host's nativeFrame (the frames
 * the loader cannot read), and decodeImageFrame (what its decode worker runs), fed with the image frame description the loader builds from the header. Only
 * createImage's canvas and metadata-provider glue is left out; that part needs a browser.
 */
import type { DataSet } from 'dicom-parser';
import { createRequire, register } from 'node:module';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { EXPLICIT_LITTLE_ENDIAN, layoutOf, nativeFrame, needsNativeFrame } from '../nativeFrame';
import type { LoaderDecode } from '../reader/loaderDecode';

export interface DecodedFrame {
  pixelData: ArrayLike<number> & { byteLength: number };
  rows: number;
  columns: number;
}

type DecodeImageFrame = LoaderDecode<DecodedFrame>;
type GetPixelData = (dataSet: DataSet, frameIndex: number) => Uint8Array | null;

interface Decoder {
  decodeImageFrame: DecodeImageFrame;
  getPixelData: GetPixelData;
}

const require = createRequire(import.meta.url);
const SIGNEDNESS_PATCH = fileURLToPath(new URL('../../../scripts/webpack/jpeg2000Signedness.cjs', import.meta.url));
let decoder: Promise<Decoder> | undefined;
let wasmDirectory: string | undefined;

/** The codecs' WebAssembly files, where the decoders look for them by name (their wasmBasePath). */
const WASM_FILES: Readonly<Record<string, string>> = {
  'openjpegwasm_decode.wasm': '@cornerstonejs/codec-openjpeg/dist/openjpegwasm_decode.wasm',
  'charlswasm_decode.wasm': '@cornerstonejs/codec-charls/dist/charlswasm_decode.wasm',
  'libjpegturbowasm_decode.wasm': '@cornerstonejs/codec-libjpeg-turbo-8bit/dist/libjpegturbowasm_decode.wasm',
  'openjphjs.wasm': '@cornerstonejs/codec-openjph/dist/openjphjs.wasm',
  'jpegxlwasm_decode.wasm': '@cornerstonejs/codec-libjxl/dist/jpegxlwasm_decode.wasm',
};

/** Webpack copies the codecs' .wasm files next to the bundle; in Node they are linked into one folder. */
function codecWasmDirectory(): string {
  if (!wasmDirectory) {
    wasmDirectory = mkdtempSync(join(tmpdir(), 'viewer-codecs-'));
    const modules = join(dirname(require.resolve('dicom-parser/package.json')), '..');
    for (const [name, path] of Object.entries(WASM_FILES)) symlinkSync(join(modules, path), join(wasmDirectory, name));
  }
  return wasmDirectory;
}

/**
 * The loader does `import * as dicomParser from 'dicom-parser'`, which finds no named exports
 * in Node (dicom-parser ships UMD only; webpack fills them in). A resolve hook hands the loader
 * an ES module that re-exports dicom-parser's members, so its own encapsulated-frame code runs.
 * A load hook applies the build's patch of its JPEG 2000 and HTJ2K decoders
 * (scripts/webpack/jpeg2000Signedness.cjs), so Node runs the loader the viewer ships.
 */
function registerLoaderHooks(): void {
  const members = Object.keys(require('dicom-parser') as Record<string, unknown>).filter(
    (name) => name !== 'default' && /^[A-Za-z_$][\w$]*$/.test(name),
  );
  const parserPath = require.resolve('dicom-parser');
  const shim = [
    `import { createRequire } from 'node:module';`,
    `const parser = createRequire(${JSON.stringify(pathToFileURL(parserPath).href)})(${JSON.stringify(parserPath)});`,
    ...members.map((name) => `export const ${name} = parser.${name};`),
    'export default parser;',
  ].join('\n');
  const shimUrl = `data:text/javascript,${encodeURIComponent(shim)}`;
  const hooks = `
    export async function resolve(specifier, context, next) {
      if (specifier === 'dicom-parser' && (context.parentURL ?? '').includes('dicom-image-loader')) {
        return { url: ${JSON.stringify(shimUrl)}, shortCircuit: true };
      }
      return next(specifier, context);
    }
    export async function load(url, context, next) {
      const result = await next(url, context);
      if (!/dicom-image-loader[\\/]dist[\\/]esm[\\/]shared[\\/]decoders[\\/]decode(JPEG2000|HTJ2K)\\.js$/.test(url)) return result;
      const { createRequire } = await import('node:module');
      const patch = createRequire(${JSON.stringify(SIGNEDNESS_PATCH)})(${JSON.stringify(SIGNEDNESS_PATCH)});
      return { ...result, source: patch(String(result.source)), shortCircuit: true };
    }`;
  register(`data:text/javascript,${encodeURIComponent(hooks)}`);
}

function loadDecoder(): Promise<Decoder> {
  if (!decoder) {
    registerLoaderHooks();
    const root = dirname(require.resolve('@cornerstonejs/dicom-image-loader/package.json'));
    const file = (path: string): string => pathToFileURL(join(root, 'dist/esm', path)).href;
    decoder = Promise.all([
      import(file('decodeImageFrameWorker.js')) as Promise<{ decodeImageFrame: DecodeImageFrame }>,
      import(file('imageLoader/wadouri/getPixelData.js')) as Promise<{ default: GetPixelData }>,
    ]).then(([worker, pixelData]) => ({ decodeImageFrame: worker.decodeImageFrame, getPixelData: pixelData.default }));
  }
  return decoder;
}

/** The loader's description of a greyscale frame, from its header, as the viewer hands it to decodeImageFrame. */
export function loaderImageFrame(dataSet: DataSet): Record<string, unknown> {
  return {
    samplesPerPixel: 1,
    photometricInterpretation: dataSet.string('x00280004'),
    planarConfiguration: dataSet.uint16('x00280006'),
    rows: dataSet.uint16('x00280010'),
    columns: dataSet.uint16('x00280011'),
    bitsAllocated: dataSet.uint16('x00280100'),
    bitsStored: dataSet.uint16('x00280101'),
    pixelRepresentation: dataSet.uint16('x00280103'),
    pixelData: undefined,
  };
}

/** The loader's own decode module (decodeImageFrameWorker.js) in Node, for comparisons with it. */
export async function loaderDecodeModule(): Promise<{
  decodeImageFrame: DecodeImageFrame;
  postProcessDecodedPixels: (
    decoded: Record<string, unknown>,
    options: Record<string, unknown>,
    start: number,
    decodeConfig: object,
  ) => unknown;
  wasmBasePath: string;
}> {
  await loadDecoder();
  const root = dirname(require.resolve('@cornerstonejs/dicom-image-loader/package.json'));
  const module = (await import(pathToFileURL(join(root, 'dist/esm/decodeImageFrameWorker.js')).href)) as Awaited<
    ReturnType<typeof loaderDecodeModule>
  >;
  return {
    decodeImageFrame: module.decodeImageFrame,
    postProcessDecodedPixels: module.postProcessDecodedPixels,
    wasmBasePath: codecWasmDirectory(),
  };
}

export async function decodeFrameInNode(dataSet: DataSet, transferSyntaxUID: string, frameIndex: number): Promise<DecodedFrame> {
  const { decodeImageFrame, getPixelData } = await loadDecoder();
  // As the emh loader does: combinations the loader cannot decode become little-endian frames.
  const layout = layoutOf(dataSet);
  const native = needsNativeFrame(transferSyntaxUID, layout);
  const pixelData = native ? nativeFrame(transferSyntaxUID, dataSet, frameIndex, layout) : getPixelData(dataSet, frameIndex);
  if (!pixelData) throw new Error('no pixel data');
  const imageFrame = {
    samplesPerPixel: dataSet.uint16('x00280002') ?? 1,
    photometricInterpretation: dataSet.string('x00280004') ?? 'MONOCHROME2',
    planarConfiguration: dataSet.uint16('x00280006') ?? 0,
    rows: dataSet.uint16('x00280010') ?? 0,
    columns: dataSet.uint16('x00280011') ?? 0,
    bitsAllocated: dataSet.uint16('x00280100') ?? 0,
    bitsStored: dataSet.uint16('x00280101') ?? 0,
    pixelRepresentation: dataSet.uint16('x00280103') ?? 0,
    pixelData: undefined,
  };
  const decoded = await decodeImageFrame(
    imageFrame,
    native ? EXPLICIT_LITTLE_ENDIAN : transferSyntaxUID,
    pixelData,
    { wasmBasePath: codecWasmDirectory() },
    { preScale: { enabled: false } },
  );
  return { pixelData: decoded.pixelData, rows: decoded.rows, columns: decoded.columns };
}
