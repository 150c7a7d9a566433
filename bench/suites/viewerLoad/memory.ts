/**
 * Memory after load. performance.memory.usedJSHeapSize leaves out ArrayBuffer backing
 * stores, which is where decoded pixels live, so it would make any viewer look tiny.
 * Instead, after a forced GC:
 *  - CDP Runtime.getHeapUsage on the page: V8 heap in use plus backingStorageSize
 *    (ArrayBuffer bytes) of the main thread; their sum is compared with raw pixel bytes;
 *  - PSS of the largest renderer process from /proc, which also covers decode workers,
 *    canvases and compiled code (context, not held to the 1.3x target).
 * measureUserAgentSpecificMemory() would need cross-origin isolation headers, which
 * change how Cornerstone allocates (SharedArrayBuffer), so it is not used.
 */
import { readFileSync } from 'node:fs';
import type { FreshBrowser } from '../../runner/browser';

export interface MemorySample {
  jsHeapBytes: number;
  arrayBufferBytes: number;
  rendererPssBytes?: number;
}

function pssBytes(pid: number): number | undefined {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const kib = /^Pss:\s+(\d+) kB/m.exec(rollup)?.[1];
    return kib === undefined ? undefined : Number(kib) * 1024;
  } catch {
    return undefined; // not Linux, or the process is gone
  }
}

async function largestRendererPss(fresh: FreshBrowser): Promise<number | undefined> {
  const session = await fresh.browser.newBrowserCDPSession();
  try {
    const { processInfo } = await session.send('SystemInfo.getProcessInfo');
    const sizes = processInfo.filter((p) => p.type === 'renderer').map((p) => pssBytes(p.id) ?? 0);
    return sizes.length > 0 ? Math.max(...sizes) : undefined;
  } finally {
    await session.detach();
  }
}

export async function sampleMemory(fresh: FreshBrowser): Promise<MemorySample> {
  const cdp = await fresh.context.newCDPSession(fresh.page);
  try {
    // Two passes: the first can leave objects whose finalizers free more on the second.
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const usage = await cdp.send('Runtime.getHeapUsage');
    return {
      jsHeapBytes: usage.usedSize,
      arrayBufferBytes: usage.backingStorageSize,
      rendererPssBytes: await largestRendererPss(fresh),
    };
  } finally {
    await cdp.detach();
  }
}
