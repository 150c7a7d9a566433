/**
 * Which viewports lead Cornerstone's slice synchroniser while series load. Loading is no
 * scroll: with Sync on, the other viewports must stay where the reader left them, so a viewport
 * stops leading while a series is put on screen in it. Shows overlap (the viewer's own choice
 * still drawing when the reader, or Open beside, shows another series in the same cell): the
 * viewport leads again once the last of them is done, not when the first is, nor never.
 */
import type { Synchronizer } from '@cornerstonejs/tools';

export class LeadingViewports {
  /** Viewports held out, with how many shows hold them and whether they led before. */
  private readonly held = new Map<string, { shows: number; led: boolean }>();

  constructor(
    private readonly sync: Pick<Synchronizer, 'getSourceViewports' | 'removeSource' | 'addSource'>,
    private readonly renderingEngineId: string,
    /** Whether the viewport still exists: a cell detached meanwhile left the synchroniser, and attach() adds it back. */
    private readonly exists: (viewportId: string) => boolean,
  ) {}

  /** A show starts in this viewport. */
  hold(viewportId: string): void {
    const held = this.held.get(viewportId);
    if (held) {
      held.shows += 1;
      return;
    }
    const led = this.sync.getSourceViewports().some((v) => v.viewportId === viewportId);
    if (led) this.sync.removeSource({ renderingEngineId: this.renderingEngineId, viewportId });
    this.held.set(viewportId, { shows: 1, led });
  }

  /** A show in this viewport is done (shown, replaced or failed). */
  release(viewportId: string): void {
    const held = this.held.get(viewportId);
    if (!held) return;
    held.shows -= 1;
    if (held.shows > 0) return;
    this.held.delete(viewportId);
    if (held.led && this.exists(viewportId)) this.sync.addSource({ renderingEngineId: this.renderingEngineId, viewportId });
  }
}
