import { concatBytes } from '../../util/concatBytes';
import { dcmjsData, EXPLICIT_VR_LITTLE_ENDIAN } from '../dcmjs';
import type { DicomJsonDataset, DicomJsonElement } from './dicomJson';
import { TAG, jsonNumber, jsonString } from './dicomJson';

/** One frame as WADO-RS returned it, with the transfer syntax its part was labelled with. */
export interface WadoFrame {
  bytes: Uint8Array;
  /** Null when the server did not say; native (uncompressed) little endian is assumed. */
  transferSyntaxUID: string | null;
}

/** Syntaxes whose WADO-RS frames are plain little-endian pixels (PS3.18 8.7.3.5.2). */
const NATIVE_SYNTAXES = new Set(['1.2.840.10008.1.2', EXPLICIT_VR_LITTLE_ENDIAN, '1.2.840.10008.1.2.1.99', '1.2.840.10008.1.2.2']);

const { DicomDict } = dcmjsData;

function base64Bytes(text: string): ArrayBuffer {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
}

/**
 * The dataset without what JSON only points at: bulk data (fetched separately, or not needed
 * to show the image), the file meta group (rewritten below) and pixel data (appended below).
 */
function headerElements(metadata: DicomJsonDataset): Record<string, DicomJsonElement> {
  const out: Record<string, DicomJsonElement> = {};
  for (const [tag, element] of Object.entries(metadata)) {
    const upper = tag.toUpperCase();
    if (upper.startsWith('0002') || upper.startsWith('7FE0')) continue;
    if (element.BulkDataURI !== undefined) continue;
    if (element.InlineBinary !== undefined) {
      out[upper] = { vr: element.vr, Value: [base64Bytes(element.InlineBinary)] };
      continue;
    }
    out[upper] =
      element.vr === 'SQ' && element.Value
        ? { vr: 'SQ', Value: element.Value.map((item) => (isDataset(item) ? headerElements(item) : item)) }
        : element;
  }
  return out;
}

function isDataset(value: unknown): value is DicomJsonDataset {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function elementHeader(tagGroup: number, tagElement: number, vr: string, length: number): Uint8Array {
  const bytes = new Uint8Array(12);
  const view = new DataView(bytes.buffer);
  view.setUint16(0, tagGroup, true);
  view.setUint16(2, tagElement, true);
  bytes[4] = vr.charCodeAt(0);
  bytes[5] = vr.charCodeAt(1);
  view.setUint32(8, length, true);
  return bytes;
}

function itemHeader(element: number, length: number): Uint8Array {
  const bytes = new Uint8Array(8);
  const view = new DataView(bytes.buffer);
  view.setUint16(0, 0xfffe, true);
  view.setUint16(2, element, true);
  view.setUint32(4, length, true);
  return bytes;
}

function even(bytes: Uint8Array): Uint8Array[] {
  return bytes.byteLength % 2 === 0 ? [bytes] : [bytes, new Uint8Array(1)];
}

/**
 * Pixel Data written by hand: dcmjs would copy every frame into its own buffer first, and an
 * encapsulated element is three fixed headers around the fragments (PS3.5 A.4).
 */
function pixelDataElement(frames: WadoFrame[], encapsulated: boolean, bitsAllocated: number): Uint8Array[] {
  if (!encapsulated) {
    const total = frames.reduce((sum, f) => sum + f.bytes.byteLength, 0);
    const parts = frames.map((f) => f.bytes);
    if (total % 2 === 1) parts.push(new Uint8Array(1));
    return [elementHeader(0x7fe0, 0x0010, bitsAllocated <= 8 ? 'OB' : 'OW', total + (total % 2)), ...parts];
  }
  const parts: Uint8Array[] = [elementHeader(0x7fe0, 0x0010, 'OB', 0xffffffff), itemHeader(0xe000, 0)];
  for (const frame of frames) {
    const padded = frame.bytes.byteLength + (frame.bytes.byteLength % 2);
    parts.push(itemHeader(0xe000, padded), ...even(frame.bytes));
  }
  parts.push(itemHeader(0xe0dd, 0));
  return parts;
}

/**
 * A Part 10 file made from WADO-RS metadata and frames, so an instance from a PACS goes through
 * exactly the checks, metadata and decoders a local file does. Native frames are declared
 * Explicit VR Little Endian (what WADO-RS sends for them); compressed frames keep their syntax
 * and become one fragment each.
 */
export function part10FromWado(metadata: DicomJsonDataset, frames: WadoFrame[]): Uint8Array {
  if (frames.length === 0) throw new Error('no frames');
  const declared = frames[0].transferSyntaxUID || jsonString(metadata, TAG.transferSyntaxUID) || EXPLICIT_VR_LITTLE_ENDIAN;
  const encapsulated = declared !== '' && declared !== '*' && !NATIVE_SYNTAXES.has(declared);
  const transferSyntaxUID = encapsulated ? declared : EXPLICIT_VR_LITTLE_ENDIAN;
  const meta: Record<string, DicomJsonElement> = {
    '00020001': { vr: 'OB', Value: [new Uint8Array([0, 1]).buffer] },
    '00020002': { vr: 'UI', Value: [jsonString(metadata, TAG.sopClassUID)] },
    '00020003': { vr: 'UI', Value: [jsonString(metadata, TAG.sopInstanceUID)] },
    '00020010': { vr: 'UI', Value: [transferSyntaxUID] },
    '00020012': { vr: 'UI', Value: ['2.25.80302813137786398554742050926734630921'] },
    '00020013': { vr: 'SH', Value: ['EMH_DICOMWEB'] },
  };
  const dict = new DicomDict(meta);
  // JSON is Unicode and dcmjs writes UTF-8, whatever character set the server stored.
  dict.dict = { ...headerElements(metadata), [TAG.specificCharacterSet]: { vr: 'CS', Value: ['ISO_IR 192'] } };
  const header = new Uint8Array(dict.write({ allowInvalidVRLength: true }));
  const bitsAllocated = jsonNumber(metadata, TAG.bitsAllocated) ?? 16;
  return concatBytes([header, ...pixelDataElement(frames, encapsulated, bitsAllocated)]);
}
