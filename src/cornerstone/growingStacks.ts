import type { Types } from '@cornerstonejs/core';
import type { SeriesModel } from '../data/studyModel';

/** What the stacks on screen need from the viewports they are shown in. */
export interface StackHost {
  visibleCells(): readonly { index: number; seriesInstanceUID: string | null }[];
  viewport(index: number): Types.IStackViewport | undefined;
  seriesIn(index: number): SeriesModel | undefined;
  /** A stack was set again: the viewport state's listeners are told. */
  changed(): void;
}

/**
 * The stacks on screen grow as their series' images arrive, keeping the image, zoom and
 * window. Each refresh sets the whole stack again, so a thousand-slice series is refreshed
 * less often than a short one.
 */
export class GrowingStacks {
  private readonly timers = new Map<number, ReturnType<typeof setTimeout>>();

  constructor(private readonly host: StackHost) {}

  imageAdded(seriesInstanceUID: string): void {
    for (const cell of this.host.visibleCells()) {
      if (cell.seriesInstanceUID !== seriesInstanceUID || this.timers.has(cell.index)) continue;
      const listed = this.host.viewport(cell.index)?.getImageIds().length ?? 0;
      const timer = setTimeout(
        () => {
          this.timers.delete(cell.index);
          void this.refresh(cell.index);
        },
        // A few images in, a reader scrolls onto the ones arriving: keep up; later, less often.
        listed < 100 ? 100 : Math.min(1000, 250 + listed / 2),
      );
      this.timers.set(cell.index, timer);
    }
  }

  /** Every pending refresh at once: the load has ended. */
  refreshNow(): void {
    for (const [index, timer] of this.timers) {
      clearTimeout(timer);
      this.timers.delete(index);
      void this.refresh(index);
    }
  }

  private async refresh(index: number): Promise<void> {
    const viewport = this.host.viewport(index);
    const series = this.host.seriesIn(index);
    if (!viewport || !series) return;
    if (viewport.getImageIds().length === series.imageIds.length) return;
    const currentImageId = viewport.getCurrentImageId();
    const camera = viewport.getCamera();
    const { voiRange, invert } = viewport.getProperties();
    // At the top of the stack, stay at the top as earlier slices arrive: a series opens on
    // image 1. Anywhere else, the user has scrolled there: keep that image.
    const atTop = viewport.getCurrentImageIdIndex() === 0;
    const keepIndex = atTop ? 0 : Math.max(0, series.imageIds.indexOf(currentImageId ?? ''));
    await viewport.setStack(series.imageIds, keepIndex);
    viewport.setCamera(camera);
    // Before its first image a viewport has no window yet: nothing to keep.
    if (voiRange) viewport.setProperties({ voiRange, invert });
    viewport.render();
    this.host.changed();
  }
}
