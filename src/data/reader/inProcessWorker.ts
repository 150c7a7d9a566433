import { handleWorkerMessage } from './readRequest';
import type { FirstLookRequest, ReadReply, ReadRequest } from './readerMessages';
import type { ReadingWorker } from './readingWorker';

/**
 * For tests: a reading worker that runs the reading worker's own code in this thread and
 * answers asynchronously, as a Worker does. `dies` fails it at its first message; `rewrite`
 * alters its answers.
 */
export class InProcessWorker implements ReadingWorker {
  onmessage: ((event: MessageEvent<ReadReply>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  posted = 0;
  constructor(
    private readonly dies = false,
    private readonly rewrite: (reply: ReadReply) => ReadReply = (reply) => reply,
  ) {}
  postMessage(message: ReadRequest | FirstLookRequest): void {
    this.posted += 1;
    if (this.dies) {
      setTimeout(() => this.onerror?.({} as ErrorEvent), 1);
      return;
    }
    void handleWorkerMessage(message).then(({ message: reply }) =>
      this.onmessage?.({ data: this.rewrite(reply) } as MessageEvent<ReadReply>),
    );
  }
  terminate(): void {}
}
