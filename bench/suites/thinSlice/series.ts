/**
 * The thin-slice data, written once into bench/data/ and reused (stamp files):
 *  - ct1000/: the bench phantom as 1,000 x 0.625 mm uncompressed slices (makeCtSeries THIN_CT);
 *  - ct1000-jls/: the same files JPEG-LS lossless (Debian dcmtk's dcmcjpls, file by file, two
 *    at a time on this 2-core machine). Lossless keeps every UID, so both copies are the same
 *    instances to a PACS: they go into Orthanc one at a time;
 *  - ct1000-htj2k/: the same files HTJ2K lossless (htj2kCopy.ts), to show what the decoder
 *    costs: OpenJPH decodes a slice in 1.6 ms in Node where CharLS takes 3.9;
 *  - ct1000-prior/: a second 1,000-slice study of the same patient (a SeriesVariant without
 *    inserts: own study, series, instance and frame of reference UIDs, same pixels) for the
 *    side-by-side case.
 * The JPEG-LS copy is checked once, when written: dciodvfy on one file, and its pixels decoded by
 * dcmdjpls and read by pydicom + numpy against the uncompressed file (pydicom alone has no
 * JPEG-LS decoder here: pylibjpeg is not installed).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureCtSeries, instanceUids, THIN_CT, type SeriesInfo, type SeriesVariant } from '../../makeCtSeries';
import { DATA_DIR } from '../../runner/paths';
import { ensureHtj2kCopy, type Htj2kCopy } from './htj2kCopy';

export const THIN = {
  dir: path.join(DATA_DIR, 'ct1000'),
  jlsDir: path.join(DATA_DIR, 'ct1000-jls'),
  htj2kDir: path.join(DATA_DIR, 'ct1000-htj2k'),
  priorDir: path.join(DATA_DIR, 'ct1000-prior'),
  manifestPath: '/data/ct1000/manifest.json',
  jlsManifestPath: '/data/ct1000-jls/manifest.json',
  htj2kManifestPath: '/data/ct1000-htj2k/manifest.json',
  priorManifestPath: '/data/ct1000-prior/manifest.json',
};

export const PRIOR_VARIANT: SeriesVariant = {
  label: 'prior',
  description: 'Bench CT 512x512x1000 0.625 mm (prior)',
  inserts: [],
};

/** Bytes of stored pixel data of one 1,000-slice series (16 bits allocated). */
export const THIN_RAW_PIXEL_BYTES = THIN_CT.rows * THIN_CT.columns * 2 * THIN_CT.slices;

const JLS_STAMP = 'ct1000-jls v2: dcmcjpls +el (lossless), one file at a time';
const ENCODERS = 2;

export interface JlsCheck {
  /** dciodvfy's errors on the first JPEG-LS file (warnings are not counted)... */
  dciodvfyErrors: number;
  /** ...and those the uncompressed file does not have (the generator's own omissions are shared). */
  dciodvfyJlsOnly: string[];
  /** Files of ct1000 vs ct1000-jls compared pixel for pixel, and those that differ. */
  filesCompared: number;
  filesDiffering: number;
  transferSyntax: string;
}

type PixelCheck = Pick<JlsCheck, 'filesCompared' | 'filesDiffering'>;

function dciodvfyErrors(file: string): string[] {
  const out = spawnSync('dciodvfy', [file], { encoding: 'utf8' });
  return `${out.stdout}\n${out.stderr}`.split('\n').filter((l) => l.startsWith('Error'));
}

/** Cheap, so run on every suite run; the pixel comparison is stored in the stamp. */
function validate(files: readonly string[], pixels: PixelCheck): JlsCheck {
  const jlsFile = path.join(THIN.jlsDir, files[0]);
  const jls = dciodvfyErrors(jlsFile);
  const plain = new Set(dciodvfyErrors(path.join(THIN.dir, files[0])));
  const ts = spawnSync('dcmdump', ['--search', '0002,0010', jlsFile], { encoding: 'utf8' }).stdout;
  return {
    dciodvfyErrors: jls.length,
    dciodvfyJlsOnly: jls.filter((e) => !plain.has(e)),
    transferSyntax: /=(\S+)/.exec(ts)?.[1] ?? 'unknown',
    ...pixels,
  };
}

export interface ThinData {
  plain: SeriesInfo;
  prior: SeriesInfo;
  jlsGenerated: boolean;
  jlsSeconds: number;
  plainBytes: number;
  jlsBytes: number;
  check: JlsCheck;
  htj2k: Htj2kCopy;
  /** SOP Instance UIDs in file order (the JPEG-LS copy has the same). */
  instanceUids: string[];
  priorInstanceUids: string[];
}

function manifestFiles(dir: string): string[] {
  return (JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { files: string[] }).files;
}

function folderBytes(dir: string, files: readonly string[]): number {
  return files.reduce((sum, f) => sum + statSync(path.join(dir, f)).size, 0);
}

function run(command: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')}: exit ${code}: ${stderr.slice(0, 300)}`)),
    );
  });
}

async function encodeJls(files: readonly string[]): Promise<void> {
  mkdirSync(THIN.jlsDir, { recursive: true });
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const name = files[next++];
      await run('dcmcjpls', ['+el', path.join(THIN.dir, name), path.join(THIN.jlsDir, name)]);
    }
  };
  await Promise.all(Array.from({ length: ENCODERS }, worker));
}

// Compares every pair: numpy over 1,000 x 512 KiB is a few seconds, and a codec bug on one slice
// would otherwise go unseen.
const COMPARE_SCRIPT = `
import sys, json, pathlib, pydicom, numpy
plain, decoded = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
files = json.loads((plain / 'manifest.json').read_text())['files']
differing = 0
for name in files:
    a = pydicom.dcmread(plain / name).pixel_array
    b = pydicom.dcmread(decoded / name).pixel_array
    if a.shape != b.shape or not numpy.array_equal(a, b):
        differing += 1
print(json.dumps({'compared': len(files), 'differing': differing}))
`;

async function comparePixels(files: readonly string[]): Promise<PixelCheck> {
  const decodedDir = path.join(tmpdir(), `emh-bench-jls-decoded-${process.pid}`);
  mkdirSync(decodedDir, { recursive: true });
  try {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < files.length) {
        const name = files[next++];
        await run('dcmdjpls', [path.join(THIN.jlsDir, name), path.join(decodedDir, name)]);
      }
    };
    await Promise.all(Array.from({ length: ENCODERS }, worker));
    const compared = spawnSync('/usr/bin/python3', ['-c', COMPARE_SCRIPT, THIN.dir, decodedDir], { encoding: 'utf8' });
    if (compared.status !== 0) throw new Error(`pixel comparison failed: ${compared.stderr.slice(-500)}`);
    const { compared: n, differing } = JSON.parse(compared.stdout) as { compared: number; differing: number };
    return { filesCompared: n, filesDiffering: differing };
  } finally {
    rmSync(decodedDir, { recursive: true, force: true });
  }
}

export async function ensureThinData(log: (line: string) => void): Promise<ThinData> {
  const plain = ensureCtSeries(THIN.dir, undefined, THIN_CT);
  log(`thinSlice: ct1000 ${plain.generated ? `generated in ${plain.seconds.toFixed(0)} s` : 'reused'}`);
  const prior = ensureCtSeries(THIN.priorDir, PRIOR_VARIANT, THIN_CT);
  log(`thinSlice: ct1000-prior ${prior.generated ? `generated in ${prior.seconds.toFixed(0)} s` : 'reused'}`);
  const files = manifestFiles(THIN.dir);
  const stampPath = path.join(THIN.jlsDir, '.complete');
  const started = performance.now();
  // A regenerated plain series invalidates the copy even if its stamp survived.
  const jlsGenerated = plain.generated || !existsSync(stampPath) || !readFileSync(stampPath, 'utf8').startsWith(JLS_STAMP);
  let pixels: PixelCheck;
  if (jlsGenerated) {
    log('thinSlice: encoding ct1000-jls with dcmcjpls (2 at a time, a few minutes)');
    rmSync(THIN.jlsDir, { recursive: true, force: true });
    await encodeJls(files);
    writeFileSync(path.join(THIN.jlsDir, 'manifest.json'), `${JSON.stringify({ files }, null, 1)}\n`);
    log('thinSlice: checking ct1000-jls (dciodvfy, dcmdjpls + pydicom pixel comparison)');
    pixels = await comparePixels(files);
    // Written last, with the comparison: its presence means the copy is whole and checked.
    writeFileSync(stampPath, `${JLS_STAMP}\n${JSON.stringify(pixels)}`);
  } else {
    pixels = JSON.parse(readFileSync(stampPath, 'utf8').slice(JLS_STAMP.length + 1)) as PixelCheck;
  }
  const check = validate(files, pixels);
  const htj2k = await ensureHtj2kCopy(THIN.dir, THIN.htj2kDir, files, plain.generated);
  log(`thinSlice: ct1000-htj2k ${htj2k.generated ? `encoded and checked in ${htj2k.seconds.toFixed(0)} s` : 'reused'}`);
  return {
    plain,
    prior,
    jlsGenerated,
    jlsSeconds: (performance.now() - started) / 1000,
    plainBytes: folderBytes(THIN.dir, files),
    jlsBytes: folderBytes(THIN.jlsDir, files),
    check,
    htj2k,
    instanceUids: instanceUids(THIN_CT),
    priorInstanceUids: instanceUids(THIN_CT, PRIOR_VARIANT),
  };
}
