/** Command-line options of `npm run bench -- [options]`. */

export type PageKind = 'baseline' | 'viewer';

export interface BenchArgs {
  /** Runs per page; medians want at least 3 (1 is allowed while developing a suite). */
  runs: number;
  /** Restrict to one page, e.g. while the viewer has no production build yet. */
  only?: PageKind;
  /** Suite names to run (default: all). */
  suites: string[];
  /** Max seconds to wait before each run for other processes to leave the CPU idle (0: don't). */
  idleWaitSeconds: number;
  /** Run `npm run build` even when dist/index.html exists (e.g. dist/ is older than src/). */
  rebuildViewer: boolean;
}

export const USAGE = `usage: npm run bench -- [--runs N (default 3; 1 while developing)] [--only baseline|viewer] [--suite NAME]... [--idle-wait SECONDS (default 30, 0 = off)] [--rebuild-viewer]`;

export function parseArgs(argv: readonly string[]): BenchArgs {
  const args: BenchArgs = { runs: 3, suites: [], idleWaitSeconds: 30, rebuildViewer: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--runs' && value !== undefined) {
      args.runs = Number.parseInt(value, 10);
      i++;
    } else if (flag === '--only' && (value === 'baseline' || value === 'viewer')) {
      args.only = value;
      i++;
    } else if (flag === '--idle-wait' && value !== undefined && Number.isFinite(Number(value))) {
      args.idleWaitSeconds = Math.max(0, Number(value));
      i++;
    } else if (flag === '--rebuild-viewer') {
      args.rebuildViewer = true;
    } else if (flag === '--suite' && value !== undefined) {
      args.suites.push(value);
      i++;
    } else {
      throw new Error(`unknown or incomplete option ${flag}\n${USAGE}`);
    }
  }
  if (!Number.isInteger(args.runs) || args.runs < 1) {
    throw new Error(`--runs must be a positive integer\n${USAGE}`);
  }
  return args;
}
