/**
 * Memory of the browser's processes from /proc (Linux), found through CDP
 * SystemInfo.getProcessInfo: the GPU process (SwiftShader here: the volume's 3D texture lives
 * in its ordinary memory) and the largest renderer (the page, decoded images, canvases).
 */
import { readFileSync } from 'node:fs';
import type { FreshBrowser } from '../../runner/browser';

export interface ProcessMemory {
  /** Resident set of the GPU process(es): every page it has touched, shared libraries in full. */
  gpuRssBytes?: number;
  /** Proportional set size of the GPU process(es): shared pages split among their users. */
  gpuPssBytes?: number;
  rendererPssBytes?: number;
}

function procKib(path: string, field: RegExp): number | undefined {
  try {
    const kib = field.exec(readFileSync(path, 'utf8'))?.[1];
    return kib === undefined ? undefined : Number(kib) * 1024;
  } catch {
    return undefined; // not Linux, or the process is gone
  }
}

const sum = (values: (number | undefined)[]): number | undefined =>
  values.some((v) => v !== undefined) ? values.reduce<number>((a, v) => a + (v ?? 0), 0) : undefined;

export async function processMemory(fresh: FreshBrowser): Promise<ProcessMemory> {
  const session = await fresh.browser.newBrowserCDPSession();
  try {
    const { processInfo } = await session.send('SystemInfo.getProcessInfo');
    const gpu = processInfo.filter((p) => p.type.toLowerCase() === 'gpu').map((p) => p.id);
    const renderers = processInfo
      .filter((p) => p.type === 'renderer')
      .map((p) => procKib(`/proc/${p.id}/smaps_rollup`, /^Pss:\s+(\d+) kB/m) ?? 0);
    return {
      gpuRssBytes: sum(gpu.map((pid) => procKib(`/proc/${pid}/status`, /^VmRSS:\s+(\d+) kB/m))),
      gpuPssBytes: sum(gpu.map((pid) => procKib(`/proc/${pid}/smaps_rollup`, /^Pss:\s+(\d+) kB/m))),
      rendererPssBytes: renderers.length > 0 ? Math.max(...renderers) : undefined,
    };
  } finally {
    await session.detach();
  }
}

export interface HeapSample {
  /** CDP Runtime.getHeapUsage usedSize after two forced GCs: V8 objects of the page's main thread. */
  jsHeapBytes: number;
  /** backingStorageSize: ArrayBuffer bytes of the main thread (decoded pixels live there). */
  arrayBufferBytes: number;
  /** performance.memory.usedJSHeapSize (Chromium): what a page can read itself; Chromium 156 counts ArrayBuffers in it. */
  perfMemoryBytes?: number;
}

export async function heapSample(fresh: FreshBrowser): Promise<HeapSample> {
  const cdp = await fresh.context.newCDPSession(fresh.page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const usage = await cdp.send('Runtime.getHeapUsage');
    const perf = (await fresh.page.evaluate('(performance.memory && performance.memory.usedJSHeapSize) || null')) as number | null;
    return { jsHeapBytes: usage.usedSize, arrayBufferBytes: usage.backingStorageSize, ...(perf === null ? {} : { perfMemoryBytes: perf }) };
  } finally {
    await cdp.detach();
  }
}
