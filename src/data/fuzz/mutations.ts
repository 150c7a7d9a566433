/**
 * Damaged DICOM files, made deterministically (seeded) from good ones: truncation at every
 * element boundary, bit flips, wrong lengths and VRs, absurd Rows/Columns/Number of Frames,
 * inconsistent pixel attributes, swapped transfer syntaxes, missing and damaged pixel data.
 * Pure: bytes in, bytes out; the same seed gives the same files on every machine.
 */
import type { DataSet, Element } from 'dicom-parser';
import { parseDicom } from '../parseDicom';
import { seededRandom } from '../../util/seededRandom';

export interface SourceFile {
  name: string;
  bytes: Uint8Array;
}

export interface DamagedFile {
  /** Source name and what was done to it, e.g. `CT_small.dcm#rows=65535`. */
  name: string;
  /** The mutation family, for the counts. */
  kind: MutationKind;
  bytes: Uint8Array;
}

export type MutationKind =
  'truncate' | 'bitflip' | 'length' | 'vr' | 'pixel-attribute' | 'absurd-size' | 'transfer-syntax' | 'no-pixel-data' | 'pixel-bytes';

const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
const SOME_VRS = ['AE', 'CS', 'DS', 'IS', 'LO', 'OB', 'OW', 'SQ', 'UI', 'UL', 'UN', 'US', 'UT', 'XX', '\0\0'];
const TRANSFER_SYNTAXES = [
  '1.2.840.10008.1.2',
  '1.2.840.10008.1.2.1',
  '1.2.840.10008.1.2.2',
  '1.2.840.10008.1.2.5',
  '1.2.840.10008.1.2.4.50',
  '1.2.840.10008.1.2.4.57',
  '1.2.840.10008.1.2.4.70',
  '1.2.840.10008.1.2.4.80',
  '1.2.840.10008.1.2.4.90',
  '1.2.840.10008.1.2.1.98',
  '1.2.840.10008.1.2.4.100',
];

/** Where an element sits in the file: header start, value start, value end. */
interface Located {
  tag: string;
  start: number;
  dataOffset: number;
  end: number;
  lengthField: { offset: number; size: 2 | 4 } | null;
  vrOffset: number | null;
  element: Element;
}

interface Layout {
  dataSet: DataSet;
  elements: Located[];
  littleEndian: boolean;
  explicit: boolean;
  /** Deflated files: dataset offsets are in the inflated bytes, so only the meta header is located. */
  deflated: boolean;
}

function locate(bytes: Uint8Array): Layout | null {
  let dataSet: DataSet;
  try {
    dataSet = parseDicom(bytes);
  } catch {
    return null;
  }
  const syntax = (dataSet.string('x00020010') ?? '').replace(/\0/g, '').trim();
  const deflated = syntax === '1.2.840.10008.1.2.1.99';
  const explicit = syntax !== '1.2.840.10008.1.2';
  const littleEndian = syntax !== '1.2.840.10008.1.2.2';
  const elements: Located[] = [];
  const visit = (set: DataSet): void => {
    for (const element of Object.values(set.elements)) {
      const isMeta = element.tag.startsWith('x0002');
      if (deflated && !isMeta) continue;
      const elementExplicit = isMeta || explicit;
      const long = !elementExplicit || LONG_VRS.has(element.vr ?? '');
      const headerSize = elementExplicit && long ? 12 : 8;
      const start = element.dataOffset - headerSize;
      const size: 2 | 4 = elementExplicit && !long ? 2 : 4;
      elements.push({
        tag: element.tag,
        start,
        dataOffset: element.dataOffset,
        end: Math.min(bytes.length, element.dataOffset + (element.length ?? 0)),
        lengthField: start >= 132 ? { offset: element.dataOffset - size, size } : null,
        vrOffset: elementExplicit && element.vr ? start + 4 : null,
        element,
      });
      for (const item of element.items ?? []) if (item.dataSet) visit(item.dataSet);
    }
  };
  visit(dataSet);
  elements.sort((a, b) => a.start - b.start);
  return { dataSet, elements, littleEndian, explicit, deflated };
}

function writeUint(bytes: Uint8Array, offset: number, size: 2 | 4, value: number, littleEndian: boolean): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (offset < 0 || offset + size > bytes.length) return;
  if (size === 2) view.setUint16(offset, value & 0xffff, littleEndian);
  else view.setUint32(offset, value >>> 0, littleEndian);
}

/** Writes text into an element's value in place: padded with spaces, cut to the value's length. */
function writeText(bytes: Uint8Array, at: Located, text: string, pad = ' '): void {
  const length = at.end - at.dataOffset;
  for (let i = 0; i < length; i++) bytes[at.dataOffset + i] = (i < text.length ? text : pad).charCodeAt(i < text.length ? i : 0) & 0xff;
}

/** A file with `extra` bytes inserted at `offset`. */
function insert(bytes: Uint8Array, offset: number, extra: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length + extra.length);
  out.set(bytes.subarray(0, offset), 0);
  out.set(extra, offset);
  out.set(bytes.subarray(offset), offset + extra.length);
  return out;
}

/** An IS element (0028,0008) Number of Frames, in the dataset's encoding. */
function numberOfFramesElement(frames: string, layout: Layout): Uint8Array {
  const value = frames.length % 2 ? `${frames} ` : frames;
  const header = new Uint8Array(8);
  const view = new DataView(header.buffer);
  view.setUint16(0, 0x0028, layout.littleEndian);
  view.setUint16(2, 0x0008, layout.littleEndian);
  if (layout.explicit) {
    header[4] = 0x49; // I
    header[5] = 0x53; // S
    view.setUint16(6, value.length, layout.littleEndian);
  } else {
    view.setUint32(4, value.length, layout.littleEndian);
  }
  return insert(header, header.length, new TextEncoder().encode(value));
}

export interface MutationPlan {
  /** Bit-flip files per source (the header region and the whole file). */
  bitFlips: number;
  /** Random wrong-length and wrong-VR files per source, each. */
  lengthsAndVrs: number;
  /** Damaged pixel bytes per source (inside compressed frames or native pixels). */
  pixelBytes: number;
}

export const DEFAULT_PLAN: MutationPlan = { bitFlips: 40, lengthsAndVrs: 12, pixelBytes: 8 };

/** Every damaged file made from one source; `seed` makes the random ones. */
export function damage(source: SourceFile, seed: number, plan: MutationPlan = DEFAULT_PLAN): DamagedFile[] {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const out: DamagedFile[] = [];
  const add = (kind: MutationKind, what: string, bytes: Uint8Array): void => {
    out.push({ name: `${source.name}#${what}`, kind, bytes });
  };
  const original = source.bytes;
  const layout = locate(original);

  // Truncation at every element boundary (header start and value start), and inside the last value.
  const cuts = new Set<number>([0, 64, 128, 131, 132, original.length - 1]);
  for (const at of layout?.elements ?? []) {
    cuts.add(at.start);
    cuts.add(at.dataOffset);
  }
  const pixel = layout?.elements.find((at) => at.tag === 'x7fe00010');
  if (pixel) for (const fraction of [0.1, 0.5, 0.99]) cuts.add(Math.floor(pixel.dataOffset + (pixel.end - pixel.dataOffset) * fraction));
  for (const cut of [...cuts].filter((c) => c >= 0 && c < original.length).sort((a, b) => a - b)) {
    add('truncate', `cut@${cut}`, original.slice(0, cut));
  }

  // Bit flips: most in the header (where the structure is), some anywhere.
  const headerEnd = pixel ? pixel.dataOffset : original.length;
  for (let i = 0; i < plan.bitFlips; i++) {
    const bytes = original.slice();
    const flips = 1 + Math.floor(random() * 4);
    const span = i % 4 === 3 ? original.length : headerEnd;
    const where: number[] = [];
    for (let f = 0; f < flips; f++) {
      const offset = 132 + Math.floor(random() * Math.max(1, span - 132));
      if (offset >= bytes.length) continue;
      bytes[offset] ^= 1 << Math.floor(random() * 8);
      where.push(offset);
    }
    add('bitflip', `flip@${where.join(',')}`, bytes);
  }

  if (!layout) return out;
  const withLength = layout.elements.filter((at) => at.lengthField);
  for (let i = 0; i < plan.lengthsAndVrs && withLength.length > 0; i++) {
    const at = pick(withLength);
    const field = at.lengthField as { offset: number; size: 2 | 4 };
    const current = at.end - at.dataOffset;
    const value = pick([
      0,
      1,
      current + 1,
      current - 1,
      current * 2,
      0xfffe,
      0xffff,
      0x7fffffff,
      0xfffffffe,
      0xffffffff,
      Math.floor(random() * 0xffffffff),
    ]);
    const bytes = original.slice();
    writeUint(bytes, field.offset, field.size, value, at.tag.startsWith('x0002') || layout.littleEndian);
    add('length', `len${at.tag}=${value >>> 0}`, bytes);
  }
  const withVr = layout.elements.filter((at) => at.vrOffset !== null);
  for (let i = 0; i < plan.lengthsAndVrs && withVr.length > 0; i++) {
    const at = pick(withVr);
    const vr = pick(SOME_VRS);
    const bytes = original.slice();
    bytes[at.vrOffset as number] = vr.charCodeAt(0);
    bytes[(at.vrOffset as number) + 1] = vr.charCodeAt(1);
    add('vr', `vr${at.tag}=${vr.replace(/\0/g, '0')}`, bytes);
  }

  const find = (tag: string): Located | undefined => layout.elements.find((at) => at.tag === tag && !layout.deflated);
  const us = (tag: string, label: string, values: number[], kind: MutationKind = 'pixel-attribute'): void => {
    const at = find(tag);
    if (!at || at.end - at.dataOffset < 2) return;
    for (const value of values) {
      const bytes = original.slice();
      writeUint(bytes, at.dataOffset, 2, value, layout.littleEndian);
      add(kind, `${label}=${value}`, bytes);
    }
  };
  us('x00280100', 'bitsAllocated', [0, 1, 7, 8, 12, 16, 24, 32, 64, 65535]);
  us('x00280101', 'bitsStored', [0, 17, 33, 8, 12]);
  us('x00280102', 'highBit', [0, 16, 31, 200]);
  us('x00280103', 'pixelRepresentation', [1, 2, 0xffff]);
  us('x00280002', 'samplesPerPixel', [0, 1, 2, 3, 4]);
  us('x00280006', 'planarConfiguration', [1, 7]);
  us('x00280010', 'rows', [0, 1, 65535, Math.floor(random() * 65536)], 'absurd-size');
  us('x00280011', 'columns', [0, 1, 65535, Math.floor(random() * 65536)], 'absurd-size');

  const photometric = find('x00280004');
  if (photometric) {
    for (const value of ['RGB', 'MONOCHROME2', 'PALETTE COLOR', 'YBR_FULL_422', 'HSV', '']) {
      const bytes = original.slice();
      writeText(bytes, photometric, value);
      add('pixel-attribute', `photometric=${value || 'blank'}`, bytes);
    }
  }

  // Absurd sizes: 65535 x 65535 pixels over many frames, claimed by the header alone.
  const rows = find('x00280010');
  const columns = find('x00280011');
  const frames = find('x00280008');
  for (const count of ['1000', '99999999', '0', '-3', 'abc', '2']) {
    let bytes: Uint8Array = original.slice();
    if (rows && columns && count === '1000') {
      writeUint(bytes, rows.dataOffset, 2, 65535, layout.littleEndian);
      writeUint(bytes, columns.dataOffset, 2, 65535, layout.littleEndian);
    }
    if (frames) writeText(bytes, frames, count);
    else if (rows) bytes = insert(bytes, rows.start, numberOfFramesElement(count, layout));
    else continue;
    add('absurd-size', `frames=${count}${count === '1000' ? ',65535x65535' : ''}`, bytes);
  }

  // Transfer syntax swapped in place (value padded with NUL, as UIDs are).
  const syntax = find('x00020010');
  if (syntax) {
    for (const uid of TRANSFER_SYNTAXES.filter((u) => u.length <= syntax.end - syntax.dataOffset)) {
      const bytes = original.slice();
      writeText(bytes, syntax, uid, '\0');
      add('transfer-syntax', `ts=${uid}`, bytes);
    }
  }

  if (pixel) {
    // Missing pixel data: the element renamed to a private tag, or cut off.
    const renamed = original.slice();
    writeUint(renamed, pixel.start, 2, 0x7fe1, layout.littleEndian);
    add('no-pixel-data', 'pixel-tag=7fe1', renamed);
    add('no-pixel-data', 'no-pixel-element', original.slice(0, pixel.start));
    // Damaged pixel bytes: inside compressed frames this is what only decoding finds.
    for (let i = 0; i < plan.pixelBytes; i++) {
      const bytes = original.slice();
      const count = 1 + Math.floor(random() * 32);
      const from = pixel.dataOffset + Math.floor(random() * Math.max(1, pixel.end - pixel.dataOffset));
      for (let b = 0; b < count && from + b < pixel.end; b++) bytes[from + b] = Math.floor(random() * 256);
      add('pixel-bytes', `pixels@${from}+${count}`, bytes);
    }
  }
  return out;
}
