import type { EchoSignal, FitOptions, R2starFit } from './rules/r2starFit';
import type { FitRequest, FitResponse } from './r2star.worker';

/** One worker for every fit, started on the first; answers are matched to requests by id. */
export class R2starWorkerClient {
  #worker: Worker | null = null;
  #nextId = 1;
  readonly #pending = new Map<number, { resolve: (fit: R2starFit | null) => void; reject: (error: Error) => void }>();

  fit(echoes: readonly EchoSignal[], options: FitOptions): Promise<R2starFit | null> {
    const worker = this.#start();
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      const request: FitRequest = { id, echoes, options };
      worker.postMessage(request);
    });
  }

  stop(): void {
    this.#worker?.terminate();
    this.#worker = null;
    for (const { reject } of this.#pending.values()) reject(new Error('The R2* fit was stopped'));
    this.#pending.clear();
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(new URL('./r2star.worker.ts', import.meta.url));
    worker.onmessage = (event: MessageEvent<FitResponse>) => {
      const waiting = this.#pending.get(event.data.id);
      if (!waiting) return;
      this.#pending.delete(event.data.id);
      if (event.data.error) waiting.reject(new Error(`The R2* fit failed: ${event.data.error}`));
      else waiting.resolve(event.data.fit);
    };
    worker.onerror = (event) => {
      for (const { reject } of this.#pending.values()) reject(new Error(`The R2* fit worker failed: ${event.message}`));
      this.#pending.clear();
    };
    return (this.#worker = worker);
  }
}
