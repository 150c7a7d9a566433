/**
 * Measurement hooks of the baseline page, mirroring the viewer's contract
 * (bench/shared/emhContract.ts) so the runner drives both pages identically.
 */
import { cache, Enums, eventTarget, type Types } from '@cornerstonejs/core';
import { MARK_FIRST_IMAGE, MARK_SERIES_LOADED } from '../shared/emhContract';

/** Marks viewer:first-image on the first render that has an actual image behind it. */
export function markFirstImage(element: HTMLElement, viewport: Types.IStackViewport): void {
  const onRendered = (): void => {
    // An empty viewport also renders (black canvas); only a render with an image counts.
    if (!viewport.getCornerstoneImage()) return;
    element.removeEventListener(Enums.Events.IMAGE_RENDERED, onRendered);
    performance.mark(MARK_FIRST_IMAGE);
  };
  element.addEventListener(Enums.Events.IMAGE_RENDERED, onRendered);
}

/**
 * Resolves (and marks viewer:series-loaded) once every image is decoded and in the cache.
 * IMAGE_LOADED fires a few microtasks before the cache flags the entry as loaded, so
 * the final check waits for cache.isLoaded on all ids rather than trusting the event.
 */
export function markSeriesLoaded(imageIds: readonly string[]): Promise<void> {
  const pending = new Set(imageIds);
  return new Promise((resolve) => {
    const confirmCached = (): void => {
      if (imageIds.every((id) => cache.isLoaded(id))) {
        performance.mark(MARK_SERIES_LOADED);
        resolve();
      } else {
        setTimeout(confirmCached, 0);
      }
    };
    const onLoaded = (evt: Event): void => {
      const { image } = (evt as CustomEvent<Types.EventTypes.ImageLoadedEventDetail>).detail;
      pending.delete(image.imageId);
      if (pending.size > 0) return;
      eventTarget.removeEventListener(Enums.Events.IMAGE_LOADED, onLoaded);
      confirmCached();
    };
    eventTarget.addEventListener(Enums.Events.IMAGE_LOADED, onLoaded);
  });
}

/** viewport.scroll for the bench: resolves after the next image has been rendered. */
export function scrollAndRender(element: HTMLElement, viewport: Types.IStackViewport, delta: number): Promise<void> {
  const current = viewport.getCurrentImageIdIndex();
  const target = Math.max(0, Math.min(viewport.getImageIds().length - 1, current + delta));
  if (target === current) return Promise.resolve(); // clamped at an end: nothing new to draw
  const rendered = new Promise<void>((resolve) => {
    element.addEventListener(Enums.Events.IMAGE_RENDERED, () => resolve(), { once: true });
  });
  return viewport.setImageIdIndex(target).then(() => rendered);
}
