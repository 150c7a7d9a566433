import type { Extension } from './extensions/types';
import { createEmhExtension } from '../extensions/emh';

/** The one list of extensions this viewer loads, in order; the only place that names one. */
export const EXTENSIONS: Extension[] = [createEmhExtension()];
