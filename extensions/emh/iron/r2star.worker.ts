/**
 * Fits R2* off the main thread: a case may hold many ROIs, and the images must keep scrolling
 * while they are fitted. One message in ({id, echoes, options}), one out ({id, fit}).
 */

import { fitR2star, type EchoSignal, type FitOptions, type R2starFit } from './rules/r2starFit';

export interface FitRequest {
  readonly id: number;
  readonly echoes: readonly EchoSignal[];
  readonly options: FitOptions;
}

export interface FitResponse {
  readonly id: number;
  readonly fit: R2starFit | null;
  readonly error?: string;
}

// The project's lib is the DOM's; a dedicated worker's scope is typed here by what it uses.
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<FitRequest>) => void) | null;
  postMessage: (message: FitResponse) => void;
};

scope.onmessage = (event) => {
  const { id, echoes, options } = event.data;
  try {
    scope.postMessage({ id, fit: fitR2star(echoes, options) });
  } catch (error) {
    scope.postMessage({ id, fit: null, error: error instanceof Error ? error.message : String(error) });
  }
};
