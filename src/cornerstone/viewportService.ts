import { imageGeometry } from '../geometry/imageGeometry';
import { Enums, RenderingEngine, type Types } from '@cornerstonejs/core';
import { ToolGroupManager, synchronizers, utilities as toolUtils, type Types as ToolTypes } from '@cornerstonejs/tools';
import type { DataManager } from '../data/dataManager';
import { Observable } from '../state/observable';
import type { SeriesModel } from '../data/studyModel';
import { CT_PRESETS, voiRangeFor } from './windowPresets';
import { PatientViews } from './patientViews';
import { ViewerChoice } from './viewerChoice';
import { LeadingViewports } from './leadingViewports';
import { patientLabel } from '../data/patientIdentity';
import { MprService, mprRefusal, type MprView } from './mprService';
import { clientToImage, imageToClient } from './pagePoints';
import { applyDefaultWindow, autoWindowLevelFor } from './stackWindow';
import { DEFAULT_TOOL_GROUP_ID, createDefaultToolGroup, setPrimaryTool, type PrimaryTool } from './toolGroup';
import { addReformatTool, setReformatPrimaryTool } from './mprTools';
import { GrowingStacks } from './growingStacks';
import { imageIndexIn } from '../data/studyModel';
import { endFirstLook, firstLookInstance } from '../firstLook/firstLookCanvas';

export type Layout = '1x1' | '1x2' | '2x2';

export interface ShowOptions {
  viewport?: number;
  instanceNumber?: number;
  imageIndex?: number;
  /** Shown by the viewer itself (the first series to arrive), not asked for. */
  auto?: boolean;
}

export interface CellState {
  index: number;
  viewportId: string;
  seriesInstanceUID: string | null;
}

export interface ViewportState {
  layout: Layout;
  cells: CellState[];
  activeIndex: number;
  primaryTool: PrimaryTool;
  cinePlaying: boolean;
  syncScroll: boolean;
  /** The reformat views replace the grid; `layout` is the grid to go back to. */
  mpr: boolean;
}

const ENGINE_ID = 'viewer-rendering-engine';
const CELL_COUNT: Record<Layout, number> = { '1x1': 1, '1x2': 2, '2x2': 4 };
const SYNC_ID = 'viewer-slice-sync';

/**
 * Owns the rendering engine and the viewport grid: which series each cell shows, the active
 * cell, tools, presets, cine and scroll sync. React renders the cells and reads this state; it
 * never talks to Cornerstone itself.
 */
export class ViewportService extends Observable {
  private readonly engine = new RenderingEngine(ENGINE_ID);
  private readonly elements = new Map<number, HTMLDivElement>();
  private state: ViewportState = {
    layout: '1x1',
    cells: [0, 1, 2, 3].map((index) => ({ index, viewportId: `viewport-${index}`, seriesInstanceUID: null })),
    activeIndex: 0,
    primaryTool: 'WindowLevel',
    cinePlaying: false,
    syncScroll: false,
    mpr: false,
  };
  readonly mpr = new MprService();
  /** Per cell, the image it showed when the reformat opened: closing it comes back there. */
  private readonly resumeAt = new Map<number, number>();
  private readonly growing: GrowingStacks;
  /** Per cell, the latest show asked for: an earlier one still drawing has been replaced. */
  private readonly showRequests = new Map<number, number>();
  /** Cells the viewer chose a series for before they mounted: still its own choice once shown. */
  private readonly autoBeforeMount = new Set<number>();
  private firstImageMarked = false;
  private readonly sync = synchronizers.createImageSliceSynchronizer(SYNC_ID);
  private readonly leading = new LeadingViewports(this.sync, ENGINE_ID, (viewportId) => Boolean(this.engine.getViewport(viewportId)));
  private readonly patientViews: PatientViews;
  private readonly choice: ViewerChoice;

  constructor(private readonly data: DataManager) {
    super();
    this.patientViews = new PatientViews(data, this);
    createDefaultToolGroup();
    this.sync.setEnabled(false);
    this.choice = new ViewerChoice(data, {
      showsAnything: () => this.state.cells.slice(0, CELL_COUNT[this.state.layout]).some((c) => c.seriesInstanceUID),
      show: (seriesInstanceUID) => this.showSeries(seriesInstanceUID, { viewport: 0, auto: true }),
    });
    this.growing = new GrowingStacks({
      visibleCells: () => this.state.cells.slice(0, CELL_COUNT[this.state.layout]),
      viewport: (index) => this.viewport(index),
      seriesIn: (index) => this.seriesIn(index),
      changed: () => this.notify(),
    });
    data.onImage(({ header }) => {
      if (!this.choice.imageAdded(header.seriesInstanceUID)) this.growing.imageAdded(header.seriesInstanceUID);
    });
    // The last images of a load are in the stack when the load ends, not a refresh later.
    data.subscribe(() => {
      if (!data.state().active) this.growing.refreshNow();
    });
  }

  get renderingEngineId(): string {
    return ENGINE_ID;
  }

  get toolGroupId(): string {
    return DEFAULT_TOOL_GROUP_ID;
  }

  /** Resolves once the viewports show the active patient (after a switch). */
  whenPatientShown(): Promise<void> {
    return this.patientViews.settled();
  }

  snapshot(): ViewportState {
    return this.state;
  }

  /** Called by the grid when a cell's element mounts; shows what the cell showed before. */
  attach(index: number, element: HTMLDivElement): void {
    const { viewportId, seriesInstanceUID } = this.state.cells[index];
    this.elements.set(index, element);
    this.engine.enableElement({
      viewportId,
      type: Enums.ViewportType.STACK,
      element,
      defaultOptions: { background: [0, 0, 0] as Types.Point3 },
    });
    ToolGroupManager.getToolGroup(DEFAULT_TOOL_GROUP_ID)?.addViewport(viewportId, ENGINE_ID);
    this.sync.add({ renderingEngineId: ENGINE_ID, viewportId });
    element.addEventListener(Enums.Events.IMAGE_RENDERED, this.markFirstImage);
    element.addEventListener(Enums.Events.STACK_VIEWPORT_SCROLL, this.scrolled);
    const imageIndex = this.resumeAt.get(index);
    this.resumeAt.delete(index);
    const auto = this.autoBeforeMount.delete(index);
    if (seriesInstanceUID) void this.showSeries(seriesInstanceUID, { viewport: index, imageIndex, auto });
    this.notify();
  }

  detach(index: number): void {
    const element = this.elements.get(index);
    if (!element) return;
    const { viewportId } = this.state.cells[index];
    element.removeEventListener(Enums.Events.IMAGE_RENDERED, this.markFirstImage);
    element.removeEventListener(Enums.Events.STACK_VIEWPORT_SCROLL, this.scrolled);
    toolUtils.cine.stopClip(element);
    this.sync.remove({ renderingEngineId: ENGINE_ID, viewportId });
    ToolGroupManager.getToolGroup(DEFAULT_TOOL_GROUP_ID)?.removeViewports(ENGINE_ID, viewportId);
    this.engine.disableElement(viewportId);
    this.elements.delete(index);
    this.notify();
  }

  viewport(index = this.state.activeIndex): Types.IStackViewport | undefined {
    if (!this.elements.has(index)) return undefined;
    return this.engine.getViewport(this.state.cells[index].viewportId) as Types.IStackViewport | undefined;
  }

  element(index = this.state.activeIndex): HTMLDivElement | undefined {
    return this.elements.get(index);
  }

  resize(): void {
    if (this.state.mpr) return this.mpr.resize();
    this.engine.resize(true, true);
  }

  setLayout(layout: Layout): void {
    if (this.state.mpr) {
      // Closed before the grid mounts again, so the stack viewports are made under the CPU flag.
      this.mpr.close();
      this.update({ mpr: false });
    }
    const count = CELL_COUNT[layout];
    const shown = new Set(this.state.cells.slice(0, count).map((c) => c.seriesInstanceUID));
    const cells = this.state.cells.map((cell) => {
      if (cell.index >= count || cell.seriesInstanceUID) return cell;
      // Fill a new cell with the next series not on screen, as a radiologist would drag it.
      const next = this.data.activeSeries().find((s) => !shown.has(s.seriesInstanceUID));
      if (next) shown.add(next.seriesInstanceUID);
      return { ...cell, seriesInstanceUID: next?.seriesInstanceUID ?? null };
    });
    this.update({ layout, cells, activeIndex: Math.min(this.state.activeIndex, count - 1) });
  }

  /** Empties a cell: the viewport forgets its stack (another patient's images must not stay on screen). */
  clearCell(index: number): void {
    // Nothing on screen to forget (the first patient of a session): enabling the element again
    // would cost ~10 ms before the first image.
    if (!this.state.cells[index]?.seriesInstanceUID && !this.viewport(index)?.getImageIds().length) return;
    const cells = this.state.cells.map((c) => (c.index === index ? { ...c, seriesInstanceUID: null } : c));
    this.update({ cells });
    const element = this.elements.get(index);
    if (!element) return;
    this.detach(index);
    this.attach(index, element);
  }

  /**
   * Replaces the grid with axial, sagittal and coronal reformats of the active cell's series;
   * resolves once they are drawn. Refused (and the grid left as it was) without WebGL or for a
   * series that is not one evenly spaced block of slices.
   */
  async openMpr(): Promise<MprView[]> {
    if (this.state.mpr) return this.mpr.views();
    const visible = this.state.cells.slice(0, CELL_COUNT[this.state.layout]);
    const series = this.seriesIn(this.state.activeIndex) ?? visible.map((c) => this.seriesIn(c.index)).find(Boolean);
    if (!series) throw new Error('Show a CT or MR series first, then open MPR');
    // A volume is made once from the slices there are: one made mid-load would miss the rest.
    if (this.data.state().active) throw new Error('Images are still arriving: open MPR once they have all been read');
    const refusal = mprRefusal(series);
    if (refusal) throw new Error(refusal);
    for (const cell of visible) {
      const current = this.viewport(cell.index)?.getCurrentImageIdIndex();
      if (current !== undefined) this.resumeAt.set(cell.index, current);
    }
    const element = this.element();
    if (element) toolUtils.cine.stopClip(element);
    const shown = this.viewport()?.getCurrentImageId();
    const plane = shown ? imageGeometry.plane(shown) : undefined;
    const centre = shown && plane ? imageGeometry.indexToWorld(shown, [(plane.columns - 1) / 2, (plane.rows - 1) / 2]) : undefined;
    const ready = this.mpr.open(series, centre && series.imageIds.includes(shown ?? '') ? ([...centre] as Types.Point3) : undefined);
    this.update({ mpr: true, cinePlaying: false });
    try {
      await ready;
    } catch (error) {
      this.setLayout(this.state.layout);
      throw error;
    }
    return this.mpr.views();
  }

  setActive(index: number): void {
    if (index !== this.state.activeIndex && index < CELL_COUNT[this.state.layout]) this.update({ activeIndex: index });
  }

  /**
   * Shows a series in a cell (the active one by default), at an instance number if given. A
   * patient switch still drawing finishes first, so it cannot replace what is asked for here.
   */
  async showSeries(seriesInstanceUID: string, options: ShowOptions = {}): Promise<void> {
    await this.patientViews.settled();
    return this.showSeriesNow(seriesInstanceUID, options);
  }

  /** showSeries without waiting for a patient switch: the switch itself draws with it. */
  async showSeriesNow(seriesInstanceUID: string, options: ShowOptions = {}): Promise<void> {
    const series = this.data.findSeries(seriesInstanceUID);
    if (!series) throw new Error(`No open series ${seriesInstanceUID}`);
    const owner = this.data.collection.patientOfStudy(series.studyInstanceUID);
    if (owner && owner.key !== this.data.activePatientKey()) {
      // The viewports show one patient only: another patient's images are reached by switching.
      throw new Error(
        `Series "${series.description}" belongs to ${patientLabel(owner.identity)}, not to the patient on screen; switch to that patient first (list above the series).`,
      );
    }
    this.choice.shown(series.studyInstanceUID, options.auto === true);
    const index = options.viewport ?? this.state.activeIndex;
    if (index >= CELL_COUNT[this.state.layout]) throw new Error(`Viewport ${index + 1} is not in the ${this.state.layout} layout`);
    const cells = this.state.cells.map((c) => (c.index === index ? { ...c, seriesInstanceUID } : c));
    this.update({ cells, activeIndex: index });
    const viewport = this.viewport(index);
    if (!viewport) {
      // The cell mounts later and shows it from attach(), as the viewer's own choice if it was.
      if (options.auto) this.autoBeforeMount.add(index);
      else this.autoBeforeMount.delete(index);
      return;
    }
    // Opening by itself, the viewer opens on the image its first look shows (src/firstLook).
    const looked = options.auto && options.imageIndex === undefined && options.instanceNumber === undefined;
    const imageIndex = imageIndexIn(series, looked ? { sopInstanceUID: firstLookInstance(seriesInstanceUID) } : options);
    const sameSeries = viewport.getImageIds()[0] !== undefined && series.imageIds.includes(viewport.getImageIds()[0]);
    const request = (this.showRequests.get(index) ?? 0) + 1;
    this.showRequests.set(index, request);
    const replaced = () => this.showRequests.get(index) !== request;
    // Loading is no scroll: this viewport stops leading the synchroniser until its image is on screen.
    this.leading.hold(viewport.id);
    try {
      if (sameSeries && viewport.getImageIds().length === series.imageIds.length) {
        await viewport.setImageIdIndex(imageIndex);
      } else {
        await viewport.setStack(series.imageIds, imageIndex);
        if (replaced()) return;
        applyDefaultWindow(viewport, series);
        viewport.render();
      }
      await this.whenDisplayed(viewport, series.imageIds[imageIndex], replaced);
    } finally {
      this.leading.release(viewport.id);
    }
  }

  /**
   * Resolves once the viewport shows this image with its camera set: a script that measures
   * right after showing must not find a viewport that has no plane yet. A show replaced by a
   * later one in the same cell stops waiting: its image will never be on screen, and waiting
   * for it kept the viewport out of the synchroniser until the timeout.
   */
  private async whenDisplayed(
    viewport: Types.IStackViewport,
    imageId: string | undefined,
    replaced: () => boolean,
    timeoutMs = 15000,
  ): Promise<void> {
    const started = performance.now();
    const displayed = () =>
      viewport.getCurrentImageId() === imageId && Boolean(viewport.getImageData()) && Boolean(viewport.getCamera().viewUp);
    while (!displayed() && !replaced()) {
      if (performance.now() - started > timeoutMs) throw new Error('The image could not be shown (it did not load or decode in time)');
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
  }

  /** Steps the active viewport; resolves once the new image has been drawn. */
  scroll(delta: number): Promise<void> {
    const viewport = this.viewport();
    const element = this.element();
    if (!viewport || !element) return Promise.resolve();
    this.scrolled();
    const count = viewport.getImageIds().length;
    const target = Math.max(0, Math.min(count - 1, viewport.getCurrentImageIdIndex() + delta));
    if (target === viewport.getCurrentImageIdIndex()) return Promise.resolve();
    return new Promise((resolve) => {
      element.addEventListener(Enums.Events.IMAGE_RENDERED, () => resolve(), { once: true });
      void viewport.setImageIdIndex(target);
    });
  }

  scrollTo(position: 'first' | 'last'): Promise<void> {
    const viewport = this.viewport();
    if (!viewport) return Promise.resolve();
    const current = viewport.getCurrentImageIdIndex();
    return this.scroll(position === 'first' ? -current : viewport.getImageIds().length - 1 - current);
  }

  applyPreset(presetId: string): void {
    const preset = CT_PRESETS.find((p) => p.id === presetId);
    if (this.state.mpr) return this.mpr.applyWindow(preset ?? null);
    const viewport = this.viewport();
    if (!preset || !viewport) return;
    viewport.setProperties({ voiRange: voiRangeFor(preset.width, preset.center) });
    viewport.render();
  }

  autoWindowLevel(): void {
    const viewport = this.viewport();
    if (viewport && autoWindowLevelFor(viewport)) viewport.render();
  }

  invert(): void {
    const viewport = this.viewport();
    if (!viewport) return;
    viewport.setProperties({ invert: !viewport.getProperties().invert });
    viewport.render();
  }

  reset(): void {
    const viewport = this.viewport();
    const series = this.seriesIn(this.state.activeIndex);
    if (!viewport) return;
    viewport.resetCamera();
    viewport.resetProperties();
    if (series) applyDefaultWindow(viewport, series);
    viewport.render();
  }

  zoom(factor: number): void {
    const viewport = this.viewport();
    if (!viewport) return;
    viewport.setZoom(viewport.getZoom() * factor);
    viewport.render();
  }

  /** Where image pixel indices [column, row] of the current image are on the page (CSS pixels). */
  imageToClient(points: [number, number][], index = this.state.activeIndex): [number, number][] {
    return imageToClient(this.viewport(index), this.element(index), points);
  }

  /** The inverse of imageToClient: image pixel indices [column, row] under page points. */
  clientToImage(points: [number, number][], index = this.state.activeIndex): [number, number][] {
    return clientToImage(this.viewport(index), this.element(index), points);
  }

  setPrimaryTool(tool: PrimaryTool): void {
    setPrimaryTool(tool);
    setReformatPrimaryTool(tool);
    this.update({ primaryTool: tool });
  }

  /**
   * An extension's measurement tool (registered with Cornerstone) that also measures in the
   * reformat (MPR) views: added there passive, and given the left button when chosen.
   */
  addReformatTool(toolName: string): void {
    addReformatTool(toolName);
  }

  toggleCine(): void {
    const element = this.element();
    if (!element) return;
    if (this.state.cinePlaying) toolUtils.cine.stopClip(element);
    else toolUtils.cine.playClip(element, { framesPerSecond: 15, loop: true } as ToolTypes.CINETypes.PlayClipOptions);
    this.update({ cinePlaying: !this.state.cinePlaying });
  }

  toggleSyncScroll(): void {
    const on = !this.state.syncScroll;
    this.sync.setEnabled(on);
    this.update({ syncScroll: on });
  }

  seriesIn(index: number): SeriesModel | undefined {
    const uid = this.state.cells[index]?.seriesInstanceUID;
    return uid ? this.data.findSeries(uid) : undefined;
  }

  /** Scrolling (wheel, keys, commands) wants the cores for drawing: a load reads fewer files at once meanwhile. */
  private readonly scrolled = (): void => this.data.readingPace.scrolled();

  /** Marks the first render that shows pixels; an empty viewport renders too, and must not count. */
  private readonly markFirstImage = (event: Event): void => {
    if (this.firstImageMarked) return;
    const { viewportId } = (event as CustomEvent<{ viewportId: string }>).detail;
    const viewport = this.engine.getViewport(viewportId) as Types.IStackViewport | undefined;
    if (!viewport?.getCurrentImageId() || !viewport.getImageData()) return;
    this.firstImageMarked = true;
    performance.mark('viewer:first-image');
    // Alone in the grid, its place is the next first look's.
    endFirstLook(this.state.layout === '1x1' && !this.state.mpr ? viewport.canvas : undefined);
  };

  private update(patch: Partial<ViewportState>): void {
    this.state = { ...this.state, ...patch };
    this.notify();
  }
}
