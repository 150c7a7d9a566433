/**
 * What the reading worker does with one request (instanceReader.worker.ts wires it to its
 * messages): fetch, parse, check (readInstance, the same checks as everywhere), and decode a
 * single-frame greyscale image (uncompressed: predecode.ts; compressed: compressedGrey.ts),
 * whose finished pixels go back as a transferred buffer. Anything else goes back as its bytes,
 * for the main thread to read as before; so does anything that fails here. A WADO-RS request
 * that fails is declined: the main thread asks again, and words the failure. No DOM:
 * unit-tested in Node.
 */
import { readInstance } from '../readInstance';
import { predecodeGrey, type DecodedGreyFrame } from './predecode';
import { decodeCompressedGrey, isCompressedGreyFrame } from './compressedGrey';
import { unreadReason, type FirstLookRequest, type ReadReply, type ReadRequest } from './readerMessages';
import { lookFirst } from '../../firstLook/firstLookPainter';

/** Thrown for a WADO-RS answer the main thread should ask for again (and word, and sign in for). */
class Declined extends Error {}

async function framesAsPart10(request: Extract<ReadRequest, { kind: 'wado' }>): Promise<Uint8Array> {
  const fetched = fetch(request.url, { headers: request.headers });
  // Loaded when a PACS is first read from (dcmjs, which wraps frames into a file, is large):
  // while the first frame is on its way rather than after it. Asked for after the frames: a
  // worker loads a chunk with a blocking importScripts.
  const modules = Promise.all([import('../dicomweb/multipart'), import('../dicomweb/part10FromWado')]);
  const response = await fetched.catch(() => {
    throw new Declined();
  });
  const [{ boundaryOf, multipartParts }, { part10FromWado }] = await modules;
  const boundary = boundaryOf(response.headers.get('Content-Type') ?? '');
  if (!response.ok || !boundary) throw new Declined();
  const parts = multipartParts(new Uint8Array(await response.arrayBuffer()), boundary);
  if (parts.length < request.frames) throw new Declined();
  return part10FromWado(request.metadata, parts);
}

async function bytesOf(request: ReadRequest): Promise<Uint8Array> {
  if (request.kind === 'bytes') return request.bytes;
  if (request.kind === 'wado') return framesAsPart10(request);
  if (request.kind === 'blob') return new Uint8Array(await request.blob.arrayBuffer());
  const response = await fetch(request.url);
  if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
  return new Uint8Array(await response.arrayBuffer());
}

async function replyFor(request: ReadRequest, bytes: Uint8Array): Promise<ReadReply> {
  const result = readInstance(bytes);
  if (result.kind !== 'image') return { id: request.id, kind: 'bytes', bytes };
  const { fullDataSet, header } = result;
  let frame: DecodedGreyFrame | undefined;
  try {
    frame = isCompressedGreyFrame(fullDataSet, header.transferSyntaxUID)
      ? await decodeCompressedGrey(fullDataSet, header.transferSyntaxUID, request.canRenderFloat)
      : predecodeGrey(fullDataSet, header.transferSyntaxUID, request.canRenderFloat);
  } catch {
    frame = undefined; // the main thread's loader reads it again and words what is wrong
  }
  const pixelElement = fullDataSet.elements.x7fe00010 ? 'x7fe00010' : 'x7fe00008';
  // The header was parsed from a copy of the bytes before the pixel data: that copy travels
  // (an inflated file's header is the whole file: it goes back whole).
  if (!frame || result.headerDataSet === fullDataSet) return { id: request.id, kind: 'bytes', bytes };
  const headerBytes = result.headerDataSet.byteArray;
  return { id: request.id, kind: 'decoded', header, headerBytes, pixelTag: pixelElement, frame };
}

export async function handleReadRequest(request: ReadRequest): Promise<{ message: ReadReply; transfer: Transferable[] }> {
  const message = await bytesOf(request).then(
    (bytes): Promise<ReadReply> => replyFor(request, bytes).catch((): ReadReply => ({ id: request.id, kind: 'bytes', bytes })), // read again on the main thread, as before
    (error: unknown): ReadReply =>
      error instanceof Declined || request.kind === 'wado'
        ? { id: request.id, kind: 'declined' }
        : { id: request.id, kind: 'unread', reason: unreadReason(error) },
  );
  const transfer: Transferable[] =
    message.kind === 'decoded'
      ? [message.headerBytes.buffer as ArrayBuffer, message.frame.pixelData.buffer as ArrayBuffer]
      : message.kind === 'bytes'
        ? [message.bytes.buffer as ArrayBuffer]
        : [];
  return { message, transfer };
}

/** Every message the reading worker takes: reads, and the one first look. */
export function handleWorkerMessage(message: ReadRequest | FirstLookRequest): Promise<{ message: ReadReply; transfer: Transferable[] }> {
  return message.kind === 'firstLook' ? lookFirst(message, handleReadRequest) : handleReadRequest(message);
}
