/**
 * The thin CT's HTJ2K lossless copy (bench/data/ct1000-htj2k/, transfer syntax
 * 1.2.840.10008.1.2.4.201): each uncompressed file re-encoded by the e2e fixtures' writer (the
 * OpenJPH WebAssembly encoder Cornerstone ships, wrapped by dcmjs), every UID kept. No Debian
 * package encodes HTJ2K, and neither dcmtk 3.6.7 nor this dciodvfy knows the syntax (dciodvfy
 * reads its encapsulated Pixel Data as native and stops), so the copy is checked by decoding
 * every file with the DICOM image loader's decodeImageFrame in Node against the uncompressed
 * file's stored values. dcmjs writes the same encapsulation for the JPEG 2000 fixtures, which
 * dcmdump reads to the end (e2e/fixtures/transferSyntaxes.ts). Written once (stamp file).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import dicomParser from 'dicom-parser';
import { reencodeFile } from '../../../e2e/fixtures/transferSyntaxes';
import { decodeFrameInNode } from '../../../src/data/fuzz/nodeDecode';

export const HTJ2K_LOSSLESS = '1.2.840.10008.1.2.4.201';
const STAMP = 'ct1000-htj2k v1: OpenJPH lossless (LRCP), dcmjs';

export interface Htj2kCopy {
  dir: string;
  generated: boolean;
  seconds: number;
  bytes: number;
  filesCompared: number;
  filesDiffering: number;
}

function storedValues(bytes: Uint8Array): Uint16Array {
  const dataSet = dicomParser.parseDicom(bytes);
  const pixels = dataSet.elements.x7fe00010;
  if (!pixels) throw new Error('no Pixel Data');
  const copy = bytes.slice(pixels.dataOffset, pixels.dataOffset + pixels.length);
  return new Uint16Array(copy.buffer, 0, copy.length / 2);
}

async function decodedValues(bytes: Uint8Array): Promise<Uint16Array> {
  const dataSet = dicomParser.parseDicom(bytes);
  const transferSyntax = dataSet.string('x00020010')?.trim() ?? '';
  if (transferSyntax !== HTJ2K_LOSSLESS) throw new Error(`transfer syntax ${transferSyntax}, not HTJ2K lossless`);
  const { pixelData } = await decodeFrameInNode(dataSet, transferSyntax, 0);
  return new Uint16Array(Array.from(pixelData));
}

function sameValues(a: Uint16Array, b: Uint16Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Writes (or reuses) the HTJ2K copy of `plainDir`'s files into `dir`. */
export async function ensureHtj2kCopy(plainDir: string, dir: string, files: readonly string[], regenerate: boolean): Promise<Htj2kCopy> {
  const stampPath = path.join(dir, '.complete');
  const started = performance.now();
  const generated = regenerate || !existsSync(stampPath) || !readFileSync(stampPath, 'utf8').startsWith(STAMP);
  let check: Pick<Htj2kCopy, 'filesCompared' | 'filesDiffering'>;
  if (generated) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    let differing = 0;
    for (const name of files) {
      const plain = new Uint8Array(readFileSync(path.join(plainDir, name)));
      const encoded = await reencodeFile(plain, 'htj2k-lossless');
      if (!sameValues(storedValues(plain), await decodedValues(encoded))) differing += 1;
      writeFileSync(path.join(dir, name), encoded);
    }
    writeFileSync(path.join(dir, 'manifest.json'), `${JSON.stringify({ files }, null, 1)}\n`);
    check = { filesCompared: files.length, filesDiffering: differing };
    // Written last, with the comparison: its presence means the copy is whole and checked.
    writeFileSync(stampPath, `${STAMP}\n${JSON.stringify(check)}`);
  } else {
    check = JSON.parse(readFileSync(stampPath, 'utf8').slice(STAMP.length + 1)) as typeof check;
  }
  return {
    dir,
    generated,
    seconds: (performance.now() - started) / 1000,
    bytes: files.reduce((sum, f) => sum + statSync(path.join(dir, f)).size, 0),
    ...check,
  };
}
