import type { Extension } from './src/extensions/types';
import { createEmhExtension } from './extensions/emh';

/**
 * The one list of extensions this viewer loads, in order; the only place that names one. It
 * sits outside src/ so that the host never imports an extension: the host is handed this list.
 */
export const EXTENSIONS: Extension[] = [createEmhExtension()];
