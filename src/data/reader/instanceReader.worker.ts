/**
 * The reading worker: files are fetched, parsed, checked and, when they are plain greyscale
 * images, decoded here (readRequest.ts), so the main thread only files what arrives. On a
 * 2-core machine the main thread was the one thread a thin-slice series' load waited for.
 */
import { handleWorkerMessage } from './readRequest';
import { warmKeptCodecs } from './compressedGrey';
import { FIRST_LOOK_WORKER, type FirstLookRequest, type ReadReply, type ReadRequest } from './readerMessages';

interface WorkerScope {
  onmessage: ((event: MessageEvent<ReadRequest | FirstLookRequest>) => void) | null;
  postMessage(message: ReadReply, transfer: Transferable[]): void;
}
const scope = self as unknown as WorkerScope;

// Measured with the first files of a 1,000-slice JPEG-LS series: their first frame waited ~500 ms
// for its codec after its bytes arrived when the codec was made then, ~80 ms when made here.
// Making them holds this thread ~290 ms (measured): a worker that draws the first look makes
// them once it has.
if (self.name !== FIRST_LOOK_WORKER) warmKeptCodecs();

scope.onmessage = (event) => {
  const handled = handleWorkerMessage(event.data);
  void handled.then(({ message, transfer }) => scope.postMessage(message, transfer));
  if (event.data.kind === 'firstLook') void handled.finally(() => warmKeptCodecs());
};
