/** Markdown of the exports suite: side-by-side ratios, the targets, raw iterations, method. */
import { fmt, table } from '../../runner/markdown';
import { median, percentile } from '../../runner/stats';
import type { CaseFacts, ExportStep, IterationSample, TeachingFacts } from './shared';

export interface ExportsSession {
  readonly facts: CaseFacts;
  readonly teaching: TeachingFacts;
  /** Iteration 0 is the first call in a fresh page (cold JIT); the rest are warm. */
  readonly iterations: readonly IterationSample[];
  /** Cores other processes kept busy during each iteration (from /proc); undefined off Linux. */
  readonly otherCores: readonly (number | undefined)[];
  readonly bundle: { readonly bytes: number; readonly ms: number };
}

const LABELS: Readonly<Record<ExportStep, { readonly ours: string; readonly baseline: string }>> = {
  inventory: { ours: '`store.inventory()` (the start of every export)', baseline: 'none (no counterpart)' },
  csv: { ours: '`inventoryToCsv`', baseline: "`rows.map(r => r.join(',')).join('\\n')` of the same cells" },
  json: { ours: '`inventoryToJson`', baseline: '`JSON.stringify` of the same object' },
  srExport: { ours: '`writeMeasurementReport`', baseline: 'dcmjs encoding of the same naturalized dataset' },
  srImport: { ours: 'read + restore + store (srImport.ts without drawing)', baseline: 'dcmjs `readFile` + `naturalizeDataset`' },
  teachingZip: {
    ours: '`buildTeachingZip`, 10 key images',
    baseline: 'JSZip of the same 20 input files, same compression (PNG stored, DICOM DEFLATE 1)',
  },
};

/** What a user's click costs: the viewer builds the inventory object, then formats it. */
interface Target {
  readonly label: string;
  readonly includes: string;
  readonly targetMs: number;
  /** Undefined for an iteration that did not run the step. */
  readonly click: (sample: IterationSample) => number | undefined;
}

const sum = (...values: (number | undefined)[]): number | undefined =>
  values.some((v) => v === undefined) ? undefined : values.reduce<number>((a, v) => a + (v ?? 0), 0);

const TARGETS: readonly Target[] = [
  { label: 'CSV', includes: 'inventory + CSV', targetMs: 50, click: (s) => sum(s.inventory?.ours, s.csv?.ours) },
  { label: 'JSON', includes: 'inventory + JSON', targetMs: 50, click: (s) => sum(s.inventory?.ours, s.json?.ours) },
  {
    label: 'SR export',
    includes: 'inventory + SR',
    targetMs: 1000,
    click: (s) => sum(s.inventory?.ours, s.srExport?.ours),
  },
  { label: 'SR import', includes: 'read + restore + store', targetMs: 1000, click: (s) => s.srImport?.ours },
  {
    label: 'Teaching ZIP with 10 key images',
    includes: 'inventory + ZIP (key-image capture not included)',
    targetMs: 3000,
    click: (s) => sum(s.inventory?.ours, s.teachingZip?.ours),
  },
];

const ms = (value: number | undefined) => fmt(value, value !== undefined && value < 10 ? 2 : 1, ' ms');

const defined = (values: readonly (number | null | undefined)[]): number[] => values.filter((v): v is number => typeof v === 'number');

function warm(session: ExportsSession): readonly IterationSample[] {
  return session.iterations.slice(1);
}

export function sideBySideTable(session: ExportsSession): string {
  const rows = (Object.keys(LABELS) as ExportStep[]).map((step) => {
    const ours = defined(warm(session).map((s) => s[step]?.ours));
    const base = defined(warm(session).map((s) => s[step]?.baseline));
    const oursMedian = median(ours);
    const baseMedian = median(base);
    const ratio = oursMedian !== undefined && baseMedian !== undefined && baseMedian > 0 ? oursMedian / baseMedian : undefined;
    return [
      LABELS[step].ours,
      String(ours.length),
      ms(oursMedian),
      ms(percentile(ours, 95)),
      LABELS[step].baseline,
      base.length ? ms(baseMedian) : '',
      base.length ? ms(percentile(base, 95)) : '',
      base.length ? fmt(ratio, 1, ' x') : '',
    ];
  });
  return table(['EMH step', 'Runs', 'Median', 'p95', 'Baseline', 'Median', 'p95', 'EMH / baseline (medians)'], rows);
}

export function targetTable(session: ExportsSession): string {
  const rows = TARGETS.map((target) => {
    const clicks = defined(warm(session).map(target.click));
    const first = session.iterations[0];
    const p95 = percentile(clicks, 95);
    const met = p95 === undefined ? 'n/a' : p95 < target.targetMs ? 'met' : '**not met**';
    const cold = first ? ms(target.click(first)) : 'n/a';
    return [target.label, target.includes, ms(median(clicks)), ms(p95), cold, `< ${target.targetMs} ms`, met];
  });
  return table(['Export', 'Timed', 'Median', 'p95', 'First call (cold)', 'Target', 'Met (p95)'], rows);
}

export function rawTable(session: ExportsSession): string {
  const pairText = (s: IterationSample, step: Exclude<ExportStep, 'inventory'>) => {
    const sample = s[step];
    return sample ? `${fmt(sample.ours, 1)} / ${fmt(sample.baseline ?? undefined, 1)}` : '';
  };
  const rows = session.iterations.map((s, i) => [
    i === 0 ? '0 (cold)' : String(i),
    fmt(s.inventory?.ours, 1),
    pairText(s, 'csv'),
    pairText(s, 'json'),
    pairText(s, 'srExport'),
    pairText(s, 'srImport'),
    pairText(s, 'teachingZip'),
    fmt(session.otherCores[i], 2),
  ]);
  return table(
    [
      'Iteration',
      'Inventory',
      'CSV EMH / base',
      'JSON EMH / base',
      'SR export EMH / base',
      'SR import EMH / base',
      'ZIP EMH / base',
      'Other CPU (cores)',
    ],
    rows,
  );
}

/**
 * Where the time of each export goes, from this run's medians: the share the inventory
 * object and the format's own work (the baseline) take, so a missed target points at its cause.
 */
export function shares(session: ExportsSession): string[] {
  const med = (step: ExportStep, side: 'ours' | 'baseline') =>
    median(defined(warm(session).map((s) => (side === 'ours' ? s[step]?.ours : s[step]?.baseline))));
  const pct = (part: number | undefined, whole: number | undefined) =>
    part !== undefined && whole !== undefined && whole > 0 ? `${Math.round((100 * part) / whole)} %` : 'n/a';
  const inventory = med('inventory', 'ours');
  const lines: string[] = [];
  for (const [label, step] of [
    ['CSV', 'csv'],
    ['JSON', 'json'],
  ] as const) {
    const format = med(step, 'ours');
    const total = inventory !== undefined && format !== undefined ? inventory + format : undefined;
    lines.push(`${label}: \`store.inventory()\` is ${pct(inventory, total)} of the click, the formatter ${pct(format, total)}.`);
  }
  const encode = med('srExport', 'baseline');
  const write = med('srExport', 'ours');
  lines.push(
    `SR export: dcmjs encoding the finished dataset alone takes ${ms(encode)}, the whole \`writeMeasurementReport\` ${ms(write)} ` +
      '(it builds the content tree, then encodes it in one pass with its own writer, part10Writer.ts, byte-identical to dcmjs).',
  );
  const part = (name: string) => median(defined(warm(session).map((s) => s.srImport?.parts?.[name])));
  lines.push(
    `SR import: dcmjs parsing alone takes ${ms(med('srImport', 'baseline'))}; the EMH import ${ms(med('srImport', 'ours'))}, of which ` +
      `reading the SR (its one-pass reader srParse.ts, dicom-parser for other syntaxes, then the content tree) ${ms(part('read'))}, restoring annotations and rows ${ms(part('restore'))}, ` +
      `adding them to the store in one batch ${ms(part('store'))} (medians).`,
  );
  const zipPart = (name: string) => median(defined(warm(session).map((s) => s.teachingZip?.parts?.[name])));
  lines.push(
    `Teaching ZIP: zipping the 20 input files alone takes ${ms(med('teachingZip', 'baseline'))}, \`buildTeachingZip\` ` +
      `${ms(med('teachingZip', 'ours'))}. Timed apart in the same iterations: de-identifying the 10 DICOM files ${ms(zipPart('deidentify'))}, ` +
      `writing case.html, inventory.json and lesions.csv from the inventory (UIDs remapped) ${ms(zipPart('documents'))}, ` +
      `compressing those three ${ms(zipPart('compressDocuments'))} (medians).`,
  );
  return lines.map((line) => `- ${line}`);
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

/** What went into the teaching ZIP and what its timing leaves out. */
export function teachingSection(session: ExportsSession): string[] {
  const t = session.teaching;
  return [
    '### Teaching ZIP: what is in it',
    '',
    `- Inputs: the 1,000-lesion inventory above (the same \`store.inventory()\` object the CSV, JSON and SR are written from) and ${t.keyImages} key images: ` +
      `slices 5, 10, ... 50 of the sample's unenhanced CT (sample-dicom/output/ct-nc, ${kib(t.dicomBytesTotal)} of DICOM in all), and for each a PNG ` +
      `rendered in the page from that slice (soft-tissue window, fitted into a ${t.pngWidth} x ${t.pngHeight} canvas: the bench viewer's 676 x 722 viewport at a device pixel ratio of 1.25, ` +
      `with a bidirectional measurement, an ROI and their labels drawn in) and encoded with \`canvas.toBlob\` as the viewer's key-image capture does: ` +
      `${kib(t.pngBytesMin)} to ${kib(t.pngBytesMax)}, ${kib(t.pngBytesTotal / Math.max(t.keyImages, 1))} on average.`,
    `- Output: ${(t.zipBytes / 1024 / 1024).toFixed(2)} MiB (the plain ZIP of the 20 inputs: ${(t.plainZipBytes / 1024 / 1024).toFixed(2)} MiB), ` +
      `with case.html (${kib(t.documentBytes.html)}), inventory.json (${kib(t.documentBytes.json)}) and lesions.csv (${kib(t.documentBytes.csv)}) ` +
      `in their teaching form. The case text is the viewer's draft (findings written from the inventory) plus a title, history, diagnosis and differential. ` +
      `Rendering the PNGs and the first ZIPs took ${fmt(t.setupMs, 0)} ms (not timed).`,
    '- Not included: capturing the key images from the live viewport (the viewer shows each image, waits for it and its annotations to be drawn, ' +
      "then encodes the canvas), which `emh.export('teaching')` does before `buildTeachingZip`, nor the download. The key images' DICOM are other " +
      "images than the ones the 1,000 lesions' references name (the case's UIDs are the fixtures'), so the captions list no lesions; finding them costs the same.",
  ];
}

export function factsLine(facts: CaseFacts): string {
  return (
    `Case: ${facts.lesions.toLocaleString('en')} lesions, ${facts.annotations.toLocaleString('en')} annotations on ${facts.images} images ` +
    `(each lesion: CT axes + HU ROI, T1 and T2 signal ROIs; plus the sample's muscle references, liver and spleen ROIs, ` +
    `a liver call override and two series contrast decisions). Output: CSV ${kib(facts.csvBytes)}, JSON ${kib(facts.jsonBytes)}, ` +
    `SR ${kib(facts.srBytes)}. Built in the page in ${fmt(facts.setupMs, 0)} ms (not timed below).`
  );
}

export const METHOD_NOTES = [
  '### Method',
  '',
  '- **Where**: in Chromium, because that is where the viewer runs the exporters. The suite bundles `bench/suites/exports/page/entry.ts` in-process with esbuild (target es2022, minified: the transformer and minifier of the production build), opens it in one fresh headless Chromium (blank page, no server, no dist/ needed) and drives it with `page.evaluate`, one call per iteration. Node (tsx) would run the same code on the same V8, but with another heap and flags than the renderer the user has.',
  "- **Data**: one case of 1,000 lesions built through the real inventory store with the unit fixtures' helpers (`sampleCase.fixture`, `sampleReport.fixture`: image facts, ROI outlines, case context), annotation UIDs in UUID form as Cornerstone makes them. CSV, JSON and SR are written from the same `store.inventory()` object.",
  '- **Side by side**: every iteration times each EMH step and then its baseline, in the same page, on the same input; odd iterations run the baseline first. Ratios are EMH median / baseline median over the warm iterations ("Runs"). The baselines say what the formats cost by themselves: a naive join of the same CSV cells (no quoting, number formatting or formula guard), `JSON.stringify` without indentation (the export indents by 2), dcmjs `denaturalizeDataset` + `DicomDict.write` of the very dataset `writeMeasurementReport` builds (checked byte-identical), and dcmjs `DicomMessage.readFile` + `naturalizeDataset` of the same SR bytes. So the SR export ratio is the cost of building the TID 1500 content tree over pure encoding, and the import ratio the cost of interpreting and restoring over pure parsing.',
  "- **Teaching ZIP**: `buildTeachingZip` exactly as `emh.export('teaching')` calls it (teachingExport.ts), timed until its `generateAsync` resolves, beside JSZip zipping the same 10 PNGs (stored) and 10 DICOM files (DEFLATE level 1) into the same folders with the same default (DEFLATE 6): the difference is de-identification, the patient check of the text, the UID remap of the inventory, and writing and compressing case.html, inventory.json and lesions.csv. Those parts are timed again on their own after the pair (bench/suites/exports/page/teachingZipStep.ts). JSZip yields to the event loop between chunks, so these are wall-clock times of an otherwise idle page, as a click has them.",
  '- **Targets** are judged on the p95 of what a click costs, as the viewer runs it: `store.inventory()` then the formatter (the SR export also writes its content tree), and for the import reading, restoring and adding every annotation to an empty store in one batch (`applyRestoredInventory`, which srImport.ts calls); the import\'s Cornerstone side (world coordinates, drawing) and the file download are not included. "First call (cold)" is iteration 0 in the fresh page, before the JIT has seen the code: what the first export of a session costs. Before the session the bench waits up to `--idle-wait` seconds for other processes to leave the CPU; `--runs` does not apply (one session).',
  '- `performance.now()` in a page without cross-origin isolation ticks in 0.1 ms steps, well below the figures here.',
].join('\n');
