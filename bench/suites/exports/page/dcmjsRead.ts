/**
 * dcmjs's own reading path, the baseline of the SR import: `DicomMessage.readFile` then
 * `DicomMetaDictionary.naturalizeDataset` (typed in src/data/dcmjs.ts; dcmjs has no types).
 */
import { dcmjsData } from '../../../../src/data/dcmjs';

/** The naturalized dataset of a Part 10 file, as dcmjs reads it. */
export function dcmjsReadNaturalized(buffer: ArrayBuffer): Record<string, unknown> {
  return dcmjsData.DicomMetaDictionary.naturalizeDataset(dcmjsData.DicomMessage.readFile(buffer).dict);
}
