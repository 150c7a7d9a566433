/**
 * The part of dcmjs the viewer, its extensions, the sample generator and the benches use,
 * typed once here.
 *
 * dcmjs ships no type declarations. A global `declare module 'dcmjs'` could clash with one a
 * later dcmjs or @types package adds, so the module is imported untyped, widened to `unknown`
 * at once and narrowed to this interface after a runtime check. The namespace import works in
 * every place the code runs: webpack and Node's ESM both resolve the package's ES build, whose
 * namespace has `data`; a CommonJS build seen through interop has it under `default`.
 */
// TS7016 (no declarations) is ignored rather than expected: @ts-expect-error would break the
// build the day dcmjs ships declarations; the value is narrowed below either way.
// eslint-disable-next-line @typescript-eslint/ban-ts-comment -- see the line above
// @ts-ignore
import * as dcmjsNamespace from 'dcmjs';

/** dcmjs "naturalized" form: keyword -> value; sequences are arrays of nested datasets. */
export type NaturalValue =
  string | number | ArrayBuffer | readonly (string | number)[] | readonly NaturalDataset[] | { readonly Alphabetic: string };

export interface NaturalDataset {
  readonly [keyword: string]: NaturalValue | undefined;
}

/** dcmjs's denaturalized element: tag "GGGGEEEE" -> { vr, Value }; SQ values are datasets. */
export interface DicomElement {
  readonly vr: string;
  readonly Value?: readonly unknown[];
  /** The bytes as read, before dcmjs decoded them (kept by readFile). */
  readonly _rawValue?: unknown;
}

export type DicomDataset = Record<string, DicomElement>;

/** A Part 10 file: its File Meta Information and its data set; `write` encodes both. */
export interface DicomFile {
  meta: DicomDataset;
  dict: DicomDataset;
  write(options?: { allowInvalidVRLength?: boolean }): ArrayBuffer;
}

/** A standard data dictionary entry, as dcmjs keeps it: tag "(GGGG,EEEE)", VR, keyword. */
export interface DictionaryEntry {
  readonly tag?: unknown;
  readonly vr?: unknown;
}

export interface DcmjsData {
  DicomDict: new (meta: DicomDataset) => DicomFile;
  DicomMessage: { readFile(buffer: ArrayBuffer, options?: { ignoreErrors?: boolean }): DicomFile };
  DicomMetaDictionary: {
    denaturalizeDataset(dataset: NaturalDataset): DicomDataset;
    naturalizeDataset(dataset: DicomDataset): Record<string, unknown>;
    /** Keyword -> entry, for every standard attribute. */
    nameMap: Readonly<Record<string, DictionaryEntry | undefined>>;
  };
}

function isDcmjsData(value: unknown): value is DcmjsData {
  if (typeof value !== 'object' || value === null) return false;
  const data = value as Partial<Record<keyof DcmjsData, unknown>>;
  const reader = data.DicomMessage as { readFile?: unknown } | undefined;
  const dictionary = data.DicomMetaDictionary as
    { denaturalizeDataset?: unknown; naturalizeDataset?: unknown; nameMap?: unknown } | undefined;
  return (
    typeof data.DicomDict === 'function' &&
    typeof reader?.readFile === 'function' &&
    typeof dictionary?.denaturalizeDataset === 'function' &&
    typeof dictionary.naturalizeDataset === 'function' &&
    typeof dictionary.nameMap === 'object' &&
    dictionary.nameMap !== null
  );
}

function loadData(): DcmjsData {
  const namespace: unknown = dcmjsNamespace;
  for (const candidate of [namespace, (namespace as { default?: unknown } | null)?.default]) {
    const data = (candidate as { data?: unknown } | null | undefined)?.data;
    if (isDcmjsData(data)) return data;
  }
  throw new Error('dcmjs did not load: its data layer (DicomDict, DicomMessage, DicomMetaDictionary) is missing');
}

/** dcmjs's data layer: reading, naturalizing and writing Part 10 files. */
export const dcmjsData: DcmjsData = loadData();

export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';

export interface Part10Meta {
  readonly implementationClassUID: string;
  readonly implementationVersionName: string;
}

/** An attribute of the standard data dictionary: its tag as a number, and its VR. */
export interface AttributeDefinition {
  readonly tag: number;
  readonly vr: string;
}

const PUNCTUATED_TAG = /^\(([0-9A-F]{4}),([0-9A-F]{4})\)$/i;

/**
 * The tag and VR of a keyword in dcmjs's data dictionary (the one its own writer uses), or
 * null when the keyword is not a standard attribute. Range entries ("(60xx,3000)") and
 * undecided VRs ("US or SS") come back as they are; the caller refuses what it cannot write.
 */
export function attributeDefinition(keyword: string): AttributeDefinition | null {
  if (!Object.prototype.hasOwnProperty.call(dcmjsData.DicomMetaDictionary.nameMap, keyword)) return null;
  const entry = dcmjsData.DicomMetaDictionary.nameMap[keyword];
  const match = typeof entry?.tag === 'string' ? PUNCTUATED_TAG.exec(entry.tag) : null;
  if (!match || typeof entry?.vr !== 'string') return null;
  return { tag: Number.parseInt(`${match[1]}${match[2]}`, 16), vr: entry.vr };
}

/** The File Meta Information of a dataset written as Explicit VR Little Endian, naturalized. */
export function fileMetaInformation(dataset: NaturalDataset, meta: Part10Meta): NaturalDataset {
  const { SOPClassUID: sopClassUID, SOPInstanceUID: sopInstanceUID } = dataset;
  if (typeof sopClassUID !== 'string' || typeof sopInstanceUID !== 'string') {
    throw new Error('The dataset needs SOPClassUID and SOPInstanceUID');
  }
  return {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: sopClassUID,
    MediaStorageSOPInstanceUID: sopInstanceUID,
    TransferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN,
    ImplementationClassUID: meta.implementationClassUID,
    ImplementationVersionName: meta.implementationVersionName,
  };
}

/**
 * Encodes a naturalized dataset as a Part 10 file, Explicit VR Little Endian. dcmjs writes
 * every string as UTF-8, so a dataset with text beyond ASCII must say SpecificCharacterSet
 * "ISO_IR 192". `encoded` holds elements already denaturalized, for those whose VR dcmjs
 * cannot pick from the dictionary (Pixel Data is "OB or OW").
 *
 * The reference encoding: the SR writer uses extensions/emh/sr/rules/part10Writer.ts, which
 * must produce these very bytes (its tests and the exports bench compare the two) in a
 * fraction of the time.
 */
export function encodePart10(dataset: NaturalDataset, meta: Part10Meta, encoded: DicomDataset = {}): Uint8Array {
  const file = new dcmjsData.DicomDict(dcmjsData.DicomMetaDictionary.denaturalizeDataset(fileMetaInformation(dataset, meta)));
  file.dict = { ...dcmjsData.DicomMetaDictionary.denaturalizeDataset(dataset), ...encoded };
  return new Uint8Array(file.write());
}
