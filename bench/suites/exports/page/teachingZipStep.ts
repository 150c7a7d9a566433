/**
 * The teaching ZIP step of the exports bench page: `buildTeachingZip` with 10 key images,
 * as the viewer's emh.export('teaching') calls it (teachingExport.ts), beside a plain JSZip
 * of the same 20 input files with the same compression settings.
 *
 * Inputs: the 10 DICOM files are real sample CT slices, handed over by the runner; the PNGs
 * are rendered here from those slices into a canvas the size of the viewer's viewport and
 * encoded with canvas.toBlob, as keyImageCapture.ts does, so their size and entropy are
 * those of a real capture. The capture itself (showing each image in the live viewport) is
 * viewer work and not part of this step.
 */

import dicomParser from 'dicom-parser';
import JSZip from 'jszip';

import { draftTeachingCase } from '../../../../extensions/emh/teaching/rules/teachingCase';
import type { EmhInventory } from '../../../../extensions/emh/inventory/rules/inventoryTypes';
import { inventoryToCsv } from '../../../../extensions/emh/export/rules/inventoryCsv';
import { inventoryForExport, inventoryToJson } from '../../../../extensions/emh/export/rules/inventoryJson';
import { teachingCaseHtml, type TeachingKeyImage } from '../../../../extensions/emh/teaching/rules/caseHtml';
import { deidentifyInstance, UidRemapper } from '../../../../extensions/emh/teaching/rules/deidentify';
import {
  buildTeachingZip,
  keyImageBaseName,
  remapInventoryUids,
  TEACHING_ZIP_FILES,
  type TeachingKeyImageInput,
  type TeachingZipInput,
} from '../../../../extensions/emh/teaching/rules/teachingZip';
import type { StepSample, TeachingFacts } from '../shared';

/**
 * The viewer's viewport in the viewerLoad bench is 676 x 722 CSS px; the capture encodes the
 * canvas in device pixels, so at a device pixel ratio of 1.25 (common on laptop screens)
 * it is 845 x 902, which puts these key images at ~300 KB each, the size the teaching ZIP
 * target assumes.
 */
const CANVAS = { width: 845, height: 902 } as const;

/** Soft-tissue window, the one EMH is read in. */
const WINDOW = { center: 40, width: 400 } as const;

interface TeachingPrepared {
  readonly input: TeachingZipInput;
  readonly documents: { readonly html: string; readonly json: string; readonly csv: string };
}

let teaching: TeachingPrepared | null = null;
/** Every result feeds this, so no timed call can be optimised away as unused. */
let sink = 0;

/** The slice as 8-bit grey RGBA through the soft-tissue window (uncompressed 16-bit CT only). */
function windowed(bytes: Uint8Array): ImageData {
  const data = dicomParser.parseDicom(bytes);
  const rows = data.uint16('x00280010');
  const columns = data.uint16('x00280011');
  const pixels = data.elements.x7fe00010;
  if (!rows || !columns || !pixels || data.uint16('x00280100') !== 16 || pixels.encapsulatedPixelData) {
    throw new Error('key image: expected uncompressed 16-bit CT pixels');
  }
  // A copy, because the pixel data's offset in the file need not be 2-byte aligned.
  const raw = bytes.slice(pixels.dataOffset, pixels.dataOffset + rows * columns * 2).buffer;
  const stored = data.uint16('x00280103') === 1 ? new Int16Array(raw) : new Uint16Array(raw);
  const slope = data.floatString('x00281053') ?? 1;
  const intercept = data.floatString('x00281052') ?? 0;
  const low = WINDOW.center - WINDOW.width / 2;
  const image = new ImageData(columns, rows);
  for (let i = 0; i < stored.length; i += 1) {
    const grey = Math.max(0, Math.min(255, Math.round((((stored[i] ?? 0) * slope + intercept - low) / WINDOW.width) * 255)));
    image.data[i * 4] = grey;
    image.data[i * 4 + 1] = grey;
    image.data[i * 4 + 2] = grey;
    image.data[i * 4 + 3] = 255;
  }
  return image;
}

function pngOf(canvas: HTMLCanvasElement): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => {
      if (!blob) reject(new Error('canvas.toBlob gave no PNG'));
      else void blob.arrayBuffer().then((buffer) => resolve(new Uint8Array(buffer)), reject);
    }, 'image/png');
  });
}

/**
 * What keyImageCapture.ts encodes: the image fitted into the viewport canvas (black around
 * it, smoothed when scaled up) with annotations burned in, drawn here the way Cornerstone
 * draws a bidirectional measurement and an ROI (thin yellow lines, text beside them).
 */
async function keyImagePng(bytes: Uint8Array, label: string): Promise<Uint8Array> {
  const image = windowed(bytes);
  const source = document.createElement('canvas');
  source.width = image.width;
  source.height = image.height;
  source.getContext('2d')?.putImageData(image, 0, 0);
  const out = document.createElement('canvas');
  out.width = CANVAS.width;
  out.height = CANVAS.height;
  const context = out.getContext('2d');
  if (!context) throw new Error('no 2D canvas');
  context.fillStyle = '#000';
  context.fillRect(0, 0, out.width, out.height);
  const scale = Math.min(out.width / image.width, out.height / image.height);
  const left = (out.width - image.width * scale) / 2;
  const top = (out.height - image.height * scale) / 2;
  context.imageSmoothingEnabled = true;
  context.drawImage(source, left, top, image.width * scale, image.height * scale);
  const at = (x: number, y: number): [number, number] => [left + x * scale, top + y * scale];
  context.strokeStyle = 'rgb(255, 255, 0)';
  context.fillStyle = 'rgb(255, 255, 0)';
  context.lineWidth = 1;
  context.font = '14px sans-serif';
  context.beginPath();
  context.moveTo(...at(114, 128));
  context.lineTo(...at(142, 128));
  context.moveTo(...at(128, 119));
  context.lineTo(...at(128, 137));
  const [cx, cy] = at(128, 128);
  context.ellipse(cx, cy, 12 * scale, 8 * scale, 0, 0, 2 * Math.PI);
  context.stroke();
  context.fillText(label, cx + 16 * scale, cy - 10 * scale);
  context.fillText('48 HU', cx + 16 * scale, cy + 8 * scale);
  return pngOf(out);
}

const fromBase64 = (text: string): Uint8Array => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

/** The 20 input files zipped as buildTeachingZip zips them, with nothing else done. */
function plainZip(images: readonly TeachingKeyImageInput[]): Promise<Uint8Array> {
  const zip = new JSZip();
  images.forEach((image, index) => {
    const name = keyImageBaseName(index);
    zip.file(`images/${name}.png`, image.png, { compression: 'STORE' });
    if (image.dicom) zip.file(`dicom/${name}.dcm`, image.dicom, { compression: 'DEFLATE', compressionOptions: { level: 1 } });
  });
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}

/** The three documents alone, compressed as in the teaching ZIP (default DEFLATE level 6). */
function documentsZip(documents: TeachingPrepared['documents']): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file(TEACHING_ZIP_FILES.html, documents.html);
  zip.file(TEACHING_ZIP_FILES.inventory, documents.json);
  zip.file(TEACHING_ZIP_FILES.lesions, documents.csv);
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}

/** The documents the ZIP writes from the inventory, as buildTeachingZip makes them. */
function buildDocuments(input: TeachingZipInput): TeachingPrepared['documents'] {
  const inventory = inventoryForExport(remapInventoryUids(input.inventory, new UidRemapper()), { teaching: true });
  const keyImages: TeachingKeyImage[] = input.keyImages.map((image, index) => ({
    pngName: `${keyImageBaseName(index)}.png`,
    caption: `${image.seriesDescription}, image ${image.instanceNumber ?? '?'}`,
    dicomName: `${keyImageBaseName(index)}.dcm`,
  }));
  return {
    html: teachingCaseHtml({ text: input.text, inventory, keyImages }),
    json: inventoryToJson(inventory, { teaching: true }),
    csv: inventoryToCsv(inventory, { teaching: true }),
  };
}

/** Renders the key images and checks both ZIPs once; `dicomBase64` are the 10 CT files. */
export async function setupTeaching(dicomBase64: readonly string[], inventory: EmhInventory): Promise<TeachingFacts> {
  const start = performance.now();
  const keyImages: TeachingKeyImageInput[] = [];
  for (const [index, text] of dicomBase64.entries()) {
    const dicom = fromBase64(text);
    const header = dicomParser.parseDicom(dicom, { untilTag: 'x7fe00010' });
    const instanceNumber = header.intString('x00200013') ?? null;
    keyImages.push({
      png: await keyImagePng(dicom, `L${index + 1} 4.2 x 2.8 cm`),
      dicom,
      seriesDescription: header.string('x0008103e') ?? '',
      instanceNumber,
    });
  }
  const input: TeachingZipInput = {
    text: {
      ...draftTeachingCase(inventory),
      title: 'Extramedullary hematopoiesis in beta-thalassemia',
      history: '34-year-old man with transfusion-dependent beta-thalassemia and back pain.',
      diagnosis: 'Extramedullary hematopoiesis',
      differential: ['Lymphoma', 'Neurogenic tumour'],
    },
    inventory,
    keyImages,
  };
  const documents = buildDocuments(input);
  teaching = { input, documents };
  const setupMs = performance.now() - start;

  const problems: string[] = [];
  const ours = await buildTeachingZip(input);
  const plain = await plainZip(keyImages);
  const entries = Object.values((await JSZip.loadAsync(ours)).files).filter((f) => !f.dir).length;
  const plainEntries = Object.values((await JSZip.loadAsync(plain)).files).filter((f) => !f.dir).length;
  if (entries !== 3 + 2 * keyImages.length) problems.push(`teaching ZIP has ${entries} entries, not ${3 + 2 * keyImages.length}`);
  if (plainEntries !== 2 * keyImages.length) problems.push(`plain ZIP has ${plainEntries} entries, not ${2 * keyImages.length}`);
  const pngSizes = keyImages.map((k) => k.png.length);
  return {
    keyImages: keyImages.length,
    pngWidth: CANVAS.width,
    pngHeight: CANVAS.height,
    pngBytesMin: Math.min(...pngSizes),
    pngBytesMax: Math.max(...pngSizes),
    pngBytesTotal: pngSizes.reduce((a, b) => a + b, 0),
    dicomBytesTotal: keyImages.reduce((sum, k) => sum + (k.dicom?.length ?? 0), 0),
    documentBytes: { html: documents.html.length, json: documents.json.length, csv: documents.csv.length },
    zipBytes: ours.length,
    plainZipBytes: plain.length,
    setupMs,
    problems,
  };
}

async function timedAsync(work: () => Promise<number>): Promise<{ ms: number; value: number }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

/**
 * buildTeachingZip beside the plain ZIP (order flipped on odd iterations), then, timed on
 * their own, the parts the plain ZIP does not do: de-identifying the 10 files, writing the
 * documents from the inventory, and compressing those documents.
 */
export async function teachingZipStep(index: number): Promise<StepSample> {
  const t = teaching;
  if (!t) throw new Error('setupTeaching() first');
  const ours = () => timedAsync(async () => (await buildTeachingZip(t.input)).length);
  const baseline = () => timedAsync(async () => (await plainZip(t.input.keyImages)).length);
  const [first, second] = index % 2 === 1 ? [await baseline(), await ours()] : [await ours(), await baseline()];
  const [o, b] = index % 2 === 1 ? [second, first] : [first, second];

  const uids = new UidRemapper();
  const deidentify = await timedAsync(async () =>
    t.input.keyImages.reduce((sum, image) => sum + (image.dicom ? deidentifyInstance(image.dicom, uids).bytes.length : 0), 0),
  );
  const documents = await timedAsync(async () => {
    const built = buildDocuments(t.input);
    return built.html.length + built.json.length + built.csv.length;
  });
  const compress = await timedAsync(async () => (await documentsZip(t.documents)).length);
  sink += o.value + b.value + deidentify.value + documents.value + compress.value;
  if (sink < 0) throw new Error('unreachable: keeps the sink alive');
  return {
    ours: o.ms,
    baseline: b.ms,
    parts: { deidentify: deidentify.ms, documents: documents.ms, compressDocuments: compress.ms },
  };
}
