/**
 * One measured page in a fresh browser: error capture, CPU-contention meter, and a wait
 * until the page's series is loaded, so background decoding does not compete with the
 * interaction being timed.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { PageKind } from '../../runner/args';
import { launchFresh, type FreshBrowser } from '../../runner/browser';
import { buildId } from '../../runner/build';
import { ContentionMeter } from '../../runner/contention';
import { BASELINE_DIST, BENCH_DIR } from '../../runner/paths';
import { MARK_SERIES_LOADED } from '../../shared/emhContract';

const READY_TIMEOUT_MS = 60_000;
/** A just-launched browser is still busy starting up on a 2-core machine; let it settle. */
const SETTLE_MS = 1_000;

export interface Session {
  fresh: FreshBrowser;
  page: Page;
  /** Page errors, console errors and HTTP failures, in order. */
  errors: string[];
  /** Screenshot into bench/dist/failures (gitignored); returns the repo-relative path. */
  screenshot(): Promise<string | undefined>;
  /** Closes the browser; returns the cores other processes kept busy meanwhile. */
  close(): Promise<number | undefined>;
}

/** `label` names the failure screenshot, e.g. `roi-viewer-run2`. */
export async function openSession(url: string, label: string): Promise<Session> {
  const fresh = await launchFresh();
  const { page } = fresh;
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console.error: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`HTTP ${r.status()} ${new URL(r.url()).pathname}`);
  });
  const contention = new ContentionMeter();
  const session: Session = {
    fresh,
    page,
    errors,
    screenshot: async () => {
      const shot = path.join(BENCH_DIR, 'dist', 'failures', `emhTools-${label}.png`);
      try {
        await page.screenshot({ path: shot });
        return path.relative(path.dirname(BENCH_DIR), shot);
      } catch {
        return undefined; // the page may have crashed; the error text is what matters
      }
    },
    close: async () => {
      const other = contention.end();
      await fresh.close();
      return other;
    },
  };
  try {
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    contention.begin();
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction('window.emh && window.emh.ready', undefined, { timeout: READY_TIMEOUT_MS });
    await page.evaluate('Promise.resolve(window.emh.ready).then(() => true)');
    const loaded = `performance.getEntriesByName(${JSON.stringify(MARK_SERIES_LOADED)}, 'mark').length > 0`;
    await page.waitForFunction(loaded, undefined, { timeout: READY_TIMEOUT_MS, polling: 250 });
  } catch (error) {
    const shot = await session.screenshot();
    await session.close();
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new Error(`page not ready: ${reason}${shot ? ` (screenshot: ${shot})` : ''}`);
  }
  return session;
}

/** Runs a command through the page's window.emh (viewer or baseline), from Node. */
export function runCommand(page: Page, name: string, args: Record<string, unknown>): Promise<unknown> {
  return page.evaluate(`window.emh.commands.run(${JSON.stringify(name)}, ${JSON.stringify(args)})`);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Build hash of the page a run used: the viewer's dist/, or the baseline ROI page (roi/index.html). */
export function pageBuildId(kind: PageKind): string {
  if (kind === 'viewer') return buildId('viewer');
  try {
    return createHash('sha1')
      .update(readFileSync(path.join(BASELINE_DIST, 'roi', 'index.html')))
      .digest('hex')
      .slice(0, 8);
  } catch {
    return 'missing';
  }
}
