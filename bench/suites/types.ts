/**
 * A bench suite measures one aspect of the viewer against the baseline and returns a
 * markdown section for bench/results.md. New benchmarks (ROI statistics while dragging,
 * lesion panel rendering, exports, DICOMweb) are added as further suites in suites/index.ts.
 */
import type { BenchArgs, PageKind } from '../runner/args';
import type { BuildStatus } from '../runner/build';
import type { BenchServer } from '../runner/server';

export interface SuiteContext {
  args: BenchArgs;
  server: BenchServer;
  /** Build state of each page; a suite skips pages that are unavailable or excluded by --only. */
  pages: Record<PageKind, BuildStatus>;
  log(line: string): void;
}

export interface Suite {
  name: string;
  /** Pages the suite loads, so the runner builds only those; both when not given. */
  pages?: readonly PageKind[];
  run(ctx: SuiteContext): Promise<string>;
}

export function pagesToRun(ctx: SuiteContext): PageKind[] {
  const all: PageKind[] = ['baseline', 'viewer'];
  return all.filter((p) => ctx.pages[p].available && (ctx.args.only === undefined || ctx.args.only === p));
}
