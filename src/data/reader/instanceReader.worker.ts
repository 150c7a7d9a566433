/**
 * The reading worker: files are fetched, parsed, checked and, when they are plain greyscale
 * images, decoded here (readRequest.ts), so the main thread only files what arrives. On a
 * 2-core machine the main thread was the one thread a thin-slice series' load waited for.
 */
import { handleReadRequest } from './readRequest';
import { warmKeptCodecs } from './compressedGrey';
import type { ReadReply, ReadRequest } from './readerMessages';

interface WorkerScope {
  onmessage: ((event: MessageEvent<ReadRequest>) => void) | null;
  postMessage(message: ReadReply, transfer: Transferable[]): void;
}
const scope = self as unknown as WorkerScope;

// Measured with the first files of a 1,000-slice JPEG-LS series: their first frame waited ~500 ms
// for its codec after its bytes arrived when the codec was made then, ~80 ms when made here.
warmKeptCodecs();

scope.onmessage = (event) => {
  void handleReadRequest(event.data).then(({ message, transfer }) => scope.postMessage(message, transfer));
};
