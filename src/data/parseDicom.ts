import dicomParser, { type DataSet } from 'dicom-parser';
import { inflateRaw } from 'pako';

/**
 * dicom-parser ships as UMD only: a default import works under webpack and Node's ESM alike,
 * where `import * as` finds no named exports. Deflated transfer syntaxes are inflated the way
 * the Cornerstone image loader does it (its parseDicomWithInflater cannot load under Node).
 */
function inflater(byteArray: Uint8Array, position: number): Uint8Array {
  const inflated = inflateRaw(byteArray.slice(position)) as Uint8Array | undefined;
  // pako returns nothing (rather than throwing) for some damaged streams.
  if (!inflated) throw new Error('the deflated data set cannot be inflated');
  const full = new Uint8Array(inflated.length + position);
  full.set(byteArray.slice(0, position), 0);
  full.set(inflated, position);
  return full;
}

export function parseDicom(bytes: Uint8Array, options: { untilTag?: string } = {}): DataSet {
  return dicomParser.parseDicom(bytes, { ...options, inflater } as Parameters<typeof dicomParser.parseDicom>[1]);
}
