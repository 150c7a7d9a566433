/**
 * Encodes a naturalized dataset (keyword -> value) and its pixels as a DICOM Part 10 file with
 * dcmjs, through the viewer's one typed view of it (src/data/dcmjs.ts).
 */
import { encodePart10 as encodeWithDcmjs, type NaturalDataset } from '../src/data/dcmjs';
import { uidFor } from './uids';

export type { NaturalDataset };

const META = {
  implementationClassUID: uidFor('implementation/emh-sample-dicom'),
  implementationVersionName: 'EMH_SAMPLE_1',
};
const PIXEL_DATA_TAG = '7FE00010';

/**
 * Pixel data is passed apart from the dataset: dcmjs cannot pick its VR from the dictionary
 * ("OB or OW") and logs a warning per file, so it is added already denaturalized, as OW
 * (the VR for 16-bit pixels, PS3.5 8.2).
 */
export function encodePart10(dataset: NaturalDataset, pixels: Uint16Array): Uint8Array {
  // Copy the exact bytes: the typed array may be a view on a larger buffer.
  const bytes = pixels.buffer.slice(pixels.byteOffset, pixels.byteOffset + pixels.byteLength);
  return encodeWithDcmjs(dataset, META, { [PIXEL_DATA_TAG]: { vr: 'OW', Value: [bytes] } });
}
