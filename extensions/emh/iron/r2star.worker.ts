/**
 * Fits R2* off the main thread: a case may hold many ROIs, and the images must keep scrolling
 * while they are fitted. One message in ({id, echoes, options}), one out ({id, fit}); an R2*
 * map ({id, kind: 'map', stack, options}) answers {id, map}, its arrays transferred, not copied.
 */

import { fitR2star, type EchoSignal, type FitOptions, type R2starFit } from './rules/r2starFit';
import { computeR2starMap, type EchoStack, type MapOptions, type R2starMap } from './rules/r2starMap';

export interface FitRequest {
  readonly id: number;
  readonly kind?: 'fit';
  readonly echoes: readonly EchoSignal[];
  readonly options: FitOptions;
}

export interface MapRequest {
  readonly id: number;
  readonly kind: 'map';
  readonly stack: EchoStack;
  readonly options: MapOptions;
}

export interface FitResponse {
  readonly id: number;
  readonly fit: R2starFit | null;
  readonly error?: string;
}

export interface MapResponse {
  readonly id: number;
  readonly map: R2starMap | null;
  /** Time the worker spent on the map, ms. */
  readonly ms?: number;
  readonly error?: string;
}

// The project's lib is the DOM's; a dedicated worker's scope is typed here by what it uses.
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<FitRequest | MapRequest>) => void) | null;
  postMessage: (message: FitResponse | MapResponse, transfer?: Transferable[]) => void;
};

function answerMap({ id, stack, options }: MapRequest): void {
  try {
    const started = performance.now();
    const map = computeR2starMap(stack, options);
    scope.postMessage({ id, map, ms: performance.now() - started }, [map.r2starHz.buffer, map.echoesUsed.buffer]);
  } catch (error) {
    scope.postMessage({ id, map: null, error: error instanceof Error ? error.message : String(error) });
  }
}

scope.onmessage = (event) => {
  const request = event.data;
  if (request.kind === 'map') return answerMap(request);
  const { id, echoes, options } = request;
  try {
    scope.postMessage({ id, fit: fitR2star(echoes, options) });
  } catch (error) {
    scope.postMessage({ id, fit: null, error: error instanceof Error ? error.message : String(error) });
  }
};
