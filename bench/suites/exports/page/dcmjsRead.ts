/**
 * dcmjs's own reading path, the baseline of the SR import: `DicomMessage.readFile` then
 * `DicomMetaDictionary.naturalizeDataset`. Typed locally and narrowed at load, as
 * extensions/emh/export/sr/dcmjsModule.ts does for the writing path (dcmjs has no types).
 */
// @ts-ignore TS7016: dcmjs ships no declarations; the value is narrowed below.
import * as dcmjsNamespace from 'dcmjs';

interface DcmjsReading {
  DicomMessage: { readFile(buffer: ArrayBuffer): { dict: unknown } };
  DicomMetaDictionary: { naturalizeDataset(dict: unknown): Record<string, unknown> };
}

function isReading(value: unknown): value is DcmjsReading {
  const data = value as { DicomMessage?: { readFile?: unknown }; DicomMetaDictionary?: { naturalizeDataset?: unknown } };
  return typeof data?.DicomMessage?.readFile === 'function' && typeof data.DicomMetaDictionary?.naturalizeDataset === 'function';
}

function load(): DcmjsReading {
  const namespace: unknown = dcmjsNamespace;
  for (const candidate of [namespace, (namespace as { default?: unknown } | null)?.default]) {
    const data = (candidate as { data?: unknown } | null | undefined)?.data;
    if (isReading(data)) return data;
  }
  throw new Error('dcmjs did not load: DicomMessage.readFile or naturalizeDataset is missing');
}

const dcmjs = load();

/** The naturalized dataset of a Part 10 file, as dcmjs reads it. */
export function dcmjsReadNaturalized(buffer: ArrayBuffer): Record<string, unknown> {
  return dcmjs.DicomMetaDictionary.naturalizeDataset(dcmjs.DicomMessage.readFile(buffer).dict);
}
