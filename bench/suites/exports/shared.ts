/**
 * What the exports bench page and the runner exchange. Plain data only: it crosses
 * page.evaluate as JSON.
 */

/**
 * Timed in this order; each EMH step beside its baseline, alternating which goes first.
 * The teaching ZIP runs before the SR steps, which leave tens of megabytes of garbage:
 * after them, the first ZIP of a pair paid for collecting it (the plain ZIP read 250-340 ms
 * instead of 60), so the pair compared unlike with like. The iterations that run the SR
 * steps are still slower for whatever runs next, as a session after an SR export would be.
 */
export const STEPS = ['inventory', 'csv', 'json', 'teachingZip', 'srExport', 'srImport'] as const;

/** The SR steps take seconds each with 1,000 lesions, so they run fewer iterations. */
export const SLOW_STEPS: readonly ExportStep[] = ['srExport', 'srImport'];

export type ExportStep = (typeof STEPS)[number];

/** Milliseconds; `baseline` is null for a step with no counterpart. */
export interface StepSample {
  readonly ours: number;
  readonly baseline: number | null;
  /** Where the EMH side's time went, for steps that say (the import: read, restore, store). */
  readonly parts?: Readonly<Record<string, number>>;
}

/** The steps an iteration ran (the SR steps take seconds, so they run fewer iterations). */
export type IterationSample = Partial<Readonly<Record<ExportStep, StepSample>>>;

/** The case the page built, and the checks that the two sides of each step did the same work. */
export interface CaseFacts {
  readonly lesions: number;
  readonly annotations: number;
  readonly images: number;
  readonly csvBytes: number;
  readonly jsonBytes: number;
  readonly srBytes: number;
  readonly setupMs: number;
  readonly userAgent: string;
  /** Failed checks; empty when every step's output was verified. */
  readonly problems: readonly string[];
}

/** The teaching ZIP's inputs and outputs (page/teachingZipStep.ts), and its checks. */
export interface TeachingFacts {
  readonly keyImages: number;
  readonly pngWidth: number;
  readonly pngHeight: number;
  readonly pngBytesMin: number;
  readonly pngBytesMax: number;
  readonly pngBytesTotal: number;
  readonly dicomBytesTotal: number;
  /** UTF-16 code units of case.html, inventory.json and lesions.csv (ASCII almost throughout). */
  readonly documentBytes: { readonly html: number; readonly json: number; readonly csv: number };
  readonly zipBytes: number;
  readonly plainZipBytes: number;
  /** Rendering the key images and writing the documents once (not timed below). */
  readonly setupMs: number;
  readonly problems: readonly string[];
}

/** Name of the page global the bundle defines. */
export const PAGE_GLOBAL = 'emhExportsBench';

export interface ExportsBenchApi {
  setup(lesionCount: number): CaseFacts;
  /** After setup(): the 10 key images' DICOM files (base64), for the teaching ZIP. */
  setupTeaching(dicomBase64: readonly string[]): Promise<TeachingFacts>;
  /** Async because the ZIP is (JSZip's generateAsync); the other steps run synchronously inside. */
  iteration(index: number, steps: readonly ExportStep[]): Promise<IterationSample>;
}
