/**
 * The first files, read while the viewer's code is still loading. The entry chunk starts a
 * reading worker and hands it the files the early fetch asked for, so the first images are
 * parsed and decoded (a JPEG-LS frame's codec compiled too) by the time the viewer boots,
 * instead of after it. The viewer's WorkerReader then takes the worker and its answers.
 * Small on purpose: it is part of the entry chunk.
 */
import { takeEarlyResponse } from '../earlyFetch';
import type { ReadReply } from './readerMessages';
import { startReadingWorker, type ReadingWorker } from './readingWorker';

const answers = new Map<string, Promise<ReadReply>>();
const waiting = new Map<number, (reply: ReadReply) => void>();
let handedOver: ReadingWorker | undefined;
let lastId = 0;

/** Every answer not yet given is declined: the viewer then reads those files itself. */
function declineWaiting(): void {
  for (const [id, resolve] of waiting) resolve({ id, kind: 'declined' });
  waiting.clear();
}

/**
 * Reads `files` (started by startEarlyFetch) in a reading worker. `canRenderFloat` is this
 * browser's answer as the viewer will give it; an answer decoded with another is read again.
 */
export function startEarlyReading(files: Promise<readonly string[]>, canRenderFloat: boolean, start = startReadingWorker): void {
  const started = start();
  if (!started) return;
  const facade: ReadingWorker = {
    onmessage: null,
    onerror: null,
    postMessage: (message, transfer) => started.postMessage(message, transfer),
    terminate: () => {
      declineWaiting();
      started.terminate();
    },
  };
  handedOver = facade;
  let alive = true;
  // Early answers carry ids below zero; the rest are the viewer's.
  started.onmessage = (event) => {
    const resolve = waiting.get(event.data.id);
    if (event.data.id < 0 && resolve) {
      waiting.delete(event.data.id);
      resolve(event.data);
    } else facade.onmessage?.(event);
  };
  started.onerror = (event) => {
    alive = false;
    declineWaiting();
    // Dead before the viewer took it: not handed over (a dead Worker takes messages silently).
    if (handedOver === facade) {
      handedOver = undefined;
      started.terminate();
    }
    facade.onerror?.(event);
  };
  void files.then((urls) => {
    // A worker dead by then reads nothing: the viewer takes these responses itself.
    for (const url of alive ? urls : []) {
      const response = takeEarlyResponse(url);
      if (response) answers.set(url, readInWorker(started, response, canRenderFloat));
    }
  });
}

function readInWorker(target: ReadingWorker, response: Promise<Response>, canRenderFloat: boolean): Promise<ReadReply> {
  const id = -++lastId;
  return new Promise<ReadReply>((resolve) => {
    waiting.set(id, resolve);
    // A failed or refused request is declined: the viewer asks again and words the failure.
    response
      .then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(`HTTP ${r.status}`))))
      .then(
        (buffer) => target.postMessage({ id, kind: 'bytes', bytes: new Uint8Array(buffer), canRenderFloat }, [buffer]),
        () => {
          waiting.delete(id);
          resolve({ id, kind: 'declined' });
        },
      );
  });
}

/** The early worker, handed over once to the viewer's reader. */
export function takeEarlyWorker(): ReadingWorker | null {
  const taken = handedOver ?? null;
  handedOver = undefined;
  return taken;
}

/** The early answer for this URL, handed out once; undefined if it was not read early. */
export function takeEarlyRead(url: string): Promise<ReadReply> | undefined {
  const answer = answers.get(url);
  answers.delete(url);
  return answer;
}
