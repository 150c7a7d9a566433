/**
 * De-identifies a DICOM Part 10 file for a teaching file: DICOM PS3.15 Annex E, Basic
 * Application Level Confidentiality Profile (table in annexE.ts), applied to the main data
 * set and, recursively, to every sequence item. Private attributes, curves and overlays go;
 * UIDs are replaced through one UidRemapper so every file of an export still points at the
 * others; the File Meta Information is rebuilt (PS3.15 E.1.1 item 7), so nothing of the
 * sending station survives there. Pixel data pass through untouched: the basic profile
 * cannot clean burned-in text, so an image that declares some is refused instead.
 */

import { dcmjsData as dcmjs, EXPLICIT_VR_LITTLE_ENDIAN, type DicomDataset, type DicomElement } from '../../../../src/data/dcmjs';
import { hasContrastAgent } from '../../liver/rules/contrastState';
import { IMPLEMENTATION_CLASS_UID } from '../../sr/rules/srHeader';
import { randomUid } from '../../sr/rules/srUids';
import { ANNEX_E_BY_TAG, isCurveOrOverlayTag, isPrivateTag, type AnnexEAction } from './annexE';

// ---------------------------------------------------------------- UIDs

/**
 * The same input UID always gets the same new UID, so one remapper per export keeps a
 * series a series and a reference a reference. New UIDs are `2.25.<random UUID as a decimal>`
 * (PS3.5 B.2): unrelated to the old ones, so nothing (a date, a site's root) leaks through.
 */
export class UidRemapper {
  private readonly assigned = new Map<string, string>();

  map(uid: string): string {
    // UI values are padded with NUL to an even length; the padding is not part of the UID.
    const key = uid.replace(/[\0\s]+$/, '').trim();
    const known = this.assigned.get(key);
    if (known !== undefined) return known;
    const fresh = randomUid();
    this.assigned.set(key, fresh);
    return fresh;
  }

  /** How many distinct UIDs have been replaced so far. */
  get size(): number {
    return this.assigned.size;
  }
}

// ---------------------------------------------------------------- the profile

export const DEIDENTIFICATION_METHOD = 'DICOM PS3.15 Annex E Basic Application Confidentiality Profile';
export const IMPLEMENTATION_VERSION_NAME = 'EMH_DEID_1';

const TAG = {
  specificCharacterSet: '00080005',
  sopClassUID: '00080016',
  sopInstanceUID: '00080018',
  studyInstanceUID: '0020000D',
  seriesInstanceUID: '0020000E',
  contrastBolusAgent: '00180010',
  burnedInAnnotation: '00280301',
  patientIdentityRemoved: '00120062',
  deidentificationMethod: '00120063',
  deidentificationMethodCodes: '00120064',
  longitudinalTemporalInformationModified: '00280303',
  mediaStorageSOPClassUID: '00020002',
  mediaStorageSOPInstanceUID: '00020003',
  transferSyntaxUID: '00020010',
} as const;

const DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1.99';

/**
 * Enhanced multi-frame images need, as Type 1, some attributes the classic IODs have as
 * Type 2 or 3 (Multi-frame Functional Groups: Content Date / Time; Enhanced General
 * Equipment: Device Serial Number; Enhanced CT / MR Image: Acquisition DateTime), and they
 * may need Source / Referenced Image Sequence (Type 1C for derived images).
 */
const ENHANCED_IMAGE_CLASSES: ReadonlySet<string> = new Set([
  '1.2.840.10008.5.1.4.1.1.2.1', // Enhanced CT
  '1.2.840.10008.5.1.4.1.1.2.2', // Legacy Converted Enhanced CT
  '1.2.840.10008.5.1.4.1.1.4.1', // Enhanced MR
  '1.2.840.10008.5.1.4.1.1.4.3', // Enhanced MR Color
  '1.2.840.10008.5.1.4.1.1.4.4', // Legacy Converted Enhanced MR
  '1.2.840.10008.5.1.4.1.1.130', // Enhanced PET
  '1.2.840.10008.5.1.4.1.1.128.1', // Legacy Converted Enhanced PET
  '1.2.840.10008.5.1.4.1.1.12.1.1', // Enhanced XA
  '1.2.840.10008.5.1.4.1.1.12.2.1', // Enhanced XRF
  '1.2.840.10008.5.1.4.1.1.6.2', // Enhanced US Volume
]);
const TYPE_1_IN_ENHANCED: ReadonlySet<string> = new Set(['00080023', '00080033', '0008002A', '00181000']);

/** X/Z attributes that are Type 2 (2C) wherever an IOD has them, so present means needed. */
const TYPE_2_WHEN_PRESENT: ReadonlySet<string> = new Set([
  '00400555', // Acquisition Context Sequence
  '00102203', // Patient's Sex Neutered (2C: non-human subjects)
]);

/**
 * Not in Table E.1-1, yet a birth or death date by another name; PS3.15 E.1.1 lets a
 * de-identifier protect more than the table lists.
 */
const REMOVED_BEYOND_TABLE: ReadonlySet<string> = new Set([
  '00100033', // Patient's Birth Date in Alternative Calendar
  '00100034', // Patient's Death Date in Alternative Calendar
  '00100035', // Patient's Alternative Calendar
]);

/** What is done to one attribute: K keeps it (a sequence is cleaned item by item). */
type Resolved = 'X' | 'Z' | 'D' | 'U' | 'K';

interface CleanContext {
  readonly uids: UidRemapper;
  readonly enhanced: boolean;
  /** Re-decodes text read inside sequence items; null when dcmjs already read it right. */
  readonly repairNestedText: ((text: string) => string) | null;
}

/**
 * A compound code takes its first alternative unless the IOD needs a later one. The choice
 * is made for the images this viewer exports, CT and MR, classic or enhanced; in another
 * IOD a removed attribute may be one it requires, which dciodvfy would report.
 */
function resolve(tag: string, action: AnnexEAction, context: CleanContext): Resolved {
  const typeOne = context.enhanced && TYPE_1_IN_ENHANCED.has(tag);
  switch (action) {
    case 'X':
    case 'Z':
    case 'D':
    case 'U':
      return action;
    case 'Z/D':
      return typeOne ? 'D' : 'Z';
    case 'X/Z':
      return TYPE_2_WHEN_PRESENT.has(tag) ? 'Z' : 'X';
    case 'X/D':
      return 'X';
    case 'X/Z/D':
      return typeOne ? 'D' : 'X';
    case 'X/Z/U*':
      return context.enhanced ? 'K' : 'X';
  }
}

const TEXT_VRS: ReadonlySet<string> = new Set(['SH', 'LO', 'ST', 'LT', 'UT', 'UC', 'PN']);
const DUMMY_TEXT = 'ANONYMIZED';
/** Written in place of a real agent: the series stays "enhanced" to the viewer (domain/contrastState). */
export const DUMMY_CONTRAST_AGENT = 'CONTRAST';

const DUMMY_BY_VR: Readonly<Record<string, unknown>> = {
  PN: { Alphabetic: DUMMY_TEXT },
  DA: '19000101',
  DT: '19000101000000',
  TM: '000000',
  AS: '000D',
  UR: 'urn:anonymized',
  DS: '0',
  IS: '0',
};
const NUMBER_VRS: ReadonlySet<string> = new Set(['US', 'SS', 'UL', 'SL', 'FL', 'FD', 'SV', 'UV']);
const BYTE_VRS: ReadonlySet<string> = new Set(['OB', 'OW', 'OD', 'OF', 'OL', 'OV', 'UN']);

/** A non-empty value of the element's VR that says nothing about anyone. */
function dummyValues(element: DicomElement, context: CleanContext): unknown[] {
  if (element.vr === 'UI') return (element.Value ?? ['']).map((uid) => context.uids.map(String(uid)));
  if (NUMBER_VRS.has(element.vr)) return [0];
  if (BYTE_VRS.has(element.vr)) return [new ArrayBuffer(2)];
  return [DUMMY_BY_VR[element.vr] ?? DUMMY_TEXT];
}

function sequenceItems(element: DicomElement): DicomDataset[] {
  return (element.Value ?? []).filter((item): item is DicomDataset => typeof item === 'object' && item !== null);
}

function cleanSequence(element: DicomElement, context: CleanContext): DicomElement {
  return { vr: 'SQ', Value: sequenceItems(element).map((item) => cleanDataset(item, context, true)) };
}

function applyAction(tag: string, element: DicomElement, action: Resolved, context: CleanContext): DicomElement | null {
  switch (action) {
    case 'X':
      return null;
    case 'Z':
      // Z allows a dummy: the agent's name goes, the fact that contrast was given stays.
      if (tag === TAG.contrastBolusAgent && hasContrastAgent(firstText(element))) {
        return { vr: element.vr, Value: [DUMMY_CONTRAST_AGENT] };
      }
      return { vr: element.vr, Value: [] };
    case 'D':
      return element.vr === 'SQ' ? cleanSequence(element, context) : { vr: element.vr, Value: dummyValues(element, context) };
    case 'U':
      return { vr: element.vr, Value: (element.Value ?? []).map((uid) => context.uids.map(String(uid))) };
    case 'K':
      return element.vr === 'SQ' ? cleanSequence(element, context) : element;
  }
}

function cleanDataset(dataset: DicomDataset, context: CleanContext, nested: boolean): DicomDataset {
  const cleaned: DicomDataset = {};
  for (const [tag, element] of Object.entries(dataset)) {
    if (isPrivateTag(tag) || isCurveOrOverlayTag(tag) || REMOVED_BEYOND_TABLE.has(tag)) continue;
    const rule = ANNEX_E_BY_TAG.get(tag);
    if (rule) {
      const result = applyAction(tag, element, resolve(tag, rule.action, context), context);
      if (result) cleaned[tag] = result;
    } else if (element.vr === 'SQ') {
      cleaned[tag] = cleanSequence(element, context);
    } else if (element.vr === 'DA' || element.vr === 'DT') {
      // PS3.15 E.1.1 note 4: a date the table does not (yet) list is still a date; drop it.
      continue;
    } else {
      cleaned[tag] = nested && context.repairNestedText ? repairText(element, context.repairNestedText) : element;
    }
  }
  return cleaned;
}

function firstText(element: DicomElement | undefined): string | null {
  const value = element?.Value?.[0];
  return typeof value === 'string' ? value : null;
}

// ---------------------------------------------------------------- character sets

/**
 * dcmjs decodes text inside sequence items as windows-1252 whatever SpecificCharacterSet
 * says (top-level text is decoded right), and writes everything back as UTF-8. For any other
 * character set the nested text is turned back into its bytes and decoded properly, so a
 * UTF-8 code meaning does not come out double-encoded.
 */
const CHARSET_LABELS: Readonly<Record<string, string>> = {
  'ISO_IR 192': 'utf-8',
  'ISO_IR 101': 'iso-8859-2',
  'ISO_IR 109': 'iso-8859-3',
  'ISO_IR 110': 'iso-8859-4',
  'ISO_IR 144': 'iso-8859-5',
  'ISO_IR 127': 'iso-8859-6',
  'ISO_IR 126': 'iso-8859-7',
  'ISO_IR 138': 'iso-8859-8',
  'ISO_IR 148': 'iso-8859-9',
  'ISO_IR 203': 'iso-8859-15',
  'ISO_IR 166': 'windows-874',
  GB18030: 'gb18030',
  GBK: 'gbk',
};

let windows1252Bytes: Map<string, number> | null = null;

function bytesOfWindows1252(text: string): Uint8Array | null {
  if (windows1252Bytes === null) {
    const decoded = new TextDecoder('latin1').decode(Uint8Array.from({ length: 256 }, (_, i) => i));
    windows1252Bytes = new Map([...decoded].map((char, byte) => [char, byte]));
  }
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i += 1) {
    const byte = windows1252Bytes.get(text.charAt(i));
    if (byte === undefined) return null;
    bytes[i] = byte;
  }
  return bytes;
}

function nestedTextRepair(dataset: DicomDataset): ((text: string) => string) | null {
  const raw = dataset[TAG.specificCharacterSet]?._rawValue;
  const first = Array.isArray(raw) ? raw[0] : raw;
  const label = typeof first === 'string' ? CHARSET_LABELS[first.trim()] : undefined;
  if (label === undefined) return null;
  const decoder = new TextDecoder(label);
  return (text) => {
    const bytes = bytesOfWindows1252(text);
    return bytes === null ? text : decoder.decode(bytes);
  };
}

function repairText(element: DicomElement, repair: (text: string) => string): DicomElement {
  if (!TEXT_VRS.has(element.vr) || !element.Value) return element;
  const Value = element.Value.map((value) => {
    if (typeof value === 'string') return repair(value);
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? repair(v) : v]));
    }
    return value;
  });
  return { vr: element.vr, Value };
}

// ---------------------------------------------------------------- the file

/** The code of PS3.16 CID 7050 for this profile. */
function profileCodeItem(): DicomDataset {
  return {
    '00080100': { vr: 'SH', Value: ['113100'] },
    '00080102': { vr: 'SH', Value: ['DCM'] },
    '00080104': { vr: 'LO', Value: ['Basic Application Confidentiality Profile'] },
  };
}

function methodCodes(existing: DicomElement | undefined): DicomElement {
  const items = existing ? sequenceItems(existing) : [];
  const listed = items.some((item) => firstText(item['00080100']) === '113100' && firstText(item['00080102']) === 'DCM');
  return { vr: 'SQ', Value: listed ? items : [profileCodeItem(), ...items] };
}

/** What the file said of patient and study before, so free text can be checked against it. */
export interface RemovedIdentity {
  /** DICOM PN form, "Family^Given". */
  readonly patientName: string | null;
  readonly patientId: string | null;
  /** DA form, "19890617". */
  readonly birthDate: string | null;
  readonly studyDate: string | null;
  readonly accessionNumber: string | null;
}

export interface DeidentifiedInstance {
  readonly bytes: Uint8Array;
  /** The new UIDs, as written in the file. */
  readonly sopInstanceUID: string;
  readonly seriesInstanceUID: string | null;
  readonly studyInstanceUID: string | null;
  readonly removed: RemovedIdentity;
}

function removedIdentity(dataset: DicomDataset): RemovedIdentity {
  const value = (tag: string): string | null => {
    const first = dataset[tag]?.Value?.[0];
    const text = typeof first === 'object' && first !== null ? (first as { Alphabetic?: unknown }).Alphabetic : first;
    return typeof text === 'string' && text.trim() !== '' ? text.trim() : null;
  };
  return {
    patientName: value('00100010'),
    patientId: value('00100020'),
    birthDate: value('00100030'),
    studyDate: value('00080020'),
    accessionNumber: value('00080050'),
  };
}

/**
 * A de-identified copy of a Part 10 file (see the module comment). Throws when the file
 * cannot be read, has no SOP Instance UID, or declares burned-in annotation.
 */
export function deidentifyPart10(bytes: Uint8Array, uids: UidRemapper): Uint8Array {
  return deidentifyInstance(bytes, uids).bytes;
}

/** The same, with the new UIDs, so a caller can match the file to inventory references. */
export function deidentifyInstance(bytes: Uint8Array, uids: UidRemapper): DeidentifiedInstance {
  // A copy: dcmjs keeps views on the buffer it reads, and the caller's bytes stay the caller's.
  const file = dcmjs.DicomMessage.readFile(bytes.slice().buffer);
  const dataset = file.dict;
  if (firstText(dataset[TAG.burnedInAnnotation])?.trim().toUpperCase() === 'YES') {
    throw new Error(
      'This image declares burned-in annotation (0028,0301 = YES): its pixels may show patient data, so it is not exported as DICOM',
    );
  }
  const sopClassUID = firstText(dataset[TAG.sopClassUID]) ?? firstText(file.meta[TAG.mediaStorageSOPClassUID]);
  const sopInstanceUID = firstText(dataset[TAG.sopInstanceUID]) ?? firstText(file.meta[TAG.mediaStorageSOPInstanceUID]);
  if (!sopClassUID || !sopInstanceUID) throw new Error('Not an image file: no SOP Class UID or SOP Instance UID');

  const context: CleanContext = {
    uids,
    enhanced: ENHANCED_IMAGE_CLASSES.has(sopClassUID.replace(/\0/g, '').trim()),
    repairNestedText: nestedTextRepair(dataset),
  };
  const cleaned = cleanDataset(dataset, context, false);
  const newSopInstanceUID = uids.map(sopInstanceUID);
  cleaned[TAG.sopInstanceUID] = { vr: 'UI', Value: [newSopInstanceUID] };
  cleaned[TAG.specificCharacterSet] = { vr: 'CS', Value: ['ISO_IR 192'] };
  cleaned[TAG.patientIdentityRemoved] = { vr: 'CS', Value: ['YES'] };
  cleaned[TAG.deidentificationMethod] = { vr: 'LO', Value: [DEIDENTIFICATION_METHOD] };
  cleaned[TAG.deidentificationMethodCodes] = methodCodes(cleaned[TAG.deidentificationMethodCodes]);
  // PS3.15 E.2: no Retain Longitudinal Temporal Information option, so the dates are REMOVED.
  cleaned[TAG.longitudinalTemporalInformationModified] = { vr: 'CS', Value: ['REMOVED'] };

  const transferSyntax = firstText(file.meta[TAG.transferSyntaxUID])?.replace(/\0/g, '').trim() || EXPLICIT_VR_LITTLE_ENDIAN;
  const meta: DicomDataset = {
    '00020001': { vr: 'OB', Value: [new Uint8Array([0, 1]).buffer] },
    [TAG.mediaStorageSOPClassUID]: { vr: 'UI', Value: [sopClassUID] },
    [TAG.mediaStorageSOPInstanceUID]: { vr: 'UI', Value: [newSopInstanceUID] },
    // dcmjs reads a deflated file but writes the data set plain.
    [TAG.transferSyntaxUID]: {
      vr: 'UI',
      Value: [transferSyntax === DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN ? EXPLICIT_VR_LITTLE_ENDIAN : transferSyntax],
    },
    '00020012': { vr: 'UI', Value: [IMPLEMENTATION_CLASS_UID] },
    '00020013': { vr: 'SH', Value: [IMPLEMENTATION_VERSION_NAME] },
  };
  const output = new dcmjs.DicomDict(meta);
  output.dict = cleaned;
  return {
    bytes: new Uint8Array(output.write()),
    sopInstanceUID: newSopInstanceUID,
    seriesInstanceUID: firstText(cleaned[TAG.seriesInstanceUID]),
    studyInstanceUID: firstText(cleaned[TAG.studyInstanceUID]),
    removed: removedIdentity(dataset),
  };
}
