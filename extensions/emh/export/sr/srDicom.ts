/**
 * Reads an SR file into a plain tree of content items, for srRead to interpret.
 *
 * dicom-parser (through the viewer's own parseDicom, which also inflates deflated files)
 * does the parsing, not dcmjs: dcmjs 0.52 decodes text inside sequence items as Latin-1
 * whatever SpecificCharacterSet says, so a UTF-8 note would come back garbled. Here every
 * string is decoded from its bytes with the file's character set.
 */

import type { DataSet, Element } from 'dicom-parser';
import { parseDicom } from '../../../../src/data/parseDicom';
import type { CodedConcept } from '../../domain/sites';

export interface SrImageReference {
  readonly sopClassUID: string;
  readonly sopInstanceUID: string;
  /** Empty when the item names no frame (a single-frame image, or every frame). */
  readonly frames: readonly number[];
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
  readonly num: { readonly value: number; readonly unit: CodedConcept | null } | null;
  readonly graphicType: string | null;
  readonly graphicData: readonly number[];
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
  readonly manufacturer: string;
  readonly modelName: string;
  readonly codingSchemes: readonly string[];
  /** SOP Instance UID -> where the evidence sequences say it lives. */
  readonly evidence: ReadonlyMap<string, EvidenceEntry>;
  readonly root: SrNode;
}

const TAG = {
  specificCharacterSet: 'x00080005',
  sopClassUID: 'x00080016',
  sopInstanceUID: 'x00080018',
  manufacturer: 'x00080070',
  modelName: 'x00081090',
  codingSchemes: 'x00080110',
  codingSchemeDesignator: 'x00080102',
  codeValue: 'x00080100',
  codeMeaning: 'x00080104',
  longCodeValue: 'x00080119',
  urnCodeValue: 'x00080120',
  referencedSeries: 'x00081115',
  referencedSop: 'x00081199',
  referencedSopClass: 'x00081150',
  referencedSopInstance: 'x00081155',
  referencedFrames: 'x00081160',
  studyInstanceUID: 'x0020000d',
  seriesInstanceUID: 'x0020000e',
  relationship: 'x0040a010',
  valueType: 'x0040a040',
  conceptName: 'x0040a043',
  conceptCode: 'x0040a168',
  textValue: 'x0040a160',
  uid: 'x0040a124',
  personName: 'x0040a123',
  measuredValue: 'x0040a300',
  numericValue: 'x0040a30a',
  units: 'x004008ea',
  graphicData: 'x00700022',
  graphicType: 'x00700023',
  contentSequence: 'x0040a730',
  currentEvidence: 'x0040a375',
  otherEvidence: 'x0040a385',
} as const;

/** SR SOP classes all start so (PS3.4 B.5: 1.2.840.10008.5.1.4.1.1.88.x). */
const SR_CLASS_PREFIX = '1.2.840.10008.5.1.4.1.1.88.';

function decoderFor(specificCharacterSet: string): TextDecoder {
  const first = specificCharacterSet.split('\\')[0]?.trim().toUpperCase() ?? '';
  // ASCII (the default repertoire) is a subset of both.
  return new TextDecoder(first === 'ISO_IR 192' ? 'utf-8' : 'latin1');
}

class Reader {
  constructor(
    private readonly decoder: TextDecoder,
    private readonly bytes: Uint8Array,
  ) {}

  string(ds: DataSet, tag: string): string | null {
    const element = ds.elements[tag];
    if (!element || element.length <= 0) return null;
    const raw = this.bytes.subarray(element.dataOffset, element.dataOffset + element.length);
    // Trailing space (or NUL for UIDs) is padding; leading space is insignificant except in
    // free text (UT, LT, ST), which only loses its padding.
    const text = this.decoder.decode(raw).replace(/[\s\0]+$/u, '');
    return tag === TAG.textValue ? text : text.trimStart();
  }

  items(ds: DataSet, tag: string): DataSet[] {
    return (ds.elements[tag]?.items ?? []).flatMap((item: Element) => (item.dataSet ? [item.dataSet] : []));
  }

  code(ds: DataSet | undefined): CodedConcept | null {
    if (!ds) return null;
    const value =
      this.string(ds, TAG.codeValue) ?? this.string(ds, TAG.longCodeValue) ?? this.string(ds, TAG.urnCodeValue);
    const scheme = this.string(ds, TAG.codingSchemeDesignator) ?? '';
    if (value === null) return null;
    return { value, scheme, meaning: this.string(ds, TAG.codeMeaning) ?? '' };
  }

  floats(ds: DataSet, tag: string): number[] {
    const element = ds.elements[tag];
    if (!element) return [];
    const values: number[] = [];
    for (let i = 0; i < element.length / 4; i += 1) values.push(ds.float(tag, i) ?? Number.NaN);
    return values;
  }

  image(ds: DataSet): SrImageReference | null {
    const sop = this.items(ds, TAG.referencedSop)[0];
    if (!sop) return null;
    const frames = (this.string(sop, TAG.referencedFrames) ?? '')
      .split('\\')
      .map((f) => Number(f.trim()))
      .filter((f) => Number.isInteger(f) && f > 0);
    return {
      sopClassUID: this.string(sop, TAG.referencedSopClass) ?? '',
      sopInstanceUID: this.string(sop, TAG.referencedSopInstance) ?? '',
      frames,
    };
  }

  node(ds: DataSet, path: string): SrNode {
    const measured = this.items(ds, TAG.measuredValue)[0];
    const numeric = measured ? Number(this.string(measured, TAG.numericValue) ?? 'NaN') : Number.NaN;
    return {
      path,
      relationship: this.string(ds, TAG.relationship),
      valueType: this.string(ds, TAG.valueType) ?? '',
      concept: this.code(this.items(ds, TAG.conceptName)[0]),
      code: this.code(this.items(ds, TAG.conceptCode)[0]),
      text: this.string(ds, TAG.textValue) ?? this.string(ds, TAG.personName),
      uid: this.string(ds, TAG.uid),
      num:
        measured && Number.isFinite(numeric)
          ? { value: numeric, unit: this.code(this.items(measured, TAG.units)[0]) }
          : null,
      graphicType: this.string(ds, TAG.graphicType),
      graphicData: this.floats(ds, TAG.graphicData),
      image: this.image(ds),
      children: this.items(ds, TAG.contentSequence).map((child, i) => this.node(child, `${path}.${i + 1}`)),
    };
  }

  evidence(ds: DataSet): Map<string, EvidenceEntry> {
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
export function readSrDocument(bytes: Uint8Array): SrDocument {
  let ds: DataSet;
  try {
    ds = parseDicom(bytes);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Not a readable DICOM file (${reason})`);
  }
  const ascii = new Reader(new TextDecoder('latin1'), bytes);
  const sopClassUID = ascii.string(ds, TAG.sopClassUID) ?? '';
  if (!sopClassUID.startsWith(SR_CLASS_PREFIX)) {
    throw new Error(`Not a DICOM structured report: SOP class ${sopClassUID || '(none)'}`);
  }
  const reader = new Reader(decoderFor(ascii.string(ds, TAG.specificCharacterSet) ?? ''), bytes);
  const root = reader.node(ds, '1');
  if (root.valueType !== 'CONTAINER')
    throw new Error('Not a valid structured report: the root content item is no CONTAINER');
  return {
    sopClassUID,
    sopInstanceUID: reader.string(ds, TAG.sopInstanceUID) ?? '',
    studyInstanceUID: reader.string(ds, TAG.studyInstanceUID) ?? '',
    manufacturer: reader.string(ds, TAG.manufacturer) ?? '',
    modelName: reader.string(ds, TAG.modelName) ?? '',
    codingSchemes: reader
      .items(ds, TAG.codingSchemes)
      .flatMap((item) => reader.string(item, TAG.codingSchemeDesignator) ?? []),
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
