import type { EchoSignal, FitOptions, R2starFit } from './rules/r2starFit';
import type { EchoStack, MapOptions, R2starMap } from './rules/r2starMap';
import type { FitRequest, FitResponse, MapRequest, MapResponse } from './r2star.worker';

/** A map's echoes as copies the worker may take over. */
export interface TransferableEchoStack extends EchoStack {
  readonly echoes: readonly Float32Array[];
}

interface Waiting {
  resolve: (answer: FitResponse | MapResponse) => void;
  reject: (error: Error) => void;
}

/** The product's worker, bundled by webpack; a page that bundles the worker itself (the bench) passes its own. */
function productWorker(): Worker {
  return new Worker(new URL('./r2star.worker.ts', import.meta.url));
}

/** One worker for every fit, started on the first; answers are matched to requests by id. */
export class R2starWorkerClient {
  #worker: Worker | null = null;
  #nextId = 1;
  readonly #pending = new Map<number, Waiting>();

  constructor(private readonly makeWorker: () => Worker = productWorker) {}

  async fit(echoes: readonly EchoSignal[], options: FitOptions): Promise<R2starFit | null> {
    const answer = (await this.#ask((id) => ({ id, echoes, options }) satisfies FitRequest)) as FitResponse;
    if (answer.error) throw new Error(`The R2* fit failed: ${answer.error}`);
    return answer.fit;
  }

  /**
   * The R2* map of one slice position's echoes. The echo arrays are transferred to the worker
   * (they are unusable here afterwards): pass copies, never an image's own pixel data.
   */
  async map(stack: TransferableEchoStack, options: MapOptions = {}): Promise<{ map: R2starMap; ms: number }> {
    const transfer = stack.echoes.map((e) => e.buffer);
    const answer = (await this.#ask((id) => ({ id, kind: 'map', stack, options }) satisfies MapRequest, transfer)) as MapResponse;
    if (answer.error || !answer.map) throw new Error(`The R2* map failed: ${answer.error ?? 'no answer'}`);
    return { map: answer.map, ms: answer.ms ?? 0 };
  }

  stop(): void {
    this.#worker?.terminate();
    this.#worker = null;
    for (const { reject } of this.#pending.values()) reject(new Error('The R2* fit was stopped'));
    this.#pending.clear();
  }

  #ask(request: (id: number) => FitRequest | MapRequest, transfer: Transferable[] = []): Promise<FitResponse | MapResponse> {
    const worker = this.#start();
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage(request(id), transfer);
    });
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const worker = this.makeWorker();
    worker.onmessage = (event: MessageEvent<FitResponse | MapResponse>) => {
      const waiting = this.#pending.get(event.data.id);
      if (!waiting) return;
      this.#pending.delete(event.data.id);
      waiting.resolve(event.data);
    };
    worker.onerror = (event) => {
      for (const { reject } of this.#pending.values()) reject(new Error(`The R2* fit worker failed: ${event.message}`));
      this.#pending.clear();
    };
    return (this.#worker = worker);
  }
}
