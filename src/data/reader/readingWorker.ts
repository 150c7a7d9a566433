import type { FirstLookRequest, ReadReply, ReadRequest } from './readerMessages';

/** What a reader needs of a Worker (a test gives it one that answers in-process). */
export interface ReadingWorker {
  onmessage: ((event: MessageEvent<ReadReply>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  postMessage(message: ReadRequest | FirstLookRequest, transfer: Transferable[]): void;
  terminate(): void;
}

/** A reading worker (instanceReader.worker.ts), or null where workers cannot start. */
export function startReadingWorker(name = 'reader'): ReadingWorker | null {
  try {
    return new Worker(/* webpackChunkName: "reader" */ new URL('./instanceReader.worker.ts', import.meta.url), {
      name,
    }) as unknown as ReadingWorker;
  } catch {
    return null;
  }
}
