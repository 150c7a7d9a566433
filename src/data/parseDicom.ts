import dicomParser, { type DataSet } from 'dicom-parser';
import { Inflate } from 'pako';

/**
 * dicom-parser ships as UMD only: a default import works under webpack and Node's ESM alike,
 * where `import * as` finds no named exports. Deflated transfer syntaxes are inflated the way
 * the Cornerstone image loader does it (its parseDicomWithInflater cannot load under Node).
 */
const MiB = 1024 * 1024;

/**
 * How far a deflated data set may expand: far beyond any real DICOM (a few-fold), well short of
 * a decompression bomb, whose few kilobytes would otherwise become gigabytes before any check.
 */
export function inflateLimit(compressedBytes: number): number {
  return Math.max(64 * MiB, 200 * compressedBytes);
}

export function inflateCapped(data: Uint8Array, limit = inflateLimit(data.length)): Uint8Array {
  const inflate = new Inflate({ raw: true });
  const chunks: Uint8Array[] = [];
  let total = 0;
  inflate.onData = (chunk) => {
    total += chunk.length;
    if (total > limit) throw new Error(`the deflated data set would inflate to more than ${limit} bytes`);
    chunks.push(chunk);
  };
  inflate.push(data, true);
  // pako reports damaged streams in err, or just stops short of the end.
  if (inflate.err || !inflate.ended || chunks.length === 0) throw new Error('the deflated data set cannot be inflated');
  const inflated = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    inflated.set(chunk, at);
    at += chunk.length;
  }
  return inflated;
}

function inflater(byteArray: Uint8Array, position: number): Uint8Array {
  const inflated = inflateCapped(byteArray.subarray(position));
  const full = new Uint8Array(inflated.length + position);
  full.set(byteArray.subarray(0, position), 0);
  full.set(inflated, position);
  return full;
}

export function parseDicom(bytes: Uint8Array, options: { untilTag?: string } = {}): DataSet {
  return dicomParser.parseDicom(bytes, { ...options, inflater } as Parameters<typeof dicomParser.parseDicom>[1]);
}
