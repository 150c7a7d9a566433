import type { Extension } from './extensions/types';

/** The one list of extensions this viewer loads, in order. */
export const EXTENSIONS: Extension[] = [];
