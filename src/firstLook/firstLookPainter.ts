/**
 * The reading worker's side of the first look: it reads the opening image (a manifest's first
 * file, or a PACS series' opening instance as WADO-RS frames; its read is the viewer's answer
 * for that image, as for any early file) and draws it on the page's placeholder canvas, handed
 * over as an OffscreenCanvas. A worker canvas reaches the screen without the page's thread,
 * which is busy for a second evaluating the viewer's code.
 */
import { parseHeaderCopy } from '../data/readInstance';
import type { FirstLookRequest, ReadReply, ReadRequest } from '../data/reader/readerMessages';
import { firstLookPixels, firstLookRaster, firstLookWindow, fittedRect } from './firstLookImage';

type Read = (request: ReadRequest) => Promise<{ message: ReadReply; transfer: Transferable[] }>;

/** Draws the decoded image; false when the viewer would draw it in a way the first look does not. */
function draw(
  context: OffscreenCanvasRenderingContext2D,
  request: FirstLookRequest,
  reply: Extract<ReadReply, { kind: 'decoded' }>,
): boolean {
  const window = firstLookWindow(parseHeaderCopy(reply.headerBytes, reply.pixelTag), reply.frame);
  const { rows, columns, pixelSpacing } = reply.header;
  if (!window || rows * columns !== reply.frame.pixelData.length) return false;
  const area = { left: 0, top: 0, width: request.canvas.width, height: request.canvas.height };
  const place = fittedRect(area, columns, rows, pixelSpacing);
  const raster = firstLookRaster(firstLookPixels(reply.frame, window), columns, rows, place, area.width, area.height);
  context.putImageData(new ImageData(raster, area.width, area.height), 0, 0);
  return true;
}

export async function lookFirst(request: FirstLookRequest, read: Read): Promise<{ message: ReadReply; transfer: Transferable[] }> {
  const context = typeof OffscreenCanvas === 'function' ? request.canvas.getContext('2d') : null;
  // Chromium sets up a worker canvas's way to the screen with the page's thread, at its first
  // drawing: drawn first during the bundle's evaluation, the image waited for it to end
  // (measured). So something is drawn now, while that thread is free: nothing visible.
  context?.clearRect(0, 0, 1, 1);
  const answer = await read(request.read);
  const { message } = answer;
  if (message.kind === 'decoded' && context) {
    try {
      if (draw(context, request, message)) message.firstLook = { shownAt: performance.timeOrigin + performance.now(), url: request.url };
    } catch {
      // No first look: the viewer draws it when it is ready.
    }
  }
  return answer;
}
