/**
 * The exports bench page (bundled by ../bundle.ts, run in a fresh Chromium): the
 * exporters and the SR import exactly as the viewer calls them, each timed beside its
 * baseline on the same data in the same iteration.
 *
 * - inventory: `store.inventory()`, which every CSV / JSON / SR export starts with (no baseline).
 * - csv: `inventoryToCsv(inventory)` vs `rows.map(r => r.join(',')).join('\n')` of the same cells.
 * - json: `inventoryToJson(inventory)` vs `JSON.stringify(inventory)`.
 * - srExport: `writeMeasurementReport(input)` vs dcmjs encoding the same naturalized dataset.
 * - srImport: read, restore and apply into an empty store (srImport.ts without the Cornerstone
 *   drawing) vs dcmjs `DicomMessage.readFile` + `naturalizeDataset` of the same bytes.
 * - teachingZip: `buildTeachingZip` with 10 key images vs JSZip of the same 20 input files
 *   (teachingZipStep.ts).
 */

import { encodePart10 } from '../../../../src/data/dcmjs';
import { CSV_COLUMNS, inventoryCsvRows, inventoryToCsv } from '../../../../extensions/emh/export/rules/inventoryCsv';
import type { CsvCell } from '../../../../extensions/emh/export/rules/csvFormat';
import { inventoryToJson } from '../../../../extensions/emh/export/rules/inventoryJson';
import {
  CASE_CONTEXT,
  FIXED_NOW,
  deterministicUids,
  restoreOptions,
  sampleImageFacts,
  sampleOutline,
} from '../../../../extensions/emh/sr/rules/sampleReport.fixture';
import { applyRestoredInventory } from '../../../../extensions/emh/sr/rules/srApply';
import { readMeasurementReport } from '../../../../extensions/emh/sr/rules/srRead';
import { restoreInventory } from '../../../../extensions/emh/sr/rules/srRestore';
import type { MeasurementReportInput } from '../../../../extensions/emh/sr/rules/srTypes';
import { measurementReportDataset, SR_PART10_META, writeMeasurementReport } from '../../../../extensions/emh/sr/rules/srWrite';
import { createInventoryStore, type EmhInventoryStore } from '../../../../extensions/emh/inventory/rules/inventoryStore';
import type { EmhInventory } from '../../../../extensions/emh/inventory/rules/inventoryTypes';
import { PAGE_GLOBAL, type CaseFacts, type ExportStep, type ExportsBenchApi, type IterationSample, type StepSample } from '../shared';
import { dcmjsReadNaturalized } from './dcmjsRead';
import { manyLesionStore } from './manyLesionCase';
import { setupTeaching, teachingZipStep } from './teachingZipStep';

interface Prepared {
  readonly store: EmhInventoryStore;
  readonly inventory: EmhInventory;
  readonly cells: readonly (readonly CsvCell[])[];
  readonly srInput: () => MeasurementReportInput;
  readonly srDataset: ReturnType<typeof measurementReportDataset>;
  readonly srBytes: Uint8Array;
  readonly srBuffer: ArrayBuffer;
}

let prepared: Prepared | null = null;
/** Every result feeds this, so no timed call can be optimised away as unused. */
let sink = 0;

function timed(work: () => number): number {
  const start = performance.now();
  sink += work();
  return performance.now() - start;
}

/** The parts of the last import, so a missed target points at the part to work on. */
let importParts: Record<string, number> = {};

/** Same as the viewer's import (srImport.ts) minus drawing: returns the store it filled. */
function importReport(bytes: Uint8Array): { store: EmhInventoryStore; problems: string[] } {
  const t0 = performance.now();
  const read = readMeasurementReport(bytes);
  const t1 = performance.now();
  const restored = restoreInventory(read, restoreOptions);
  const t2 = performance.now();
  const store = createInventoryStore();
  const refused = applyRestoredInventory(store, restored);
  importParts = { read: t1 - t0, restore: t2 - t1, store: performance.now() - t2 };
  return { store, problems: [...read.notUnderstood, ...restored.notRestored, ...refused] };
}

/** The naive CSV: no quoting, no formula guard, no number formatting. */
function naiveCsv(cells: Prepared['cells']): string {
  return cells.map((r) => r.join(',')).join('\n');
}

function verify(p: Prepared, count: number): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  const csv = inventoryToCsv(p.inventory);
  check(csv.split('\r\nlesion,').length - 1 === count, `CSV has not ${count} lesion rows`);
  check(naiveCsv(p.cells).split('\n').length === p.cells.length, 'naive CSV row count differs');
  check((JSON.parse(inventoryToJson(p.inventory)) as EmhInventory).lesions.length === count, 'JSON lesion count');
  const again = encodePart10(p.srDataset, SR_PART10_META);
  check(
    again.length === p.srBytes.length && again.every((b, i) => b === p.srBytes[i]),
    'dcmjs encoding of the dataset differs from writeMeasurementReport',
  );
  const imported = importReport(p.srBytes);
  problems.push(...imported.problems.map((line) => `import: ${line}`));
  const back = imported.store.inventory(CASE_CONTEXT);
  check(back.lesions.length === count, `import restored ${back.lesions.length} of ${count} lesions`);
  check(back.liver.callOverride === p.inventory.liver.callOverride, 'import lost the liver call override');
  const naturalized = dcmjsReadNaturalized(p.srBuffer);
  check(naturalized.SOPInstanceUID === p.srDataset.SOPInstanceUID, 'dcmjs read another SOP instance');
  return problems;
}

function setup(lesionCount: number): CaseFacts {
  const start = performance.now();
  const store = manyLesionStore(lesionCount);
  const inventory = store.inventory(CASE_CONTEXT);
  const cells = inventoryCsvRows(inventory).map((row) => CSV_COLUMNS.map((column) => row[column] ?? null));
  const srInput = (): MeasurementReportInput => ({
    inventory,
    annotations: store.state().annotations,
    images: sampleImageFacts,
    roiOutline: sampleOutline,
    observerName: 'Radiologist^Bench',
    now: FIXED_NOW,
    newUid: deterministicUids(),
  });
  const srBytes = writeMeasurementReport(srInput());
  const srBuffer = srBytes.slice().buffer;
  prepared = { store, inventory, cells, srInput, srDataset: measurementReportDataset(srInput()), srBytes, srBuffer };
  const setupMs = performance.now() - start;
  const images = new Set(store.state().annotations.map((a) => a.ref.sopInstanceUID)).size;
  return {
    lesions: inventory.lesions.length,
    annotations: store.state().annotations.length,
    images,
    csvBytes: new TextEncoder().encode(inventoryToCsv(inventory)).length,
    jsonBytes: new TextEncoder().encode(inventoryToJson(inventory)).length,
    srBytes: srBytes.length,
    setupMs,
    userAgent: navigator.userAgent,
    problems: verify(prepared, lesionCount),
  };
}

/** One EMH step and its baseline, the order flipped on odd iterations. */
function pair(index: number, ours: () => number, baseline: () => number): StepSample {
  if (index % 2 === 1) {
    const b = timed(baseline);
    return { ours: timed(ours), baseline: b };
  }
  const o = timed(ours);
  return { ours: o, baseline: timed(baseline) };
}

/** Both SR writers must keep producing the report checked in setup() (same length at least). */
function sameLength(bytes: Uint8Array, expected: number, what: string): number {
  if (bytes.length !== expected) throw new Error(`${what} wrote ${bytes.length} bytes, not ${expected}`);
  return bytes.length;
}

async function runStep(p: Prepared, step: ExportStep, index: number): Promise<StepSample> {
  switch (step) {
    case 'inventory':
      return { ours: timed(() => p.store.inventory(CASE_CONTEXT).lesions.length), baseline: null };
    case 'csv':
      return pair(
        index,
        () => inventoryToCsv(p.inventory).length,
        () => naiveCsv(p.cells).length,
      );
    case 'json':
      return pair(
        index,
        () => inventoryToJson(p.inventory).length,
        () => JSON.stringify(p.inventory).length,
      );
    case 'srExport':
      return pair(
        index,
        () => sameLength(writeMeasurementReport(p.srInput()), p.srBytes.length, 'writeMeasurementReport'),
        () => sameLength(encodePart10(p.srDataset, SR_PART10_META), p.srBytes.length, 'dcmjs'),
      );
    case 'srImport': {
      const sample = pair(
        index,
        () => importReport(p.srBytes).store.lesionIds().length,
        () => Object.keys(dcmjsReadNaturalized(p.srBuffer)).length,
      );
      return { ...sample, parts: importParts };
    }
    case 'teachingZip':
      return teachingZipStep(index);
  }
}

async function iteration(index: number, steps: readonly ExportStep[]): Promise<IterationSample> {
  const p = prepared;
  if (!p) throw new Error('setup() first');
  const result: Partial<Record<ExportStep, StepSample>> = {};
  for (const step of steps) result[step] = await runStep(p, step, index);
  if (sink < 0) throw new Error('unreachable: keeps the sink alive');
  return result;
}

/** The teaching ZIP takes the same 1,000-lesion inventory the other exports write. */
function setupTeachingCase(dicomBase64: readonly string[]): ReturnType<ExportsBenchApi['setupTeaching']> {
  if (!prepared) throw new Error('setup() first');
  return setupTeaching(dicomBase64, prepared.inventory);
}

const api: ExportsBenchApi = { setup, setupTeaching: setupTeachingCase, iteration };
Object.assign(window, { [PAGE_GLOBAL]: api });
