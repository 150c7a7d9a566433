/**
 * The teaching-file ZIP (docs/exports.md#teaching-zip-layout): case.html, the key images as PNG
 * (annotations burned in, no patient overlay: the caller renders them so), the de-identified DICOM
 * of each key image, inventory.json and lesions.csv. One UidRemapper serves the whole ZIP, so the
 * references in inventory.json and lesions.csv name the de-identified DICOM files.
 *
 * What stops patient data here, beyond de-identifying the DICOM: the inventory goes out in
 * its teaching form (no patient, no studies); PNG text and time chunks are dropped; and the
 * export is refused when the user's own text names the patient, so it can be edited out.
 */

import JSZip from 'jszip';

import type { EmhInventory, InventoryRef, LesionExport } from '../../inventory/rules/inventoryTypes';
import type { TeachingCaseText } from './teachingCase';
import { inventoryToCsv } from '../../export/rules/inventoryCsv';
import { inventoryForExport, inventoryToJson } from '../../export/rules/inventoryJson';
import { teachingCaseHtml, type TeachingKeyImage } from './caseHtml';
import { deidentifyInstance, UidRemapper, type DeidentifiedInstance, type RemovedIdentity } from './deidentify';
import { followUpView } from '../../followUp/rules/followUpView';
import { teachingChart } from '../../followUp/rules/changeChartSvg';
import { concatBytes } from '../../../../src/util/concatBytes';
import { errorMessage } from '../../../../src/util/errorMessage';

export interface TeachingKeyImageInput {
  /** The rendered image, annotations burned in, no patient overlay. */
  readonly png: Uint8Array;
  /** The Part 10 file the image was rendered from; null when there is none to hand. */
  readonly dicom: Uint8Array | null;
  readonly seriesDescription: string;
  readonly instanceNumber: number | null;
  /** 1-based, for multi-frame images. */
  readonly frame?: number;
}

export interface TeachingZipInput {
  readonly text: TeachingCaseText;
  /** The full inventory, patient and studies included: they are needed to check the text. */
  readonly inventory: EmhInventory;
  readonly keyImages: readonly TeachingKeyImageInput[];
  /** The follow-up chart drawn as PNG (from teachingChart's SVG); only used with two time points or more. */
  readonly chartPng?: Uint8Array | null;
}

export const TEACHING_ZIP_FILES = {
  html: 'case.html',
  inventory: 'inventory.json',
  lesions: 'lesions.csv',
  chart: 'chart.png',
} as const;

/** "key-01" ... "key-99", then "key-100": sorts right in a file browser for any usual count. */
export function keyImageBaseName(index: number): string {
  return `key-${String(index + 1).padStart(2, '0')}`;
}

// ---------------------------------------------------------------- PNG

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Chunks that only describe pixels. Everything else goes: tEXt / zTXt / iTXt (free text,
 * where software writes titles, authors, comments), eXIf, tIME, iCCP (its name is free
 * text) and any private chunk.
 */
const PIXEL_CHUNKS: ReadonlySet<string> = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND', 'tRNS', 'gAMA', 'cHRM', 'sRGB', 'sBIT', 'bKGD', 'pHYs']);

/** The same image without metadata chunks; chunks are copied whole, so CRCs stay valid. */
export function stripPngMetadata(png: Uint8Array): Uint8Array {
  if (png.length < 8 || PNG_SIGNATURE.some((byte, i) => png[i] !== byte)) throw new Error('A key image is not a PNG file');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const kept: Uint8Array[] = [png.subarray(0, 8)];
  let offset = 8;
  while (offset + 12 <= png.length) {
    const length = view.getUint32(offset);
    const end = offset + 12 + length;
    if (end > png.length) throw new Error('A key image PNG is truncated');
    const type = String.fromCharCode(...png.subarray(offset + 4, offset + 8));
    if (PIXEL_CHUNKS.has(type)) kept.push(png.subarray(offset, end));
    offset = end;
    if (type === 'IEND') break;
  }
  return concatBytes(kept);
}

// ---------------------------------------------------------------- identity in the user's text

interface Identifier {
  readonly what: string;
  readonly pattern: RegExp;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whole words only, any case, any run of spaces: "EMH-0001" but not "EMH-00012". */
function wordPattern(text: string): RegExp {
  const body = text.trim().split(/\s+/).map(escapeRegExp).join('\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, 'iu');
}

/** "20240312" also as "2024-03-12" and "12.03.2024", the ways a person types a date. */
function datePatterns(what: string, date: string | null | undefined): Identifier[] {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(date?.trim() ?? '');
  if (!match) return [];
  const [, y, m, d] = match;
  return [`${y}${m}${d}`, `${y}-${m}-${d}`, `${d}.${m}.${y}`, `${d}/${m}/${y}`, `${m}/${d}/${y}`].map((form) => ({
    what,
    pattern: wordPattern(form),
  }));
}

function nameIdentifiers(name: string | null | undefined): Identifier[] {
  const parts = (name ?? '')
    .split('^')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const [family, given] = parts;
  if (!family) return [];
  if (!given) return [{ what: 'name', pattern: wordPattern(family) }];
  // Either order, as people write names and as they mix up which part is the family name.
  const forms = [
    [family, given],
    [given, family],
  ].flatMap(([a, b]) => [`${a}^${b}`, `${a} ${b}`, `${a}, ${b}`]);
  return forms.map((form) => ({
    what: 'name',
    pattern: wordPattern(form),
  }));
}

function identifiersOf(inventory: EmhInventory, fromFiles: readonly RemovedIdentity[]): Identifier[] {
  const people = [
    { name: inventory.patient?.name, id: inventory.patient?.id, birthDate: inventory.patient?.birthDate },
    ...fromFiles.map((f) => ({ name: f.patientName, id: f.patientId, birthDate: f.birthDate })),
  ];
  const studies = [
    ...(inventory.studies ?? []).map((s) => ({ date: s.date, accessionNumber: s.accessionNumber })),
    ...fromFiles.map((f) => ({ date: f.studyDate, accessionNumber: f.accessionNumber })),
  ];
  const identifiers: Identifier[] = [];
  for (const person of people) {
    identifiers.push(...nameIdentifiers(person.name), ...datePatterns('birth date', person.birthDate));
    if (person.id?.trim()) identifiers.push({ what: 'ID', pattern: wordPattern(person.id) });
  }
  for (const study of studies) {
    identifiers.push(...datePatterns('study date', study.date));
    if (study.accessionNumber?.trim()) identifiers.push({ what: 'accession number', pattern: wordPattern(study.accessionNumber) });
  }
  return identifiers;
}

/**
 * The first place where the text a person wrote (case text, lesion notes, site names,
 * series descriptions) names the patient, as a message; null when it does not. The patient
 * is who the inventory says, and who the key images' DICOM headers said (`fromFiles`), so
 * the check holds when the host gave the inventory no patient.
 */
export function patientIdentityInText(input: TeachingZipInput, fromFiles: readonly RemovedIdentity[] = []): string | null {
  const identifiers = identifiersOf(input.inventory, fromFiles);
  if (identifiers.length === 0) return null;
  const { text, inventory, keyImages } = input;
  const fields: [string, string][] = [
    ['title', text.title],
    ['history', text.history],
    ['findings', text.findings],
    ['diagnosis', text.diagnosis],
    ['discussion', text.discussion],
    ...text.differential.map((d): [string, string] => ['differential', d]),
    ...inventory.lesions.flatMap((l): [string, string][] => [
      [`notes of ${l.id}`, l.notes],
      [`site of ${l.id}`, l.siteText ?? ''],
    ]),
    ...inventory.series.map((s): [string, string] => ['series description', s.description]),
    ...keyImages.map((k, i): [string, string] => [`key image ${i + 1}`, k.seriesDescription]),
  ];
  for (const [field, value] of fields) {
    const found = identifiers.find((id) => id.pattern.test(value));
    if (found) return `The ${field} contains the patient's ${found.what}; remove it before exporting the teaching file`;
  }
  return null;
}

// ---------------------------------------------------------------- inventory

const UID_FIELDS: ReadonlySet<string> = new Set(['studyInstanceUID', 'seriesInstanceUID', 'sopInstanceUID']);

function remapUidFields(value: unknown, uids: UidRemapper): unknown {
  if (Array.isArray(value)) return value.map((item) => remapUidFields(item, uids));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      UID_FIELDS.has(key) && typeof item === 'string' && item !== '' ? uids.map(item) : remapUidFields(item, uids),
    ]),
  );
}

/**
 * The inventory with every study, series and SOP Instance UID replaced through `uids`:
 * the same new UIDs the de-identified DICOM carries, and no original UID left behind.
 */
export function remapInventoryUids(inventory: EmhInventory, uids: UidRemapper): EmhInventory {
  // The walk keeps every key and only swaps strings for strings, so the shape is unchanged.
  return remapUidFields(inventory, uids) as EmhInventory;
}

// ---------------------------------------------------------------- captions

function lesionsOnImage(
  inventory: EmhInventory,
  image: TeachingKeyImageInput,
  dicom: DeidentifiedInstance | null,
): readonly LesionExport[] {
  const frame = image.frame ?? 1;
  let matches: (ref: InventoryRef) => boolean;
  if (dicom) {
    matches = (ref) => ref.sopInstanceUID === dicom.sopInstanceUID && ref.frame === frame;
  } else {
    // Without the file, description and number identify the image only if no other series shares the description.
    const description = image.seriesDescription.trim();
    const sameName = inventory.series.filter((s) => s.description.trim() === description);
    if (description === '' || image.instanceNumber === null || sameName.length !== 1) return [];
    matches = (ref) => ref.seriesDescription.trim() === description && ref.instanceNumber === image.instanceNumber && ref.frame === frame;
  }
  return inventory.lesions.filter((lesion) => lesion.refs.some(matches));
}

/** "AX T2 TSE, image 15: L1 Paraspinal, thoracic, right; L2 Paraspinal, thoracic, left". */
export function keyImageCaption(image: TeachingKeyImageInput, lesions: readonly LesionExport[]): string {
  const parts = [image.seriesDescription.trim() || 'Key image'];
  if (image.instanceNumber !== null) parts.push(`image ${image.instanceNumber}`);
  if (image.frame !== undefined && image.frame > 1) parts.push(`frame ${image.frame}`);
  const where = parts.join(', ');
  if (lesions.length === 0) return where;
  return `${where}: ${lesions.map((l) => (l.site === null ? l.id : `${l.id} ${l.siteLabel}`)).join('; ')}`;
}

// ---------------------------------------------------------------- the ZIP

/**
 * Builds the teaching ZIP. Rejects when the user's text names the patient, when a key image
 * is not a PNG, or when a key image's DICOM cannot be de-identified (e.g. it declares
 * burned-in annotation; pass `dicom: null` to export that image as PNG only).
 */
export async function buildTeachingZip(input: TeachingZipInput): Promise<Uint8Array> {
  const uids = new UidRemapper();
  const prepared = input.keyImages.map((image, index) => {
    const name = keyImageBaseName(index);
    let dicom: DeidentifiedInstance | null = null;
    try {
      dicom = image.dicom ? deidentifyInstance(image.dicom, uids) : null;
    } catch (error) {
      throw new Error(`Key image ${index + 1}: ${errorMessage(error)}`);
    }
    return { name, image, png: stripPngMetadata(image.png), dicom };
  });
  const identity = patientIdentityInText(
    input,
    prepared.flatMap((p) => (p.dicom ? [p.dicom.removed] : [])),
  );
  if (identity !== null) throw new Error(identity);

  const inventory = inventoryForExport(remapInventoryUids(input.inventory, uids), { teaching: true });
  const keyImages: TeachingKeyImage[] = prepared.map(({ name, image, dicom }) => ({
    pngName: `${name}.png`,
    caption: keyImageCaption(image, lesionsOnImage(inventory, image, dicom)),
    dicomName: dicom ? `${name}.dcm` : null,
  }));

  // Null with one time point: the case is then what it always was. Drawn from the dated
  // inventory because the chart shows the intervals between visits ("+6 mo"), never a date.
  const chart = teachingChart(followUpView(input.inventory));
  const zip = new JSZip();
  zip.file(TEACHING_ZIP_FILES.html, teachingCaseHtml({ text: input.text, inventory, keyImages, chartSvg: chart?.svg ?? null }));
  if (chart && input.chartPng) zip.file(TEACHING_ZIP_FILES.chart, stripPngMetadata(input.chartPng), { compression: 'STORE' });
  zip.file(TEACHING_ZIP_FILES.inventory, inventoryToJson(inventory, { teaching: true }));
  zip.file(TEACHING_ZIP_FILES.lesions, inventoryToCsv(inventory, { teaching: true }));
  for (const { name, png, dicom } of prepared) {
    // PNG is deflated already; storing it saves the time of compressing it again for nothing.
    zip.file(`images/${name}.png`, png, { compression: 'STORE' });
    // Level 1 takes most of what DEFLATE gets from 16-bit pixels (their zero high bytes) in a
    // fifth of the time of level 6, which matters at a few hundred KB a key image.
    if (dicom) zip.file(`dicom/${name}.dcm`, dicom.bytes, { compression: 'DEFLATE', compressionOptions: { level: 1 } });
  }
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}
