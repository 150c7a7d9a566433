/**
 * The part of dcmjs the SR writer uses, typed locally.
 *
 * dcmjs ships no type declarations. A global `declare module 'dcmjs'` could clash with one
 * the viewer adds later, so the module is imported untyped, widened to `unknown` at once and
 * narrowed to this interface after a runtime check. The namespace import works in both
 * places the code runs: webpack and Node's ESM both resolve the package's ES build, whose
 * namespace has `data`; a CommonJS build seen through interop has it under `default`.
 */
// TS7016 (no declarations) is ignored rather than expected: @ts-expect-error would break the
// build the day the viewer adds a declaration for dcmjs; the value is narrowed below either way.
// @ts-ignore
import * as dcmjsNamespace from 'dcmjs';

/** dcmjs "naturalized" form: keyword -> value; sequences are arrays of nested datasets. */
export type NaturalValue =
  | string
  | number
  | ArrayBuffer
  | readonly (string | number)[]
  | readonly NaturalDataset[]
  | { readonly Alphabetic: string };

export interface NaturalDataset {
  readonly [keyword: string]: NaturalValue | undefined;
}

interface DenaturalizedElement {
  vr: string;
  Value?: unknown[];
}
type DenaturalizedDataset = Record<string, DenaturalizedElement>;

interface DicomDictInstance {
  dict: DenaturalizedDataset;
  write(options?: { allowInvalidVRLength?: boolean }): ArrayBuffer;
}

/** A standard data dictionary entry, as dcmjs keeps it: tag "(GGGG,EEEE)", VR, keyword. */
interface DictionaryEntry {
  readonly tag?: unknown;
  readonly vr?: unknown;
}

interface DcmjsData {
  DicomDict: new (meta: DenaturalizedDataset) => DicomDictInstance;
  DicomMetaDictionary: {
    denaturalizeDataset(dataset: NaturalDataset): DenaturalizedDataset;
    /** Keyword -> entry, for every standard attribute. */
    nameMap: Readonly<Record<string, DictionaryEntry | undefined>>;
  };
}

function isDcmjsData(value: unknown): value is DcmjsData {
  if (typeof value !== 'object' || value === null) return false;
  const data = value as Partial<Record<keyof DcmjsData, unknown>>;
  const dictionary = data.DicomMetaDictionary as { denaturalizeDataset?: unknown; nameMap?: unknown } | undefined;
  return (
    typeof data.DicomDict === 'function' &&
    typeof dictionary?.denaturalizeDataset === 'function' &&
    typeof dictionary.nameMap === 'object' &&
    dictionary.nameMap !== null
  );
}

function loadData(): DcmjsData {
  const namespace: unknown = dcmjsNamespace;
  const candidates = [namespace, (namespace as { default?: unknown } | null)?.default];
  for (const candidate of candidates) {
    const data = (candidate as { data?: unknown } | null | undefined)?.data;
    if (isDcmjsData(data)) return data;
  }
  throw new Error('dcmjs did not load: its data layer (DicomDict, DicomMetaDictionary) is missing');
}

const dcmjsData = loadData();

export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';

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

export interface Part10Meta {
  readonly implementationClassUID: string;
  readonly implementationVersionName: string;
}

/**
 * Encodes a naturalized dataset as a Part 10 file, Explicit VR Little Endian. dcmjs writes
 * every string as UTF-8, so the dataset must say SpecificCharacterSet "ISO_IR 192".
 *
 * The reference encoding: the SR writer uses part10Writer.ts, which must produce these
 * very bytes (its tests and the exports bench compare the two) in a fraction of the time.
 */
export function encodePart10(dataset: NaturalDataset, meta: Part10Meta): Uint8Array {
  const { SOPClassUID: sopClassUID, SOPInstanceUID: sopInstanceUID } = dataset;
  if (typeof sopClassUID !== 'string' || typeof sopInstanceUID !== 'string') {
    throw new Error('The dataset needs SOPClassUID and SOPInstanceUID');
  }
  const fileMeta = dcmjsData.DicomMetaDictionary.denaturalizeDataset({
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: sopClassUID,
    MediaStorageSOPInstanceUID: sopInstanceUID,
    TransferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN,
    ImplementationClassUID: meta.implementationClassUID,
    ImplementationVersionName: meta.implementationVersionName,
  });
  const dict = new dcmjsData.DicomDict(fileMeta);
  dict.dict = dcmjsData.DicomMetaDictionary.denaturalizeDataset(dataset);
  return new Uint8Array(dict.write());
}
