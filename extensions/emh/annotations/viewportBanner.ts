import type { HostServices } from '../../../src/extensions/hostServices';
import type { InventoryAdapter } from './inventoryAdapter';

const CELLS = { '1x1': 1, '1x2': 2, '2x2': 4 } as const;

/**
 * A line across the top of every image while a drawing will not simply make a new lesion:
 * "Measure L1 here" is armed, or an ROI waits for its lesion. The reader's eyes are on the
 * image, so the state is shown there, not only in the panel.
 */
export class ViewportBanner {
  private shown = '';
  private readonly stops: (() => void)[] = [];

  constructor(
    private readonly services: HostServices,
    private readonly adapter: InventoryAdapter,
  ) {}

  start(): void {
    this.stops.push(this.adapter.subscribe(this.update), this.services.viewports.subscribe(this.update));
  }

  stop(): void {
    for (const stop of this.stops.splice(0)) stop();
    this.clear();
  }

  private readonly update = (): void => {
    const { armedLesionId, pendingRoi } = this.adapter;
    const banner = armedLesionId
      ? { kind: 'armed', text: `Measure ${armedLesionId} here: the next drawing adds to ${armedLesionId} · Esc cancels` }
      : pendingRoi
        ? { kind: 'pending', text: 'Which lesion is this ROI? Choose in the Lesions panel · Esc discards it' }
        : null;
    const { layout } = this.services.viewports.snapshot();
    const key = banner ? `${banner.kind}|${banner.text}|${layout}` : '';
    if (key === this.shown && this.allAttached()) return;
    this.clear();
    this.shown = key;
    if (!banner) return;
    for (let index = 0; index < CELLS[layout]; index += 1) {
      const cell = this.services.viewports.element(index)?.parentElement;
      if (!cell) continue;
      const node = document.createElement('div');
      node.className = `emh-viewport-banner emh-banner-${banner.kind}`;
      node.dataset.testid = `${banner.kind}-banner-${index}`;
      node.setAttribute('role', 'status');
      node.textContent = banner.text;
      cell.append(node);
    }
  };

  private allAttached(): boolean {
    return [...document.querySelectorAll('.emh-viewport-banner')].every((node) => node.isConnected);
  }

  private clear(): void {
    for (const node of document.querySelectorAll('.emh-viewport-banner')) node.remove();
    this.shown = '';
  }
}
