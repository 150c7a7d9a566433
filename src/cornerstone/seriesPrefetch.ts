import { imageLoader } from '@cornerstonejs/core';
import { PixelDataError } from '../data/pixelAttributes';
import { errorMessage } from '../util/errorMessage';

export interface DecodeFailure {
  imageId: string;
  reason: string;
}

/**
 * Decodes every image into Cornerstone's cache as soon as its file has been read, a few at a
 * time, so scrolling never waits once loading is done. Images the user is looking at are asked
 * for by the viewport itself and jump this queue.
 */
export class SeriesPrefetch {
  private readonly queue: string[] = [];
  private running = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly onFailure: (failure: DecodeFailure) => void,
  ) {}

  add(imageIds: string[]): void {
    this.queue.push(...imageIds);
    this.pump();
  }

  get pending(): number {
    return this.queue.length + this.running;
  }

  /** Resolves when nothing is queued or decoding. */
  whenIdle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (this.running < this.concurrency && this.queue.length > 0) {
      const imageId = this.queue.shift() as string;
      this.running += 1;
      imageLoader
        .loadAndCacheImage(imageId)
        .catch((error: unknown) => this.onFailure({ imageId, reason: describeDecodeError(error) }))
        .finally(() => {
          this.running -= 1;
          this.pump();
          if (this.pending === 0) {
            const waiters = this.idleWaiters;
            this.idleWaiters = [];
            for (const resolve of waiters) resolve();
          }
        });
    }
  }
}

export function describeDecodeError(error: unknown): string {
  const inner = (error as { error?: unknown } | null)?.error ?? error;
  // The emh loader words its failures already (pixelAttributes.describeDecodeFailure).
  if (inner instanceof PixelDataError) return inner.message;
  const message = errorMessage(inner);
  return `could not be decoded: ${message}`;
}
