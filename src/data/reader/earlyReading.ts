/**
 * The first files, read while the viewer's code is still loading. The entry chunk starts a
 * reading worker and hands it the files the early fetch asked for, so the first images are
 * parsed and decoded (a JPEG-LS frame's codec compiled too) by the time the viewer boots,
 * instead of after it. The viewer's WorkerReader then takes the worker and its answers.
 * Small on purpose: it is part of the entry chunk.
 */
import { readEarlyFramesWith, takeEarlyResponse } from '../earlyFetch';
import type { ReadReply, ReadRequest } from './readerMessages';
import { startReadingWorker, type ReadingWorker } from './readingWorker';

const answers = new Map<string, Promise<ReadReply>>();
/** A PACS's opening instance URL -> its frames' URL and answer (null: it has no frames). */
const framesAnswers = new Map<string, Promise<{ url: string; reply: Promise<ReadReply> } | null>>();
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
      if (response) answers.set(url, readInWorker(started, bytesRequest(response, canRenderFloat)));
    }
  });
  // A PACS's opening frames: the worker fetches them itself, as it does the viewer's.
  readEarlyFramesWith((instanceUrl, request) => {
    if (!alive) return false;
    const answer = request.then((asked) =>
      asked
        ? { url: asked.url, reply: readInWorker(started, (id) => Promise.resolve({ id, kind: 'wado', ...asked, canRenderFloat })) }
        : null,
    );
    framesAnswers.set(instanceUrl, answer);
    return true;
  });
}

/** An early response's bytes, or a refusal when the request failed or the server said no. */
function bytesRequest(response: Promise<Response>, canRenderFloat: boolean): (id: number) => Promise<ReadRequest> {
  return (id) =>
    response
      .then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(`HTTP ${r.status}`))))
      .then((buffer) => ({ id, kind: 'bytes', bytes: new Uint8Array(buffer), canRenderFloat }));
}

function readInWorker(target: ReadingWorker, request: (id: number) => Promise<ReadRequest>): Promise<ReadReply> {
  const id = -++lastId;
  return new Promise<ReadReply>((resolve) => {
    waiting.set(id, resolve);
    // A request that could not be made is declined: the viewer asks again and words the failure.
    request(id).then(
      (message) => target.postMessage(message, message.kind === 'bytes' ? [message.bytes.buffer] : []),
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

/**
 * The early answer for this URL (a file's, or a PACS's frames'), handed out once; undefined if
 * it was not read early.
 */
export function takeEarlyRead(url: string): Promise<ReadReply> | undefined {
  const answer = answers.get(url);
  answers.delete(url);
  if (answer) return answer;
  const instanceUrl = /^(.*)\/frames\/[^/]+$/.exec(url)?.[1];
  const frames = instanceUrl === undefined ? undefined : framesAnswers.get(instanceUrl);
  if (!frames || instanceUrl === undefined) return undefined;
  framesAnswers.delete(instanceUrl);
  // Other frames than those asked for early: the viewer asks for its own.
  return frames.then((early): Promise<ReadReply> | ReadReply => (early?.url === url ? early.reply : { id: 0, kind: 'declined' }));
}
