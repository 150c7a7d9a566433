/**
 * The measurement contract both bench pages (the viewer in src/ and bench/baseline/)
 * expose. Kept free of Cornerstone imports so the Node-side runner can use it too.
 *
 * Deliberately no `declare global { interface Window { emh } }`: the viewer declares
 * its own richer type for window.emh and the two declarations would clash under one
 * tsconfig. Callers go through readEmh()/installEmh() instead.
 */

export const MARK_FIRST_IMAGE = 'viewer:first-image';
/**
 * The first look (src/firstLook): the opening image drawn by the reading worker before the viewer's
 * code has loaded, the same pixels in the same place (e2e/firstLook.spec.ts). Only where it has one.
 */
export const MARK_FIRST_LOOK = 'viewer:first-look';
export const MARK_SERIES_LOADED = 'viewer:series-loaded';
/** The viewer's code has downloaded, compiled and run its modules: boot begins. */
export const MARK_BOOT_START = 'viewer:boot';

/** Cornerstone's Enums.Events.IMAGE_RENDERED, spelled out for code that must not import core. */
export const IMAGE_RENDERED_EVENT = 'CORNERSTONE_IMAGE_RENDERED';

export interface ScrollArgs {
  delta: number;
}

export interface EmhCommands {
  run(command: 'viewport.scroll', args: ScrollArgs): Promise<unknown>;
}

export interface EmhHooks {
  ready: Promise<unknown>;
  commands: EmhCommands;
}

interface WindowWithEmh {
  emh?: EmhHooks;
}

export function readEmh(win: Window): EmhHooks | undefined {
  return (win as unknown as WindowWithEmh).emh;
}

export function installEmh(win: Window, hooks: EmhHooks): void {
  (win as unknown as WindowWithEmh).emh = hooks;
}
