/**
 * Our ViewportService's calls, as the extension makes them, answered by OHIF's viewport grid,
 * its Cornerstone viewports and its tool groups. Cells are OHIF's viewports in grid order.
 * Reformat views (MPR) are OHIF's own and are not mapped yet: `snapshot().mpr` is always false
 * here, and opening our MPR says so.
 */
import type { Types } from '@cornerstonejs/core';
import type { Layout, ViewportState } from '../../src/cornerstone/viewportService';
import type { MprView } from '../../src/cornerstone/mprService';
import type { HostViewports } from '../../src/extensions/hostServices';
import type { SeriesModel } from '../../src/data/studyModel';
import type { DataManager } from '../../src/data/dataManager';
import type { ImageGeometry } from '../../src/geometry/imageGeometry';
import { Observable } from '../../src/state/observable';
import { OHIF_DEFAULT_TOOL_GROUP } from '../ids';
import type {
  OhifCommandsManager,
  OhifCornerstoneViewports,
  OhifDisplaySetService,
  OhifGridViewport,
  OhifToolGroups,
  OhifViewportGrid,
} from '../ohifTypes';
import { OHIF_TOOL_GROUPS } from '../rules/workup';

/** Cornerstone's StackViewport.scroll waits this long (40 ms) before it loads a slice; a margin on top. */
const SCROLL_DEBOUNCE_MS = 80;

export interface OhifViewportParts {
  grid: OhifViewportGrid;
  cornerstone: OhifCornerstoneViewports;
  displaySets: OhifDisplaySetService;
  toolGroups: OhifToolGroups;
  commands: OhifCommandsManager;
  data: DataManager;
  geometry: ImageGeometry;
}

function layoutOf(rows: number, columns: number): ViewportState['layout'] {
  if (rows * columns >= 4) return '2x2';
  return rows * columns === 2 ? '1x2' : '1x1';
}

export class OhifViewports extends Observable implements HostViewports {
  readonly toolGroupId = OHIF_DEFAULT_TOOL_GROUP;
  private readonly stop: (() => void)[] = [];

  constructor(private readonly ohif: OhifViewportParts) {
    super();
    for (const name of ['ACTIVE_VIEWPORT_ID_CHANGED', 'GRID_STATE_CHANGED', 'LAYOUT_CHANGED', 'VIEWPORTS_READY']) {
      const event = ohif.grid.EVENTS[name];
      if (event) this.stop.push(ohif.grid.subscribe(event, () => this.notify()).unsubscribe);
    }
  }

  dispose(): void {
    this.stop.splice(0).forEach((unsubscribe) => unsubscribe());
  }

  /**
   * OHIF's grid before its React provider has mounted (the extension starts at page load,
   * before any mode) has no state yet and throws: that is an empty grid.
   */
  private gridState(): ReturnType<OhifViewportGrid['getState']> {
    try {
      return this.ohif.grid.getState();
    } catch {
      return { viewports: new Map(), activeViewportId: null };
    }
  }

  private cells(): OhifGridViewport[] {
    return [...this.gridState().viewports.values()];
  }

  private seriesUidOf(cell: OhifGridViewport | undefined): string | null {
    const uid = cell?.displaySetInstanceUIDs?.[0];
    return (uid && this.ohif.displaySets.getDisplaySetByUID(uid)?.SeriesInstanceUID) || null;
  }

  private last: { key: string; state: ViewportState } | null = null;

  /**
   * The same object until something in it changed, as our viewer's: React's
   * useSyncExternalStore reads it on every render and takes a new object for a change (a
   * panel reading it re-rendered without end: React error 185).
   */
  snapshot(): ViewportState {
    const state = this.read();
    const key = JSON.stringify(state);
    if (this.last?.key !== key) this.last = { key, state };
    return this.last.state;
  }

  private read(): ViewportState {
    const state = this.gridState();
    const cells = this.cells();
    const active = cells.findIndex((cell) => cell.viewportId === state.activeViewportId);
    return {
      layout: layoutOf(state.layout?.numRows ?? 1, state.layout?.numCols ?? 1),
      cells: cells.map((cell, index) => ({ index, viewportId: cell.viewportId, seriesInstanceUID: this.seriesUidOf(cell) })),
      activeIndex: Math.max(0, active),
      primaryTool: this.ohif.toolGroups.getToolGroup(this.toolGroupId)?.getActivePrimaryMouseButtonTool() ?? '',
      cinePlaying: false,
      syncScroll: false,
      mpr: false,
    };
  }

  viewport(index = this.snapshot().activeIndex): Types.IStackViewport | undefined {
    const cell = this.cells()[index];
    return cell ? this.ohif.cornerstone.getCornerstoneViewport(cell.viewportId) : undefined;
  }

  element(index = this.snapshot().activeIndex): HTMLDivElement | undefined {
    return this.viewport(index)?.element;
  }

  seriesIn(index: number): SeriesModel | undefined {
    const uid = this.seriesUidOf(this.cells()[index]);
    return uid ? this.ohif.data.findSeries(uid) : undefined;
  }

  /** The series in a cell (the active one by default), at an instance number or image index. */
  async showSeries(
    seriesInstanceUID: string,
    options: { viewport?: number; instanceNumber?: number; imageIndex?: number } = {},
  ): Promise<void> {
    const index = options.viewport ?? this.snapshot().activeIndex;
    const cell = this.cells()[index];
    const displaySet = this.ohif.displaySets.getActiveDisplaySets().find((d) => d.SeriesInstanceUID === seriesInstanceUID);
    const series = this.ohif.data.findSeries(seriesInstanceUID);
    if (!cell || !displaySet || !series) throw new Error(`No series ${seriesInstanceUID} open in OHIF`);
    if (this.seriesUidOf(cell) !== seriesInstanceUID) {
      await this.settled(index);
      await this.ohif.grid.setDisplaySetsForViewport({
        viewportId: cell.viewportId,
        displaySetInstanceUIDs: [displaySet.displaySetInstanceUID],
      });
    }
    const imageId = this.imageIdFor(series, options);
    // OHIF puts the new stack into the viewport asynchronously; it is there when the viewport lists the image.
    for (let tries = 0; tries < 100; tries++) {
      const viewport = this.viewport(index);
      const position = viewport?.getImageIds().indexOf(imageId) ?? -1;
      if (viewport && position >= 0) {
        await viewport.setImageIdIndex(position);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`OHIF did not show series ${seriesInstanceUID}`);
  }

  /**
   * Waits (2 s at most) until the cell's viewport shows its image, then a little longer.
   * Cornerstone's stack scroll (most likely OHIF's jump to a new stack's first slice) waits
   * 40 ms for a slice still loading; a display set replaced within those 40 ms leaves that
   * timer calling a destroyed viewport (a page error, seen under load).
   */
  private async settled(index: number): Promise<void> {
    for (let tries = 0; tries < 40; tries++) {
      const viewport = this.viewport(index);
      if (!viewport || viewport.getImageData()) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await new Promise((resolve) => setTimeout(resolve, SCROLL_DEBOUNCE_MS));
  }

  private imageIdFor(series: SeriesModel, options: { instanceNumber?: number; imageIndex?: number }): string {
    if (options.instanceNumber !== undefined) {
      const instance = series.instances.find((i) => i.header.instanceNumber === options.instanceNumber);
      if (!instance) throw new Error(`Series has no instance number ${options.instanceNumber}`);
      return instance.imageIds[0];
    }
    return series.imageIds[Math.max(0, Math.min(series.imageIds.length - 1, options.imageIndex ?? 0))];
  }

  /** Page points to image pixels [column, row] of a cell's current image, by our geometry. */
  clientToImage(points: [number, number][], index = this.snapshot().activeIndex): [number, number][] {
    const viewport = this.viewport(index);
    const imageId = viewport?.getCurrentImageId();
    if (!viewport || !imageId) throw new Error('No image in that viewport');
    const box = viewport.element.getBoundingClientRect();
    return points.map(([x, y]) => this.ohif.geometry.worldToIndex(imageId, viewport.canvasToWorld([x - box.left, y - box.top])));
  }

  /** The left button to a tool, in every tool group of OHIF's that has it. */
  setPrimaryTool(tool: string): void {
    this.ohif.commands.runCommand('setToolActiveToolbar', { toolName: tool, toolGroupIds: OHIF_TOOL_GROUPS });
    this.notify();
  }

  /** OHIF's mode adds our tools to its MPR tool group itself (see mode.ts). */
  addReformatTool(): void {}

  /** OHIF's grid layout, in our three layouts' rows and columns. */
  setLayout(layout: Layout): void {
    const [numRows, numCols] = layout === '2x2' ? [2, 2] : layout === '1x2' ? [1, 2] : [1, 1];
    this.ohif.commands.runCommand('setViewportGridLayout', { numRows, numCols });
  }

  openMpr(): Promise<MprView[]> {
    return Promise.reject(new Error("Our reformat views are not available inside OHIF yet: use OHIF's MPR layout"));
  }

  /** No reformat of ours is ever shown inside OHIF (see openMpr). */
  readonly mpr: HostViewports['mpr'] = {
    seriesShown: null,
    viewport: () => undefined,
    setCentre: () => {},
    setActive: () => {},
  };
}
