/**
 * The first files, read while the viewer's code is still loading. The entry chunk starts a
 * reading worker and hands it the files the early fetch asked for, so the first images are
 * parsed and decoded (a JPEG-LS frame's codec compiled too) by the time the viewer boots,
 * instead of after it. The viewer's WorkerReader then takes the worker and its answers.
 * Small on purpose: it is part of the entry chunk.
 */
import { takeEarlyResponse } from '../earlyFetch';
import { FIRST_LOOK_WORKER, type FirstLookOpening, type FirstLookRequest, type ReadReply, type ReadRequest } from './readerMessages';
import { firstLookRead } from '../../firstLook/firstLookCanvas';
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

/** The first look (src/firstLook): the canvas, and the image the worker fetches, reads and draws there once known. */
export interface EarlyLook {
  canvas: OffscreenCanvas;
  opening: Promise<FirstLookOpening | null>;
}

/**
 * Reads `files` (started by startEarlyFetch) in a reading worker. `renderFloat` gives this
 * browser's answer as the viewer will give it (it probes WebGL, on this thread); an answer
 * decoded with another is read again.
 *
 * With `look`, the worker first reads the opening image (a manifest's first file, fetched here;
 * a PACS image's frames, fetched there) and draws it; the other files, and the probe, wait for
 * that. Resolves once the look is drawn or declined (at once without one).
 */
export function startEarlyReading(
  files: Promise<readonly string[]>,
  renderFloat: () => boolean,
  start = startReadingWorker,
  look: EarlyLook | null = null,
): Promise<unknown> {
  const started = start(look ? FIRST_LOOK_WORKER : undefined);
  // It reads as if float pixels can be drawn: every browser's answer but iOS Safari's without
  // WebGL 2, where the viewer reads that file again.
  const looked = started && look ? lookInWorker(started, look, true) : null;
  if (!looked) renderFloat();
  if (!started) return Promise.resolve();
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
  void files.then(async (urls) => {
    await looked;
    const canRenderFloat = renderFloat();
    // A worker dead by then reads nothing: the viewer takes these responses itself.
    for (const url of alive ? urls : []) {
      const response = takeEarlyResponse(url);
      if (response) answers.set(url, readInWorker(started, response, canRenderFloat));
    }
  });
  return looked ?? Promise.resolve();
}

function lookInWorker(target: ReadingWorker, look: EarlyLook, canRenderFloat: boolean): Promise<ReadReply> {
  const id = -++lastId;
  return look.opening.then((opening) => {
    if (!opening) return { id, kind: 'declined' };
    const url = 'frames' in opening ? opening.frames.url : opening.file;
    const reply = (async (): Promise<ReadReply> => {
      const read: FirstLookRequest['read'] | null =
        'frames' in opening
          ? { id, kind: 'wado', ...opening.frames, canRenderFloat }
          : await fetchedBytes(opening.file, id, canRenderFloat);
      if (!read) return { id, kind: 'declined' };
      return new Promise<ReadReply>((resolve) => {
        waiting.set(id, (answer) => {
          firstLookRead(answer);
          resolve(answer);
        });
        const transfer: Transferable[] = read.kind === 'bytes' ? [look.canvas, read.bytes.buffer] : [look.canvas];
        target.postMessage({ id, kind: 'firstLook', read, url, canvas: look.canvas }, transfer);
      });
    })();
    // The look's read is the viewer's answer for that image, as any early file's.
    answers.set(url, reply);
    return reply;
  });
}

/** The bytes of a file the early fetch started; null if it failed (the viewer asks again and words why). */
async function fetchedBytes(url: string, id: number, canRenderFloat: boolean): Promise<Extract<ReadRequest, { kind: 'bytes' }> | null> {
  try {
    const response = await (takeEarlyResponse(url) ?? fetch(url));
    return response.ok ? { id, kind: 'bytes', bytes: new Uint8Array(await response.arrayBuffer()), canRenderFloat } : null;
  } catch {
    return null;
  }
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

/** The early answer for this URL (a file, or WADO-RS frames), handed out once; undefined if it was not read early. */
export function takeEarlyRead(url: string | undefined): Promise<ReadReply> | undefined {
  if (url === undefined) return undefined;
  const answer = answers.get(url);
  answers.delete(url);
  return answer;
}
