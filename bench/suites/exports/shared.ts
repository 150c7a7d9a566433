/**
 * What the exports bench page and the runner exchange. Plain data only: it crosses
 * page.evaluate as JSON.
 */

/**
 * Timed in this order; each EMH step beside its baseline, alternating which goes first.
 * The teaching ZIP joins them with the teaching export (see PENDING in report.ts).
 */
export const STEPS = ['inventory', 'csv', 'json', 'srExport', 'srImport'] as const;

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

/** Name of the page global the bundle defines. */
export const PAGE_GLOBAL = 'emhExportsBench';

export interface ExportsBenchApi {
  setup(lesionCount: number): CaseFacts;
  iteration(index: number, steps: readonly ExportStep[]): IterationSample;
}
