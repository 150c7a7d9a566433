/**
 * Minimal DICOM Part 10 writer for Explicit VR Little Endian.
 *
 * Hand-written rather than dcmjs because the bench writes 300 x 512 KiB files and
 * must stay within seconds; the header is built once per file from plain values and
 * the pixel bytes are appended without copying them through a dataset model.
 */

export type Vr = 'AE' | 'CS' | 'DA' | 'DS' | 'IS' | 'LO' | 'OB' | 'OW' | 'PN' | 'SH' | 'TM' | 'UI' | 'UL' | 'US';

export interface Element {
  /** (group << 16) | element, e.g. 0x00280010 for Rows. */
  tag: number;
  vr: Vr;
  value: string | number | readonly number[] | Uint8Array;
}

export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';

/** VRs whose explicit-VR header has 2 reserved bytes and a 32-bit length. */
const LONG_VRS: ReadonlySet<Vr> = new Set<Vr>(['OB', 'OW']);

function encodeValue(el: Element): Uint8Array {
  const { vr, value } = el;
  if (value instanceof Uint8Array) {
    return value;
  }
  if (vr === 'US' || vr === 'UL') {
    const values = typeof value === 'number' ? [value] : (value as readonly number[]);
    const size = vr === 'US' ? 2 : 4;
    const out = new Uint8Array(values.length * size);
    const view = new DataView(out.buffer);
    values.forEach((v, i) => (size === 2 ? view.setUint16(i * 2, v, true) : view.setUint32(i * 4, v, true)));
    return out;
  }
  const text = Array.isArray(value) ? (value as readonly number[]).join('\\') : String(value);
  const bytes = Buffer.from(text, 'latin1');
  if (bytes.length % 2 === 0) {
    return bytes;
  }
  // DICOM values have even length: UIDs pad with NUL, text with a space.
  return Buffer.concat([bytes, Buffer.from([vr === 'UI' ? 0 : 0x20])]);
}

/** Encodes one element (header + value); `valueLength` lets callers append the value later. */
export function encodeElementHeader(tag: number, vr: Vr, valueLength: number): Uint8Array {
  const long = LONG_VRS.has(vr);
  const out = new Uint8Array(long ? 12 : 8);
  const view = new DataView(out.buffer);
  view.setUint16(0, tag >>> 16, true);
  view.setUint16(2, tag & 0xffff, true);
  out[4] = vr.charCodeAt(0);
  out[5] = vr.charCodeAt(1);
  if (long) {
    view.setUint32(8, valueLength, true);
  } else {
    view.setUint16(6, valueLength, true);
  }
  return out;
}

export function encodeElements(elements: readonly Element[]): Buffer {
  const sorted = [...elements].sort((a, b) => a.tag - b.tag);
  const parts: Uint8Array[] = [];
  for (const el of sorted) {
    const value = encodeValue(el);
    parts.push(encodeElementHeader(el.tag, el.vr, value.length), value);
  }
  return Buffer.concat(parts);
}

/** 128-byte preamble, "DICM", and the group 0002 file meta information. */
export function encodeFileMeta(sopClassUid: string, sopInstanceUid: string, implementationUid: string): Buffer {
  const meta = encodeElements([
    { tag: 0x00020001, vr: 'OB', value: new Uint8Array([0, 1]) },
    { tag: 0x00020002, vr: 'UI', value: sopClassUid },
    { tag: 0x00020003, vr: 'UI', value: sopInstanceUid },
    { tag: 0x00020010, vr: 'UI', value: EXPLICIT_VR_LITTLE_ENDIAN },
    { tag: 0x00020012, vr: 'UI', value: implementationUid },
    { tag: 0x00020013, vr: 'SH', value: 'EMH_BENCH_1' },
  ]);
  const groupLength = encodeElements([{ tag: 0x00020000, vr: 'UL', value: meta.length }]);
  const preamble = Buffer.alloc(132);
  preamble.write('DICM', 128, 'latin1');
  return Buffer.concat([preamble, groupLength, meta]);
}
