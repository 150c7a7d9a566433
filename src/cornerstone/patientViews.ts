import type { Types } from '@cornerstonejs/core';
import type { DataManager } from '../data/dataManager';
import { latestVisitSeries } from '../data/timepoints';
import type { Layout, ViewportService } from './viewportService';

interface SavedCell {
  readonly seriesInstanceUID: string;
  readonly imageIndex: number;
  readonly camera: Types.ICamera;
  readonly voiRange: Types.VOIRange | undefined;
  readonly invert: boolean;
}

interface SavedView {
  readonly layout: Layout;
  readonly activeIndex: number;
  /** By cell index; null for an empty cell. */
  readonly cells: readonly (SavedCell | null)[];
}

const VISIBLE: Record<Layout, number> = { '1x1': 1, '1x2': 2, '2x2': 4 };

/**
 * Keeps each patient's view (layout, series, image, zoom and window per cell) and swaps the
 * viewports when the active patient changes: the viewports only ever show one patient, and
 * switching back finds the view as it was left.
 */
export class PatientViews {
  private readonly saved = new Map<string, SavedView>();
  private swapping: Promise<void> = Promise.resolve();

  constructor(
    private readonly data: DataManager,
    private readonly viewports: ViewportService,
  ) {
    data.onActivePatientChange((previous, next) => {
      // Taken now, before anything is redrawn: the view must be the one the user left.
      if (previous !== null) this.saved.set(previous, this.capture());
      this.swapping = this.swapping.then(() => this.show(next)).catch(() => undefined);
    });
  }

  /** Resolves once the last switch has finished drawing. */
  settled(): Promise<void> {
    return this.swapping;
  }

  private capture(): SavedView {
    const { layout, activeIndex, cells } = this.viewports.snapshot();
    return {
      layout,
      activeIndex,
      cells: cells.slice(0, VISIBLE[layout]).map((cell): SavedCell | null => {
        const viewport = this.viewports.viewport(cell.index);
        if (!cell.seriesInstanceUID || !viewport?.getImageData()) return null;
        const { voiRange, invert } = viewport.getProperties();
        return {
          seriesInstanceUID: cell.seriesInstanceUID,
          imageIndex: viewport.getCurrentImageIdIndex(),
          camera: viewport.getCamera(),
          voiRange,
          invert: invert ?? false,
        };
      }),
    };
  }

  private async show(patientKey: string): Promise<void> {
    if (this.data.activePatientKey() !== patientKey) return; // switched again meanwhile
    const view = this.saved.get(patientKey);
    for (const cell of this.viewports.snapshot().cells) this.viewports.clearCell(cell.index);
    if (!view) {
      // First time on screen: as when a study is opened, the first series of its latest visit.
      const first = latestVisitSeries(this.data.activeStudies(), null);
      if (first) await this.viewports.showSeriesNow(first.seriesInstanceUID, { viewport: 0 });
      return;
    }
    if (view.layout !== this.viewports.snapshot().layout) this.viewports.setLayout(view.layout);
    for (const [index, cell] of view.cells.entries()) {
      if (!cell || !this.data.findSeries(cell.seriesInstanceUID)) continue;
      await this.viewports.showSeriesNow(cell.seriesInstanceUID, { viewport: index, imageIndex: cell.imageIndex });
      const viewport = this.viewports.viewport(index);
      if (!viewport) continue;
      viewport.setCamera(cell.camera);
      if (cell.voiRange) viewport.setProperties({ voiRange: cell.voiRange, invert: cell.invert });
      viewport.render();
    }
    this.viewports.setActive(view.activeIndex);
  }
}
