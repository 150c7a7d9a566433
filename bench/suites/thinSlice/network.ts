/**
 * The pixel requests of a page as the browser's network layer saw them (Playwright's
 * requestfinished), for the "where the time goes" table. Resource timing in the page would miss
 * them once the viewer fetches from a worker (a worker has its own, 250-entry, timeline), so
 * the bench listens to the network instead; it sees page and worker requests alike.
 */
import type { Page } from '@playwright/test';
import type { ResourceSummary } from './pageSide';

interface Seen {
  startMs: number;
  responseStartMs: number;
  endMs: number;
  bytes: number;
}

export interface NetworkWatch {
  /** Times relative to the page's navigation start; waits for the events still being read. */
  summary(page: Page): Promise<ResourceSummary>;
  /** Resolves once `count` pixel requests have finished, or after `timeoutMs`. */
  settled(count: number, timeoutMs: number): Promise<void>;
}

export function watchPixelRequests(page: Page, pattern: string): NetworkWatch {
  const matching = new RegExp(pattern);
  const seen: Seen[] = [];
  const pending: Promise<unknown>[] = [];
  page.on('requestfinished', (request) => {
    if (!matching.test(request.url())) return;
    const t = request.timing();
    // responseStart/responseEnd are ms after startTime (epoch ms); -1 when unknown.
    const bytesOf = async (): Promise<number> => Number((await request.response())?.headers()['content-length'] ?? 0);
    pending.push(
      bytesOf()
        .catch(() => 0)
        .then((bytes) =>
          seen.push({ startMs: t.startTime, responseStartMs: t.startTime + t.responseStart, endMs: t.startTime + t.responseEnd, bytes }),
        ),
    );
  });
  return {
    settled: async (count, timeoutMs) => {
      const until = Date.now() + timeoutMs;
      while (seen.length < count && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 250));
    },
    summary: async (page) => {
      // A request's finished event can trail the page's own mark by a moment.
      await new Promise((resolve) => setTimeout(resolve, 200));
      await Promise.all(pending);
      const timeOrigin = (await page.evaluate('performance.timeOrigin')) as number;
      if (seen.length === 0) return { requests: 0, bodyBytes: 0 };
      const at = (epochMs: number): number => epochMs - timeOrigin;
      return {
        requests: seen.length,
        firstStartMs: at(Math.min(...seen.map((s) => s.startMs))),
        firstResponseMs: at(Math.min(...seen.map((s) => s.responseStartMs))),
        firstResponseEndMs: at(Math.min(...seen.map((s) => s.endMs))),
        lastResponseEndMs: at(Math.max(...seen.map((s) => s.endMs))),
        bodyBytes: seen.reduce((sum, s) => sum + s.bytes, 0),
      };
    },
  };
}
