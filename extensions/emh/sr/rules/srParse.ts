/**
 * Parses an SR file into compact datasets for srDicom's Reader: each dataset keeps its
 * elements' tags, value offsets and lengths in one array of numbers, and its sequences' items.
 *
 * Why not dicom-parser alone: it builds an object, a tag string and a VR string for every
 * element and a DataSet with a keyed element table for every item: for the 1,000-lesion
 * report (16 MB, 720,000 elements in 215,000 items) that took about a second, half of it
 * garbage collection, however it is called, and reading the tree from it as long again: the
 * import could not meet its 1 s target. A report is read whole, and only a dozen attributes
 * of each content item are looked at, so the common case, Explicit VR Little Endian (what EMH
 * and most SR producers write), is walked here in one pass; any other transfer syntax
 * (implicit VR, deflated, big endian) and anything this walk does not expect (undefined
 * length outside a sequence, a VR it does not know the length field of, a truncated file)
 * goes to dicom-parser, whose result is converted to the same form (slower than before, for
 * files that are rare). srParse.test.ts checks that both paths read the same documents.
 */

import type { DataSet, Element as ParsedElement } from 'dicom-parser';
import { parseDicom } from '../../../../src/data/parseDicom';

/**
 * One dataset's elements in file order: tag, value offset and value length side by side in
 * one array, and the items of its sequences apart (few arrays per item: a report has
 * hundreds of thousands of items).
 */
export class SrDataset {
  readonly #elements: number[] = [];
  readonly #sequences: (readonly SrDataset[])[] = [];

  add(tag: number, offset: number, length: number, items: readonly SrDataset[] | null): void {
    this.#elements.push(tag, offset, length, items ? this.#sequences.push(items) - 1 : -1);
  }

  get size(): number {
    return this.#elements.length / 4;
  }

  /** Position of an element; the last one wins, as in dicom-parser's element table. */
  find(tag: number): number {
    for (let i = this.#elements.length - 4; i >= 0; i -= 4) if (this.#elements[i] === tag) return i / 4;
    return -1;
  }

  tag(at: number): number {
    return this.#elements[at * 4]!;
  }

  offset(at: number): number {
    return this.#elements[at * 4 + 1]!;
  }

  length(at: number): number {
    return this.#elements[at * 4 + 2]!;
  }

  /** The items of a sequence element; null for other elements. */
  items(at: number): readonly SrDataset[] | null {
    const sequence = this.#elements[at * 4 + 3]!;
    return sequence < 0 ? null : this.#sequences[sequence]!;
  }
}

export interface ParsedSr {
  /** The bytes offsets point into (for a deflated file, the inflated ones). */
  readonly bytes: Uint8Array;
  readonly littleEndian: boolean;
  readonly root: SrDataset;
}

const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
const BIG_ENDIAN = '1.2.840.10008.1.2.2';
const TRANSFER_SYNTAX = 0x00020010;
const ITEM = 0xfffee000;
const ITEM_DELIMITER = 0xfffee00d;
const SEQUENCE_DELIMITER = 0xfffee0dd;
const UNDEFINED = 0xffffffff;

/** VRs with a 32-bit length, as dicom-parser reads them; other 32-bit ones go to it. */
const LENGTH32 = new Set(['OB', 'OD', 'OL', 'OW', 'SQ', 'OF', 'UC', 'UR', 'UT', 'UN']);
const UNSURE = new Set(['OV', 'SV', 'UV']);

/** Thrown inside the walk when the file needs dicom-parser; never leaves this module. */
class NotForTheFastPath extends Error {}

class ExplicitLittleEndianWalk {
  readonly #view: DataView;
  position = 0;

  constructor(readonly bytes: Uint8Array) {
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  #need(count: number): void {
    if (this.position + count > this.bytes.length) throw new NotForTheFastPath();
  }

  #tag(): number {
    this.#need(4);
    const group = this.#view.getUint16(this.position, true);
    const element = this.#view.getUint16(this.position + 2, true);
    this.position += 4;
    return group * 0x10000 + element;
  }

  #u32(): number {
    this.#need(4);
    const value = this.#view.getUint32(this.position, true);
    this.position += 4;
    return value;
  }

  /** Elements up to `end`, or up to the item delimiter when `end` is null. */
  dataset(end: number | null): SrDataset {
    const dataset = new SrDataset();
    while (end === null || this.position < end) {
      const tag = this.#tag();
      if (end === null && tag === ITEM_DELIMITER) {
        this.#u32();
        return dataset;
      }
      this.#element(tag, dataset);
    }
    if (this.position !== end) throw new NotForTheFastPath();
    return dataset;
  }

  /** One element after its tag: VR, length, then its value or its items. */
  #element(tag: number, dataset: SrDataset): void {
    this.#need(4);
    const vr = String.fromCharCode(this.bytes[this.position]!, this.bytes[this.position + 1]!);
    if (UNSURE.has(vr)) throw new NotForTheFastPath();
    let length: number;
    if (LENGTH32.has(vr)) {
      this.position += 4;
      length = this.#u32();
    } else {
      length = this.#view.getUint16(this.position + 2, true);
      this.position += 4;
    }
    const offset = this.position;
    if (vr === 'SQ') {
      const items = this.#items(length);
      // dicom-parser's length of an undefined-length sequence leaves out its delimiter.
      dataset.add(tag, offset, this.position - offset - (length === UNDEFINED ? 8 : 0), items);
      return;
    }
    if (length === UNDEFINED) throw new NotForTheFastPath();
    this.#need(length);
    this.position += length;
    dataset.add(tag, offset, length, null);
  }

  #items(length: number): SrDataset[] {
    const items: SrDataset[] = [];
    const end = length === UNDEFINED ? null : this.position + length;
    while (end === null || this.position < end) {
      const tag = this.#tag();
      const itemLength = this.#u32();
      if (end === null && tag === SEQUENCE_DELIMITER) return items;
      if (tag !== ITEM) throw new NotForTheFastPath();
      items.push(this.dataset(itemLength === UNDEFINED ? null : this.position + itemLength));
    }
    if (this.position !== end) throw new NotForTheFastPath();
    return items;
  }

  /** Preamble, "DICM" and the file meta group (explicit VR little endian in every file). */
  meta(): SrDataset {
    this.#need(132);
    if (String.fromCharCode(...this.bytes.subarray(128, 132)) !== 'DICM') throw new NotForTheFastPath();
    this.position = 132;
    const meta = new SrDataset();
    while (this.position < this.bytes.length && this.#group() === 0x0002) this.#element(this.#tag(), meta);
    return meta;
  }

  #group(): number {
    this.#need(2);
    return this.#view.getUint16(this.position, true);
  }
}

function asciiAt(bytes: Uint8Array, offset: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + length)).replace(/[\s\0]+$/u, '');
}

/** The whole file when it is Explicit VR Little Endian and regular; null for dicom-parser. */
export function parseExplicitLittleEndian(bytes: Uint8Array): ParsedSr | null {
  try {
    const walk = new ExplicitLittleEndianWalk(bytes);
    const meta = walk.meta();
    const at = meta.find(TRANSFER_SYNTAX);
    if (at < 0 || asciiAt(bytes, meta.offset(at), meta.length(at)) !== EXPLICIT_VR_LITTLE_ENDIAN) return null;
    const root = walk.dataset(bytes.length);
    // dicom-parser keeps the meta elements in the same table as the dataset's.
    for (let i = 0; i < meta.size; i += 1) root.add(meta.tag(i), meta.offset(i), meta.length(i), meta.items(i));
    return { bytes, littleEndian: true, root };
  } catch (error) {
    if (error instanceof NotForTheFastPath || error instanceof RangeError) return null;
    throw error;
  }
}

function fromDataSet(ds: DataSet): SrDataset {
  const dataset = new SrDataset();
  for (const [key, element] of Object.entries(ds.elements)) {
    const items = element.items ? element.items.flatMap((item: ParsedElement) => (item.dataSet ? [fromDataSet(item.dataSet)] : [])) : null;
    dataset.add(Number.parseInt(key.slice(1), 16), element.dataOffset, element.length, items);
  }
  return dataset;
}

/**
 * The file's datasets: the fast walk when it applies (unless `fast` is false, for tests),
 * else dicom-parser's, which throws for a file that is no readable DICOM.
 */
export function parseSr(bytes: Uint8Array, options: { readonly fast?: boolean } = {}): ParsedSr {
  const fast = options.fast === false ? null : parseExplicitLittleEndian(bytes);
  if (fast) return fast;
  const ds = parseDicom(bytes);
  const transferSyntax = (ds.string('x00020010') ?? '').replace(/[\s\0]+$/u, '');
  return { bytes: ds.byteArray, littleEndian: transferSyntax !== BIG_ENDIAN, root: fromDataSet(ds) };
}
