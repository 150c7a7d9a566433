/**
 * Reads an SR file into a plain tree of content items, for srRead to interpret.
 *
 * srParse.ts does the parsing (its own walk for Explicit VR Little Endian, dicom-parser
 * through the viewer's parseDicom for the rest, which also inflates deflated files), not
 * dcmjs: dcmjs 0.52 decodes text inside sequence items as Latin-1 whatever
 * SpecificCharacterSet says, so a UTF-8 note would come back garbled. Here every string is
 * decoded from its bytes with the file's character set.
 */

import type { CodedConcept } from '../../lesions/rules/sites';
import { parseSr, type ParsedSr, type SrDataset } from './srParse';
import { errorMessage } from '../../../../src/util/errorMessage';

export interface SrImageReference {
  readonly sopClassUID: string;
  readonly sopInstanceUID: string;
  /** Empty when the item names no frame (a single-frame image, or every frame). */
  readonly frames: readonly number[];
  /** ReferencedSegmentNumber (0062,000B) of a segmentation reference (TID 1411); empty otherwise. */
  readonly segments?: readonly number[];
}

export interface SrNode {
  /** Position in the tree, e.g. "1.4.2", for messages a user can follow in dsrdump. */
  readonly path: string;
  readonly relationship: string | null;
  readonly valueType: string;
  readonly concept: CodedConcept | null;
  readonly code: CodedConcept | null;
  readonly text: string | null;
  readonly uid: string | null;
  /** ObservationUID (0040,A171): the same observation in every report that repeats it. */
  readonly observationUID: string | null;
  readonly num: { readonly value: number; readonly unit: CodedConcept | null } | null;
  readonly graphicType: string | null;
  readonly graphicData: readonly number[];
  /** ReferencedFrameOfReferenceUID of a SCOORD3D (its points are patient mm in that frame). */
  readonly frameOfReferenceUID: string | null;
  readonly image: SrImageReference | null;
  readonly children: readonly SrNode[];
}

export interface EvidenceEntry {
  readonly studyInstanceUID: string;
  readonly seriesInstanceUID: string;
  readonly sopClassUID: string;
}

export interface SrDocument {
  readonly sopClassUID: string;
  readonly sopInstanceUID: string;
  readonly studyInstanceUID: string;
  /** StudyDate (0008,0020) of the study the report is filed in, YYYYMMDD; null when absent. */
  readonly studyDate: string | null;
  readonly manufacturer: string;
  readonly modelName: string;
  readonly codingSchemes: readonly string[];
  /** SOP Instance UID -> where the evidence sequences say it lives. */
  readonly evidence: ReadonlyMap<string, EvidenceEntry>;
  readonly root: SrNode;
}

const TAG = {
  specificCharacterSet: 0x00080005,
  sopClassUID: 0x00080016,
  sopInstanceUID: 0x00080018,
  manufacturer: 0x00080070,
  modelName: 0x00081090,
  codingSchemes: 0x00080110,
  codingSchemeDesignator: 0x00080102,
  codeValue: 0x00080100,
  codeMeaning: 0x00080104,
  longCodeValue: 0x00080119,
  urnCodeValue: 0x00080120,
  referencedSeries: 0x00081115,
  referencedSop: 0x00081199,
  referencedSopClass: 0x00081150,
  referencedSopInstance: 0x00081155,
  referencedFrames: 0x00081160,
  referencedSegmentNumber: 0x0062000b,
  studyInstanceUID: 0x0020000d,
  studyDate: 0x00080020,
  observationUID: 0x0040a171,
  seriesInstanceUID: 0x0020000e,
  relationship: 0x0040a010,
  valueType: 0x0040a040,
  conceptName: 0x0040a043,
  conceptCode: 0x0040a168,
  textValue: 0x0040a160,
  uid: 0x0040a124,
  personName: 0x0040a123,
  measuredValue: 0x0040a300,
  numericValue: 0x0040a30a,
  floatingPointValue: 0x0040a161,
  units: 0x004008ea,
  graphicData: 0x00700022,
  graphicType: 0x00700023,
  referencedFrameOfReference: 0x30060024,
  contentSequence: 0x0040a730,
  currentEvidence: 0x0040a375,
  otherEvidence: 0x0040a385,
} as const;

/** SR SOP classes all start so (PS3.4 B.5: 1.2.840.10008.5.1.4.1.1.88.x). */
const SR_CLASS_PREFIX = '1.2.840.10008.5.1.4.1.1.88.';

function decoderFor(specificCharacterSet: string): TextDecoder {
  const first = specificCharacterSet.split('\\')[0]?.trim().toUpperCase() ?? '';
  // ASCII (the default repertoire) is a subset of both.
  return new TextDecoder(first === 'ISO_IR 192' ? 'utf-8' : 'latin1');
}

/** Longest value the ASCII fast path handles (a UID is 64; notes go through the decoder). */
const ASCII_FAST_MAX = 256;

/**
 * ASCII values without a TextDecoder call, each distinct one made into a string once: codes,
 * UIDs and numbers are ASCII in every character set, and a report repeats the same few
 * hundred of them (relationships, value types, code values and meanings, image UIDs) over
 * hundreds of thousands of items.
 */
class AsciiValues {
  readonly #known = new Map<number, string>();

  /** Without trailing padding (space, NUL, or the other ASCII whitespace /[\s\0]+$/ strips); null when not ASCII or long. */
  read(bytes: Uint8Array, start: number, end: number): string | null {
    if (end - start > ASCII_FAST_MAX) return null;
    let last = end;
    while (last > start && (bytes[last - 1] === 0x20 || bytes[last - 1] === 0 || (bytes[last - 1]! >= 0x09 && bytes[last - 1]! <= 0x0d))) {
      last -= 1;
    }
    // FNV-1a over the bytes: the key of the value in the cache, checked character by character.
    let hash = 0x811c9dc5;
    for (let i = start; i < last; i += 1) {
      const byte = bytes[i]!;
      if (byte >= 0x80) return null;
      hash = Math.imul(hash ^ byte, 0x01000193);
    }
    const known = this.#known.get(hash);
    if (known !== undefined && known.length === last - start) {
      let same = true;
      for (let i = 0; i < known.length && same; i += 1) same = known.charCodeAt(i) === bytes[start + i];
      if (same) return known;
    }
    let text = '';
    for (let i = start; i < last; i += 1) text += String.fromCharCode(bytes[i]!);
    if (known === undefined) this.#known.set(hash, text);
    return text;
  }
}

class Reader {
  readonly #view: DataView;
  readonly #ascii = new AsciiValues();

  constructor(
    private readonly decoder: TextDecoder,
    private readonly parsed: ParsedSr,
  ) {
    const { bytes } = parsed;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  string(ds: SrDataset, tag: number): string | null {
    const at = ds.find(tag);
    if (at < 0 || ds.length(at) <= 0) return null;
    const start = ds.offset(at);
    const end = start + ds.length(at);
    const { bytes } = this.parsed;
    // Trailing space (or NUL for UIDs) is padding; leading space is insignificant except in
    // free text (UT, LT, ST), which only loses its padding.
    const text = this.#ascii.read(bytes, start, end) ?? this.decoder.decode(bytes.subarray(start, end)).replace(/[\s\0]+$/u, '');
    return tag === TAG.textValue ? text : text.trimStart();
  }

  items(ds: SrDataset, tag: number): readonly SrDataset[] {
    const at = ds.find(tag);
    return (at < 0 ? null : ds.items(at)) ?? [];
  }

  first(ds: SrDataset, tag: number): SrDataset | undefined {
    return this.items(ds, tag)[0];
  }

  code(ds: SrDataset | undefined): CodedConcept | null {
    if (!ds) return null;
    const value = this.string(ds, TAG.codeValue) ?? this.string(ds, TAG.longCodeValue) ?? this.string(ds, TAG.urnCodeValue);
    const scheme = this.string(ds, TAG.codingSchemeDesignator) ?? '';
    if (value === null) return null;
    return { value, scheme, meaning: this.string(ds, TAG.codeMeaning) ?? '' };
  }

  floats(ds: SrDataset, tag: number): number[] {
    const at = ds.find(tag);
    if (at < 0) return [];
    const values: number[] = [];
    const offset = ds.offset(at);
    // As dicom-parser's DataSet.float read them: a length that is no multiple of 4 reads on.
    for (let i = 0; i < ds.length(at) / 4; i += 1) {
      const position = offset + i * 4;
      values.push(position + 4 <= this.parsed.bytes.length ? this.#view.getFloat32(position, this.parsed.littleEndian) : Number.NaN);
    }
    return values;
  }

  /** The values of a US attribute; empty when absent. */
  uint16s(ds: SrDataset, tag: number): number[] {
    const at = ds.find(tag);
    if (at < 0) return [];
    const offset = ds.offset(at);
    const values: number[] = [];
    for (let i = 0; i + 2 <= ds.length(at); i += 2) {
      if (offset + i + 2 <= this.parsed.bytes.length) values.push(this.#view.getUint16(offset + i, this.parsed.littleEndian));
    }
    return values;
  }

  /** The first value of an FD attribute; null when absent or short. */
  double(ds: SrDataset, tag: number): number | null {
    const at = ds.find(tag);
    if (at < 0 || ds.length(at) < 8) return null;
    const position = ds.offset(at);
    return position + 8 <= this.parsed.bytes.length ? this.#view.getFloat64(position, this.parsed.littleEndian) : null;
  }

  image(ds: SrDataset): SrImageReference | null {
    const sop = this.first(ds, TAG.referencedSop);
    if (!sop) return null;
    const frames = (this.string(sop, TAG.referencedFrames) ?? '')
      .split('\\')
      .map((f) => Number(f.trim()))
      .filter((f) => Number.isInteger(f) && f > 0);
    const segments = this.uint16s(sop, TAG.referencedSegmentNumber);
    return {
      sopClassUID: this.string(sop, TAG.referencedSopClass) ?? '',
      sopInstanceUID: this.string(sop, TAG.referencedSopInstance) ?? '',
      frames,
      ...(segments.length > 0 ? { segments } : {}),
    };
  }

  node(ds: SrDataset, path: string): SrNode {
    const measured = this.first(ds, TAG.measuredValue);
    // The FD Floating Point Value, where written, is the value the DS string was rounded from.
    const exact = measured ? this.double(measured, TAG.floatingPointValue) : null;
    const numeric =
      exact !== null && Number.isFinite(exact) ? exact : measured ? Number(this.string(measured, TAG.numericValue) ?? 'NaN') : Number.NaN;
    return {
      path,
      relationship: this.string(ds, TAG.relationship),
      valueType: this.string(ds, TAG.valueType) ?? '',
      concept: this.code(this.first(ds, TAG.conceptName)),
      code: this.code(this.first(ds, TAG.conceptCode)),
      text: this.string(ds, TAG.textValue) ?? this.string(ds, TAG.personName),
      uid: this.string(ds, TAG.uid),
      observationUID: this.string(ds, TAG.observationUID),
      num: measured && Number.isFinite(numeric) ? { value: numeric, unit: this.code(this.first(measured, TAG.units)) } : null,
      graphicType: this.string(ds, TAG.graphicType),
      graphicData: this.floats(ds, TAG.graphicData),
      frameOfReferenceUID: this.string(ds, TAG.referencedFrameOfReference),
      image: this.image(ds),
      children: this.items(ds, TAG.contentSequence).map((child, i) => this.node(child, `${path}.${i + 1}`)),
    };
  }

  evidence(ds: SrDataset): Map<string, EvidenceEntry> {
    const map = new Map<string, EvidenceEntry>();
    for (const tag of [TAG.currentEvidence, TAG.otherEvidence]) {
      for (const study of this.items(ds, tag)) {
        const studyInstanceUID = this.string(study, TAG.studyInstanceUID) ?? '';
        for (const series of this.items(study, TAG.referencedSeries)) {
          const seriesInstanceUID = this.string(series, TAG.seriesInstanceUID) ?? '';
          for (const sop of this.items(series, TAG.referencedSop)) {
            const sopInstanceUID = this.string(sop, TAG.referencedSopInstance);
            const sopClassUID = this.string(sop, TAG.referencedSopClass) ?? '';
            if (sopInstanceUID) map.set(sopInstanceUID, { studyInstanceUID, seriesInstanceUID, sopClassUID });
          }
        }
      }
    }
    return map;
  }
}

/** Parses and checks that the file is an SR document; throws a message a user can act on. */
export function readSrDocument(bytes: Uint8Array, options: { readonly fast?: boolean } = {}): SrDocument {
  let parsed: ParsedSr;
  try {
    parsed = parseSr(bytes, options);
  } catch (error) {
    const reason = errorMessage(error);
    throw new Error(`Not a readable DICOM file (${reason})`);
  }
  const ds = parsed.root;
  const ascii = new Reader(new TextDecoder('latin1'), parsed);
  const sopClassUID = ascii.string(ds, TAG.sopClassUID) ?? '';
  if (!sopClassUID.startsWith(SR_CLASS_PREFIX)) {
    throw new Error(`Not a DICOM structured report: SOP class ${sopClassUID || '(none)'}`);
  }
  const reader = new Reader(decoderFor(ascii.string(ds, TAG.specificCharacterSet) ?? ''), parsed);
  const root = reader.node(ds, '1');
  if (root.valueType !== 'CONTAINER') throw new Error('Not a valid structured report: the root content item is no CONTAINER');
  return {
    sopClassUID,
    sopInstanceUID: reader.string(ds, TAG.sopInstanceUID) ?? '',
    studyInstanceUID: reader.string(ds, TAG.studyInstanceUID) ?? '',
    studyDate: reader.string(ds, TAG.studyDate) || null,
    manufacturer: reader.string(ds, TAG.manufacturer) ?? '',
    modelName: reader.string(ds, TAG.modelName) ?? '',
    codingSchemes: reader.items(ds, TAG.codingSchemes).flatMap((item) => reader.string(item, TAG.codingSchemeDesignator) ?? []),
    evidence: reader.evidence(ds),
    root,
  };
}

/** "(103339001, SCT, "Long axis")", as dsrdump prints codes. */
export function describeCode(code: CodedConcept | null): string {
  return code ? `(${code.value}, ${code.scheme}, "${code.meaning}")` : '(no concept name)';
}

/** A one-line description of an item for the not-understood list. */
export function describeNode(node: SrNode): string {
  const value = node.num
    ? ` = ${node.num.value} ${node.num.unit?.value ?? ''}`.trimEnd()
    : node.code
      ? ` = ${describeCode(node.code)}`
      : node.text !== null
        ? ` = "${node.text.length > 40 ? `${node.text.slice(0, 40)}...` : node.text}"`
        : node.graphicType
          ? ` ${node.graphicType}`
          : '';
  return `item ${node.path} ${node.valueType} ${describeCode(node.concept)}${value}`;
}
