/**
 * Encodes a naturalized dataset (keyword -> value) as a DICOM Part 10 file with dcmjs.
 *
 * dcmjs ships no type declarations. Rather than declare the whole module globally (which could
 * clash with declarations the viewer adds later), the few functions used here are typed locally
 * and the CommonJS build is loaded through createRequire.
 */
import { createRequire } from 'node:module';
import { uidFor } from './uids';

/** dcmjs "naturalized" form: keyword -> value; sequences are arrays of nested datasets. */
export type NaturalValue = string | number | ReadonlyArray<string | number> | ReadonlyArray<NaturalDataset>;
export interface NaturalDataset {
  [keyword: string]: NaturalValue;
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

interface DcmjsSubset {
  data: {
    DicomDict: new (meta: DenaturalizedDataset) => DicomDictInstance;
    DicomMetaDictionary: { denaturalizeDataset(dataset: Readonly<Record<string, unknown>>): DenaturalizedDataset };
  };
}

const dcmjs = createRequire(import.meta.url)('dcmjs') as DcmjsSubset;

export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
const IMPLEMENTATION_CLASS_UID = uidFor('implementation/emh-sample-dicom');
const IMPLEMENTATION_VERSION_NAME = 'EMH_SAMPLE_1';
const PIXEL_DATA_TAG = '7FE00010';

/**
 * Pixel data is passed apart from the dataset: dcmjs cannot pick its VR from the dictionary
 * ("OB or OW") and logs a warning per file, so it is added already denaturalized, as OW
 * (the VR for 16-bit pixels, PS3.5 8.2).
 */
export function encodePart10(dataset: NaturalDataset, pixels: Uint16Array): Uint8Array {
  const { SOPClassUID: sopClassUid, SOPInstanceUID: sopInstanceUid } = dataset;
  if (typeof sopClassUid !== 'string' || typeof sopInstanceUid !== 'string') {
    throw new Error('dataset needs SOPClassUID and SOPInstanceUID');
  }
  const meta = dcmjs.data.DicomMetaDictionary.denaturalizeDataset({
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: sopClassUid,
    MediaStorageSOPInstanceUID: sopInstanceUid,
    TransferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN,
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: IMPLEMENTATION_VERSION_NAME,
  });
  const dict = new dcmjs.data.DicomDict(meta);
  dict.dict = dcmjs.data.DicomMetaDictionary.denaturalizeDataset(dataset);
  // Copy the exact bytes: the typed array may be a view on a larger buffer.
  const bytes = pixels.buffer.slice(pixels.byteOffset, pixels.byteOffset + pixels.byteLength);
  dict.dict[PIXEL_DATA_TAG] = { vr: 'OW', Value: [bytes] };
  return new Uint8Array(dict.write());
}
