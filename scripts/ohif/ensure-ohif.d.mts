// Types for scripts/ohif/ensure-ohif.mjs (a plain ESM script), so the bench can import it.

export const OHIF_VERSION: string;

/** Fetches and unpacks `@ohif/app` into the cache unless it is there. */
export function ensureOhif(): { ok: true; dist: string } | { ok: false; why: string };
