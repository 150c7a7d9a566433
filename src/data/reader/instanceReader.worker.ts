/**
 * The reading worker: files are fetched, parsed, checked and, when they are plain greyscale
 * images, decoded here (readRequest.ts), so the main thread only files what arrives. On a
 * 2-core machine the main thread was the one thread a thin-slice series' load waited for.
 */
import { handleReadRequest } from './readRequest';
import type { ReadReply, ReadRequest } from './readerMessages';

interface WorkerScope {
  onmessage: ((event: MessageEvent<ReadRequest>) => void) | null;
  postMessage(message: ReadReply, transfer: Transferable[]): void;
}
const scope = self as unknown as WorkerScope;

scope.onmessage = (event) => {
  void handleReadRequest(event.data).then(({ message, transfer }) => scope.postMessage(message, transfer));
};
