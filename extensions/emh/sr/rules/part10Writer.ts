/**
 * Part 10 encoding (Explicit VR Little Endian) of a dcmjs naturalized dataset: byte for byte
 * what dcmjs 0.52 writes through `encodePart10` (src/data/dcmjs.ts), in a single pass.
 *
 * Why by hand: dcmjs remains the reference and the dictionary (tags and VRs come from its
 * `nameMap`), but its writer cannot be made fast from outside. It denaturalizes the whole
 * tree first, then writes every element into a fresh WriteBufferStream (a SplitDataView of
 * 256-byte chunks, its own TextEncoder) that is copied into its parent's, once per nesting
 * level, and each write scans the stream's chunk list. That is about 1 us per byte of
 * output: the 1,000-lesion report (16 MB) took 14 s in Chromium. Encoding each measurement
 * group on its own with dcmjs is no cheaper per byte (measured in Node), no write option
 * changes the stream sizes, and the project's other DICOM library, dicom-parser, only reads.
 *
 * Scope: the VRs an SR needs (text, UIDs, dates, numbers as DS / IS, FL coordinates, FD exact values, US, OB,
 * sequences); any other VR, or a keyword not in the dictionary, throws rather than being
 * written wrong (dcmjs drops unknown keywords with a warning). Values behave as in dcmjs:
 * numbers are written as `String(n)`, over-long ASCII values are cut to the VR's maximum,
 * strings are padded to even length (UIDs with NUL, the rest with a space), sequences and
 * items have undefined length, and every text VR is UTF-8 (SpecificCharacterSet
 * "ISO_IR 192"). part10Writer.test.ts compares the output with dcmjs's on every case.
 */

import {
  attributeDefinition,
  fileMetaInformation,
  type AttributeDefinition,
  type NaturalDataset,
  type NaturalValue,
  type Part10Meta,
} from '../../../../src/data/dcmjs';

/** VRs with a 2-byte reserved field and a 32-bit length in explicit VR (PS3.5 7.1.2). */
const LENGTH32 = new Set(['OB', 'OW', 'OF', 'OD', 'OL', 'OV', 'SQ', 'UC', 'UR', 'UT', 'UN', 'SV', 'UV']);

/** Text VRs dcmjs writes one byte per character (charCode & 0xff) and cuts to a maximum length. */
const ASCII_MAX_LENGTH: Readonly<Record<string, number | null>> = {
  AE: 16,
  AS: 4,
  CS: 16,
  DA: 18, // dcmjs cuts dates and times at their range-matching length...
  DT: 54,
  TM: 28,
  DS: 16,
  IS: 12,
  UI: 64,
  UR: null,
};
/** ...and refuses a single date or time longer than this. */
const SINGLE_VALUE_MAX: Readonly<Record<string, number>> = { DA: 8, DT: 26, TM: 16 };

/** Text VRs written as UTF-8, never cut (dcmjs only logs an over-long value). */
const UTF8_VRS = new Set(['LO', 'LT', 'PN', 'SH', 'ST', 'UC', 'UT']);

const ITEM = 0xfffee000;
const ITEM_DELIMITER = 0xfffee00d;
const SEQUENCE_DELIMITER = 0xfffee0dd;
const UNDEFINED_LENGTH = 0xffffffff;

/** A growing little-endian byte buffer: amortised O(1) per byte, one copy at the end. */
class ByteSink {
  bytes = new Uint8Array(1 << 16);
  view = new DataView(this.bytes.buffer);
  position = 0;
  readonly #encoder = new TextEncoder();

  ensure(extra: number): void {
    const needed = this.position + extra;
    if (needed <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < needed) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.bytes.subarray(0, this.position));
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
  }

  u16(value: number): void {
    this.ensure(2);
    this.view.setUint16(this.position, value, true);
    this.position += 2;
  }

  u32(value: number): void {
    this.ensure(4);
    this.view.setUint32(this.position, value, true);
    this.position += 4;
  }

  f32(value: number): void {
    this.ensure(4);
    this.view.setFloat32(this.position, value, true);
    this.position += 4;
  }

  f64(value: number): void {
    this.ensure(8);
    this.view.setFloat64(this.position, value, true);
    this.position += 8;
  }

  tag(tag: number): void {
    this.u16(tag >>> 16);
    this.u16(tag & 0xffff);
  }

  /** One byte per UTF-16 code unit, as dcmjs's writeAsciiString (DataView.setUint8) does. */
  latin1(text: string): void {
    this.ensure(text.length);
    for (let i = 0; i < text.length; i += 1) this.bytes[this.position + i] = text.charCodeAt(i) & 0xff;
    this.position += text.length;
  }

  utf8(text: string): void {
    let ascii = true;
    for (let i = 0; i < text.length && ascii; i += 1) ascii = text.charCodeAt(i) < 0x80;
    if (ascii) return this.latin1(text);
    this.ensure(text.length * 3); // the most UTF-8 bytes one UTF-16 code unit can need
    this.position += this.#encoder.encodeInto(text, this.bytes.subarray(this.position)).written;
  }

  raw(data: Uint8Array): void {
    this.ensure(data.length);
    this.bytes.set(data, this.position);
    this.position += data.length;
  }

  result(): Uint8Array {
    return this.bytes.slice(0, this.position);
  }
}

const definitions = new Map<string, AttributeDefinition>();

function definition(keyword: string): AttributeDefinition {
  let found = definitions.get(keyword);
  if (!found) {
    const entry = attributeDefinition(keyword);
    if (!entry) throw new Error(`Cannot write ${keyword}: not an attribute of the DICOM dictionary`);
    found = entry;
    definitions.set(keyword, found);
  }
  return found;
}

function fail(keyword: string, vr: string, why: string): never {
  throw new Error(`Cannot write ${keyword} (${vr}): ${why}`);
}

/** The values of a text element as dcmjs's denaturalizeValue leaves them: strings. */
function textValues(keyword: string, vr: string, value: NaturalValue): string[] {
  const list: readonly unknown[] = Array.isArray(value) ? value : [value];
  return list.map((entry) => {
    if (typeof entry === 'string') return entry;
    if (typeof entry === 'number') return String(entry);
    return fail(keyword, vr, 'a text value must be a string or a number');
  });
}

/** PN as dcmjs's pnObjectToString joins it: empty strings dropped, `{Alphabetic}` unwrapped. */
function personNames(keyword: string, value: NaturalValue): string {
  const list: readonly unknown[] = Array.isArray(value) ? value : [value];
  const names = list
    .map((entry) => (typeof entry === 'number' ? String(entry) : entry))
    .filter((entry) => entry !== '')
    .map((entry) => {
      if (typeof entry === 'string') return entry;
      if (typeof entry === 'object' && entry !== null && 'Alphabetic' in entry && typeof entry.Alphabetic === 'string') {
        return entry.Alphabetic.replace(/=*$/u, '');
      }
      return fail(keyword, 'PN', 'a person name must be a string or {Alphabetic}');
    });
  const joined = names.join('\\');
  // dcmjs refuses a name component (between \ and =) over 64 characters.
  if (joined.split(/[\\=]/u).some((component) => component.length > 64)) {
    fail(keyword, 'PN', 'a name component is longer than 64 characters');
  }
  return joined;
}

function writeValue(sink: ByteSink, keyword: string, vr: string, value: NaturalValue): void {
  const asciiMax = ASCII_MAX_LENGTH[vr];
  if (asciiMax !== undefined) {
    textValues(keyword, vr, value).forEach((text, i) => {
      const cut = asciiMax !== null && text.length > asciiMax ? text.slice(0, asciiMax) : text;
      const single = SINGLE_VALUE_MAX[vr];
      if (single !== undefined && !cut.includes('-') && cut.length > single) fail(keyword, vr, `"${cut}" is too long`);
      if (i > 0) sink.latin1('\\');
      sink.latin1(cut);
    });
  } else if (vr === 'PN') {
    sink.utf8(personNames(keyword, value));
  } else if (UTF8_VRS.has(vr)) {
    textValues(keyword, vr, value).forEach((text, i) => {
      if (i > 0) sink.latin1('\\');
      sink.utf8(text);
    });
  } else if (vr === 'FL' || vr === 'FD') {
    const list: readonly unknown[] = Array.isArray(value) ? value : [value];
    for (const entry of list) {
      if (typeof entry !== 'number') fail(keyword, vr, `${vr} values must be numbers`);
      if (vr === 'FL') sink.f32(entry);
      else sink.f64(entry);
    }
  } else if (vr === 'US') {
    // Referenced Segment Number (TID 1411's segment reference) is the one US an SR needs.
    const list: readonly unknown[] = Array.isArray(value) ? value : [value];
    for (const entry of list) {
      if (typeof entry !== 'number' || !Number.isInteger(entry) || entry < 0 || entry > 0xffff)
        fail(keyword, vr, 'US values are integers 0-65535');
      sink.u16(entry);
    }
  } else if (vr === 'OB') {
    if (!(value instanceof ArrayBuffer)) fail(keyword, vr, 'OB needs an ArrayBuffer');
    sink.raw(new Uint8Array(value));
  } else {
    fail(keyword, vr, 'this VR is not supported by the SR writer');
  }
}

function writeSequence(sink: ByteSink, keyword: string, value: NaturalValue): void {
  if (!Array.isArray(value)) fail(keyword, 'SQ', 'a sequence must be an array of items');
  sink.u16(0); // reserved
  sink.u32(UNDEFINED_LENGTH);
  for (const item of value as readonly unknown[]) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) fail(keyword, 'SQ', 'an item must be a dataset');
    sink.tag(ITEM);
    sink.u32(UNDEFINED_LENGTH);
    writeDataset(sink, item as NaturalDataset);
    sink.tag(ITEM_DELIMITER);
    sink.u32(0);
  }
  sink.tag(SEQUENCE_DELIMITER);
  sink.u32(0);
}

function writeElement(sink: ByteSink, keyword: string, { tag, vr }: AttributeDefinition, value: NaturalValue): void {
  sink.tag(tag);
  sink.latin1(vr);
  if (vr === 'SQ') return writeSequence(sink, keyword, value);
  const long = LENGTH32.has(vr);
  if (long) sink.u16(0);
  const lengthAt = sink.position;
  if (long) sink.u32(0);
  else sink.u16(0);
  const start = sink.position;
  writeValue(sink, keyword, vr, value);
  if ((sink.position - start) % 2 === 1) {
    sink.ensure(1);
    sink.bytes[sink.position] = vr === 'UI' || vr === 'OB' ? 0x00 : 0x20;
    sink.position += 1;
  }
  const length = sink.position - start;
  if (long) sink.view.setUint32(lengthAt, length, true);
  else if (length > 0xffff) fail(keyword, vr, `${length} bytes do not fit a 16-bit length`);
  else sink.view.setUint16(lengthAt, length, true);
}

/** Elements in ascending tag order, as PS3.5 7.1 requires (and dcmjs sorts them). */
function writeDataset(sink: ByteSink, dataset: NaturalDataset): void {
  const elements: { keyword: string; definition: AttributeDefinition; value: NaturalValue }[] = [];
  for (const keyword of Object.keys(dataset)) {
    const value = dataset[keyword];
    if (value !== undefined) elements.push({ keyword, definition: definition(keyword), value });
  }
  elements.sort((a, b) => a.definition.tag - b.definition.tag);
  for (const { keyword, definition: d, value } of elements) writeElement(sink, keyword, d, value);
}

const FILE_META_GROUP_LENGTH = 0x00020000;

/** The dataset as a Part 10 file: preamble, "DICM", file meta information, then the dataset. */
export function writePart10(dataset: NaturalDataset, meta: Part10Meta): Uint8Array {
  const fileMeta = fileMetaInformation(dataset, meta);
  const sink = new ByteSink();
  sink.ensure(132);
  sink.position = 128; // the preamble is zeros
  sink.latin1('DICM');
  sink.tag(FILE_META_GROUP_LENGTH);
  sink.latin1('UL');
  sink.u16(4);
  const groupLengthAt = sink.position;
  sink.u32(0);
  writeDataset(sink, fileMeta);
  sink.view.setUint32(groupLengthAt, sink.position - groupLengthAt - 4, true);
  writeDataset(sink, dataset);
  return sink.result();
}
