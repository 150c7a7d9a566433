import { parseHeaderCopy, readInstance } from '../readInstance';
import { readSourceBytes } from '../instanceStore';
import { hasEarlyResponse } from '../earlyFetch';
import type { InstanceSource } from '../types';
import { thisThreadReader, type InstanceReader, type ReadOutcome } from './instanceReader';
import { unreadReason, type ReadReply, type ReadRequest } from './readerMessages';
import { startReadingWorker, type ReadingWorker } from './readingWorker';
import { takeEarlyRead, takeEarlyWorker } from './earlyReading';

/** Uncompressed syntaxes: their frames take no decoding worth a second worker. */
const NATIVE_SYNTAXES = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1', '1.2.840.10008.1.2.1.99', '1.2.840.10008.1.2.2']);

type Pending = { resolve: (outcome: ReadOutcome) => void; source: InstanceSource };

export type { ReadingWorker };

export interface WorkerReaderOptions {
  /**
   * At most this many reading workers, files dealt out in turn. One starts; more start once a
   * compressed image arrives: decoding is then the load and wants every core, while an
   * uncompressed series leaves the other core to drawing (scrolling while it loads).
   */
  workers: number;
  /** Whether Cornerstone draws float pixels here (a non-integer rescale is applied only then). */
  canRenderFloat: boolean;
  start?: () => ReadingWorker | null;
}

/**
 * Reads sources in reading workers (instanceReader.worker.ts): URLs, files and WADO-RS frames
 * are fetched there. The first files were handed to a worker before the bundle loaded
 * (earlyReading.ts): that worker becomes this reader's first, and its answers are taken as
 * they are. A PACS's opening frames (asked for early) and documents from a PACS are read here.
 * If a worker cannot start or dies, what it held is read here instead: a file is never lost
 * to a worker.
 */
export class WorkerReader implements InstanceReader {
  private workers: ReadingWorker[];
  private turn = 0;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private readonly canRenderFloat: boolean;
  private readonly start: () => ReadingWorker | null;
  private readonly most: number;
  private failed = false;

  constructor(options: WorkerReaderOptions) {
    this.canRenderFloat = options.canRenderFloat;
    this.start = options.start ?? startReadingWorker;
    this.most = Math.max(1, options.workers);
    this.workers = [];
    this.addWorker();
  }

  /** How many reading workers are running. */
  get running(): number {
    return this.workers.length;
  }

  private addWorker(): void {
    if (this.failed || this.workers.length >= this.most) return;
    // The worker that read the first files while the bundle loaded is the first one.
    const worker = (this.workers.length === 0 ? takeEarlyWorker() : null) ?? this.start();
    if (!worker) return;
    worker.onmessage = (event) => this.settle(event.data);
    worker.onerror = () => this.fail();
    this.workers.push(worker);
  }

  read(source: InstanceSource): Promise<ReadOutcome> {
    const early = takeEarlyRead(earlyReadUrl(source));
    if (early) return new Promise((resolve) => void early.then((reply) => this.answer(reply, { resolve, source })));
    const worker = this.workers[this.turn++ % Math.max(1, this.workers.length)];
    // Early answers no worker took (a PACS's opening frames; any early file when no worker
    // could start) are the first images: read here, at once.
    if (!worker || startedEarly(source)) return thisThreadReader.read(source);
    const id = this.nextId++;
    return new Promise<ReadOutcome>((resolve) => {
      this.pending.set(id, { resolve, source });
      void this.request(id, source).then(
        (request) => worker.postMessage(request, request.kind === 'bytes' ? [request.bytes.buffer] : []),
        (error: unknown) => this.settle({ id, kind: 'unread', reason: unreadReason(error) }),
      );
    });
  }

  private async request(id: number, source: InstanceSource): Promise<ReadRequest> {
    const canRenderFloat = this.canRenderFloat;
    if (source.kind === 'file') return { id, kind: 'blob', blob: source.blob, canRenderFloat };
    if (source.kind === 'url') return { id, kind: 'url', url: source.url, canRenderFloat };
    const wado = source.kind === 'dicomweb' ? source.reader.frameRequest?.(source.metadata) : null;
    if (wado) return { id, kind: 'wado', ...wado, metadata: source.metadata, canRenderFloat };
    return { id, kind: 'bytes', bytes: await readSourceBytes(source), canRenderFloat };
  }

  private settle(reply: ReadReply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    this.answer(reply, pending);
  }

  private answer(reply: ReadReply, pending: Pending): void {
    const again = (): void => void thisThreadReader.read(pending.source).then(pending.resolve);
    // Pixels decoded for another float answer than this reader's (an early read's guess) are read again.
    if (reply.kind === 'declined' || (reply.kind === 'decoded' && reply.frame.canRenderFloat !== this.canRenderFloat)) again();
    else {
      try {
        pending.resolve(outcomeOf(reply));
      } catch {
        again(); // a header the worker read but this thread cannot: read it all here, as before
      }
    }
    if (reply.kind === 'decoded' && !NATIVE_SYNTAXES.has(reply.header.transferSyntaxUID)) this.addWorker();
  }

  /** The worker died: everything it held is read again here, and so is what comes next. */
  private fail(): void {
    this.failed = true;
    for (const worker of this.workers) worker.terminate();
    this.workers = [];
    const held = [...this.pending.values()];
    this.pending.clear();
    for (const { resolve, source } of held) void thisThreadReader.read(source).then(resolve);
  }
}

/** Where an early read of this source is filed: a file's URL, a PACS image's frames URL (the first look's). */
function earlyReadUrl(source: InstanceSource): string | undefined {
  if (source.kind === 'url') return source.url;
  return source.kind === 'dicomweb' ? source.reader.frameRequest?.(source.metadata)?.url : undefined;
}

function startedEarly(source: InstanceSource): boolean {
  if (source.kind === 'url') return hasEarlyResponse(source.url);
  return source.kind === 'dicomweb' && (source.reader.startedEarly?.(source.metadata) ?? false);
}

function outcomeOf(reply: Exclude<ReadReply, { kind: 'declined' }>): ReadOutcome {
  if (reply.kind === 'unread') return { kind: 'unread', reason: reply.reason };
  if (reply.kind === 'bytes') return readInstance(reply.bytes);
  return {
    kind: 'image',
    header: reply.header,
    headerDataSet: parseHeaderCopy(reply.headerBytes, reply.pixelTag),
    decoded: reply.frame,
  };
}
