/**
 * The segmentation tools as a reader uses them on the stacks: a lesion is chosen (its card's
 * Segment / Brush / Erase, or the selected lesion for the toolbar's buttons), then a click
 * grows it from the voxel under the pointer within the default range (seedRange.ts), a
 * freehand outline thresholds within it (two outlines on two slices: the slices between are
 * interpolated), and the brush and eraser change the slice on screen. Holds what the panel
 * shows (range, brush size, which segments are shown) and draws through the overlay.
 */
import { Enums as ToolEnums } from '@cornerstonejs/tools';
import type { HostServices } from '../../../src/extensions/hostServices';
import { Observable } from '../../../src/state/observable';
import { errorMessage } from '../../../src/util/errorMessage';
import type { InventoryAdapter } from '../annotations/inventoryAdapter';
import type { SlicePoint } from './rules/brushDisc';
import type { LesionSegmentRecord, SegmentStore } from './rules/segmentStore';
import type { ValueRange } from './rules/voxelGrid';
import { DEFAULT_BRUSH_MM, SegmentEditor } from './segmentEditCommands';
import { SegmentOverlay, lesionColour, type OverlaySketch } from './segmentOverlay';
import { SEGMENT_TOOL_NAMES, setSegmentPointer, type SegmentPointer, type SegmentToolMode } from './segmentPointerTools';
import type { SegmentResult } from './segmentCommands';

const MODES: readonly SegmentToolMode[] = ['grow', 'region', 'brush', 'erase'];

interface Stroke {
  readonly mode: SegmentToolMode;
  readonly index: number;
  readonly seriesInstanceUID: string;
  readonly instanceNumber: number;
  readonly points: SlicePoint[];
}

interface DrawnRegion {
  readonly seriesInstanceUID: string;
  readonly instanceNumber: number;
  readonly polygon: readonly SlicePoint[];
}

export class SegmentTools extends Observable implements SegmentPointer {
  readonly editor: SegmentEditor;
  readonly overlay: SegmentOverlay;
  /** The lesion the tools act on. */
  #lesionId: string | null = null;
  #brushMm = DEFAULT_BRUSH_MM;
  #shown = true;
  readonly #hidden = new Set<string>();
  /** Per lesion, the range shown in the panel (set by the last grow or region, or typed). */
  readonly #ranges = new Map<string, ValueRange>();
  /** Per lesion, where the last grow was seeded: Apply grows again from there. */
  readonly #seeds = new Map<string, { seriesInstanceUID: string; seed: [number, number, number] }>();
  /** The regions drawn for the lesion since the Region tool was chosen, one per slice. */
  #regions: DrawnRegion[] = [];
  #stroke: Stroke | null = null;
  #busy: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly services: HostServices,
    private readonly adapter: InventoryAdapter,
    private readonly segments: SegmentStore,
  ) {
    super();
    this.editor = new SegmentEditor(services, adapter.store, segments);
    this.overlay = new SegmentOverlay(services, segments, {
      shown: (lesionId) => this.#shown && !this.#hidden.has(lesionId),
      sketches: () => this.#sketches(),
    });
  }

  start(): () => void {
    setSegmentPointer(this);
    this.overlay.start();
    const stopPatient = this.services.data.onActivePatientChange(() => this.#reset());
    const stopSegments = this.segments.subscribe(() => {
      this.editor.keepEditsOf(new Set(this.segments.segments().map((s) => s.lesionId)));
      this.notify();
    });
    // The toolbar lights the tool that has the left button; the card follows it too.
    const stopViewports = this.services.viewports.subscribe(() => this.notify());
    return () => {
      setSegmentPointer(null);
      stopPatient();
      stopSegments();
      stopViewports();
      this.overlay.stop();
    };
  }

  #reset(): void {
    this.#lesionId = null;
    this.#regions = [];
    this.#stroke = null;
    this.notify();
  }

  get lesionId(): string | null {
    return this.#lesionId;
  }
  get brushMm(): number {
    return this.#brushMm;
  }
  get shown(): boolean {
    return this.#shown;
  }
  isShown(lesionId: string): boolean {
    return this.#shown && !this.#hidden.has(lesionId);
  }
  range(lesionId: string): ValueRange | null {
    return this.#ranges.get(lesionId) ?? this.segments.segment(lesionId)?.range ?? null;
  }
  segmentOf(lesionId: string): LesionSegmentRecord | undefined {
    return this.segments.segment(lesionId);
  }
  colourOf(lesionId: string): string {
    return lesionColour(lesionId);
  }
  /** Whether a series is CT (its range is in HU); false for MR (signal), null when not open. */
  isCt(seriesInstanceUID: string): boolean | null {
    const modality = this.services.data.findSeries(seriesInstanceUID)?.instances[0]?.header.modality;
    return modality === undefined ? null : modality !== 'MR';
  }
  /** The instance number of the active viewport's image, for Interpolate. */
  currentImage(): { current?: number } {
    const imageId = this.services.viewports.viewport()?.getCurrentImageId();
    const current = imageId ? this.services.data.instanceForImageId(imageId)?.instance.header.instanceNumber : undefined;
    return typeof current === 'number' ? { current } : {};
  }
  /** The segment tool that has the left button, if any. */
  mode(): SegmentToolMode | null {
    const tool = this.services.viewports.snapshot().primaryTool;
    return MODES.find((m) => SEGMENT_TOOL_NAMES[m] === tool) ?? null;
  }

  #redraw(): void {
    this.overlay.drawAll();
    this.notify();
  }

  #report(error: unknown): void {
    this.services.notifications.show('error', errorMessage(error));
  }

  /** Runs one change after the other: a stroke waits for the grow before it. */
  #queue<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#busy.then(work, work);
    this.#busy = next.catch(() => undefined);
    return next;
  }

  /** Chooses the lesion and gives the left button to a tool. */
  arm(mode: SegmentToolMode, lesionId: string | null): { lesionId: string; mode: SegmentToolMode } {
    const id = lesionId ?? this.#lesionId ?? this.adapter.selectedLesionId;
    if (id === null) throw new Error('Choose a lesion first: select its row, then Segment (or Brush, Erase) on its card');
    if (this.adapter.store.lesion(id) === null) throw new Error(`There is no lesion ${id} in this patient's case`);
    if (id !== this.#lesionId || mode !== 'region') this.#regions = [];
    this.#lesionId = id;
    this.services.viewports.setPrimaryTool(SEGMENT_TOOL_NAMES[mode]);
    this.#redraw();
    return { lesionId: id, mode };
  }

  /** Where a page point falls on cell `index`'s image: its series, instance and [column, row]. */
  #locate(element: HTMLDivElement, client: readonly [number, number]): (Omit<Stroke, 'mode' | 'points'> & { point: SlicePoint }) | null {
    const index = [0, 1, 2, 3].find((i) => this.services.viewports.element(i) === element);
    if (index === undefined) return null;
    const series = this.services.viewports.seriesIn(index);
    const imageId = this.services.viewports.viewport(index)?.getCurrentImageId();
    const instance = series?.instances.find((i) => i.imageIds[0] === imageId);
    if (!series || !instance || instance.header.instanceNumber === null) return null;
    let column: number;
    let row: number;
    try {
      [[column, row]] = this.services.viewports.clientToImage([[client[0], client[1]]], index) as [[number, number]];
    } catch {
      return null; // the image is not drawn yet
    }
    return { index, seriesInstanceUID: series.seriesInstanceUID, instanceNumber: instance.header.instanceNumber, point: [column, row] };
  }

  down(mode: SegmentToolMode, element: HTMLDivElement, client: readonly [number, number]): boolean {
    const lesionId = this.#lesionId;
    if (lesionId === null) {
      this.#report(new Error('Choose a lesion first: select its row, then Segment (or Brush, Erase) on its card'));
      return true;
    }
    const at = this.#locate(element, client);
    if (!at) return true;
    if (mode === 'grow') {
      const seed: [number, number, number] = [Math.round(at.point[0]), Math.round(at.point[1]), at.instanceNumber];
      void this.grow(lesionId, at.seriesInstanceUID, seed, null).catch((error: unknown) => this.#report(error));
      return true;
    }
    this.#stroke = {
      mode,
      index: at.index,
      seriesInstanceUID: at.seriesInstanceUID,
      instanceNumber: at.instanceNumber,
      points: [at.point],
    };
    // Cornerstone holds a press back until it knows it is no double click, so the button may
    // already be up: its own MOUSE_UP / MOUSE_CLICK on the element end the stroke, whenever.
    const up = (): void => {
      element.removeEventListener(ToolEnums.Events.MOUSE_UP, up);
      element.removeEventListener(ToolEnums.Events.MOUSE_CLICK, up);
      this.#finish();
    };
    element.addEventListener(ToolEnums.Events.MOUSE_UP, up);
    element.addEventListener(ToolEnums.Events.MOUSE_CLICK, up);
    this.#redraw();
    return true;
  }

  drag(element: HTMLDivElement, client: readonly [number, number]): void {
    const stroke = this.#stroke;
    if (!stroke || this.services.viewports.element(stroke.index) !== element) return;
    try {
      const [[column, row]] = this.services.viewports.clientToImage([[client[0], client[1]]], stroke.index) as [[number, number]];
      stroke.points.push([column, row]);
    } catch {
      return;
    }
    this.overlay.draw(stroke.index);
  }

  #finish(): void {
    const stroke = this.#stroke;
    this.#stroke = null;
    const lesionId = this.#lesionId;
    if (!stroke || lesionId === null) return this.#redraw();
    const { seriesInstanceUID, instanceNumber } = stroke;
    if (stroke.mode === 'region') {
      if (stroke.points.length < 3) return this.#redraw();
      this.#regions = [
        ...this.#regions.filter((r) => r.seriesInstanceUID === seriesInstanceUID && r.instanceNumber !== instanceNumber),
        { seriesInstanceUID, instanceNumber, polygon: stroke.points },
      ];
      void this.threshold(lesionId).catch((error: unknown) => this.#report(error));
    } else {
      const erase = stroke.mode === 'erase';
      void this.#queue(() =>
        this.editor.paint({
          lesionId,
          seriesInstanceUID,
          instanceNumber,
          centres: stroke.points.map((p) => [...p]),
          radiusMm: this.#brushMm,
          erase,
        }),
      ).catch((error: unknown) => this.#report(error));
    }
    this.#redraw();
  }

  /** Grows the lesion from a seed; with no range, the default range around the seed. */
  grow(lesionId: string, seriesInstanceUID: string, seed: [number, number, number], range: ValueRange | null): Promise<SegmentResult> {
    return this.#queue(async () => {
      const within = range ?? (await this.editor.defaultRange(seriesInstanceUID, seed));
      this.#seeds.set(lesionId, { seriesInstanceUID, seed });
      this.#ranges.set(lesionId, within);
      this.notify();
      this.editor.beforeGrow(lesionId);
      try {
        return (await this.services.commands.run('emh.segmentLesion', {
          lesionId,
          seriesInstanceUID,
          seed,
          range: [...within],
        })) as SegmentResult;
      } catch (error) {
        this.editor.forgetLastChange(lesionId);
        throw error;
      }
    });
  }

  /** Thresholds within the regions drawn so far (interpolated between their slices). */
  threshold(lesionId: string): Promise<SegmentResult> {
    const regions = this.#regions;
    const seriesInstanceUID = regions[0]?.seriesInstanceUID;
    if (!seriesInstanceUID) return Promise.reject(new Error('Draw a region around the lesion first'));
    return this.#queue(async () => {
      const range = this.#ranges.get(lesionId);
      const result = (await this.editor.threshold({
        lesionId,
        seriesInstanceUID,
        region: { slices: regions.map((r) => ({ instanceNumber: r.instanceNumber, polygon: r.polygon.map((p) => [...p]) })) },
        ...(range ? { range: [...range] } : {}),
      })) as SegmentResult;
      const bound = this.segments.segment(lesionId)?.range;
      if (bound) this.#ranges.set(lesionId, bound);
      this.#redraw();
      return result;
    });
  }

  /** Apply in the panel: the typed range, grown again from the last seed (or thresholded again in the drawn regions). */
  apply(lesionId: string, range: ValueRange): Promise<SegmentResult | null> {
    if (!(range[0] <= range[1])) return Promise.reject(new Error('The range must run from low to high'));
    this.#ranges.set(lesionId, range);
    this.notify();
    const record = this.segments.segment(lesionId);
    if (record?.method === 'thresholded' && this.#regions.length > 0 && this.#lesionId === lesionId) return this.threshold(lesionId);
    const seeded =
      this.#seeds.get(lesionId) ??
      (record?.method === 'grown' && record.seed
        ? { seriesInstanceUID: record.seriesInstanceUID, seed: [...record.seed] as [number, number, number] }
        : undefined);
    if (!seeded) return Promise.resolve(null);
    return this.grow(lesionId, seeded.seriesInstanceUID, seeded.seed, range);
  }

  setBrushMm(radiusMm: number): void {
    if (!(radiusMm > 0) || radiusMm > 100) throw new Error('The brush radius must be between 0 and 100 mm');
    this.#brushMm = radiusMm;
    this.notify();
  }

  setShown(on: boolean, lesionId?: string): void {
    if (lesionId === undefined) this.#shown = on;
    else if (on) this.#hidden.delete(lesionId);
    else this.#hidden.add(lesionId);
    this.#redraw();
  }

  /** Interpolate on the card: between the edited slices around the image on screen. */
  interpolate(lesionId: string): Promise<unknown> {
    return this.#queue(() => this.editor.interpolate({ lesionId, ...this.currentImage() }));
  }

  #sketches(): OverlaySketch[] {
    const sketches: OverlaySketch[] = this.#regions.map((r) => ({ ...r, kind: 'region', points: r.polygon, closed: true }));
    const stroke = this.#stroke;
    if (stroke) {
      const series = this.services.data.findSeries(stroke.seriesInstanceUID);
      const spacing = series?.instances[0]?.header.pixelSpacing;
      const radiusPx: [number, number] = spacing ? [this.#brushMm / spacing[1], this.#brushMm / spacing[0]] : [1, 1];
      const kind = stroke.mode === 'region' ? 'region' : stroke.mode === 'erase' ? 'erase' : 'stroke';
      sketches.push({
        seriesInstanceUID: stroke.seriesInstanceUID,
        instanceNumber: stroke.instanceNumber,
        kind,
        points: stroke.points,
        radiusPx,
        closed: false,
      });
    }
    return sketches;
  }

  state(): Record<string, unknown> {
    const lesionId = this.#lesionId;
    return {
      lesionId,
      mode: this.mode(),
      brushMm: this.#brushMm,
      shown: this.#shown,
      hidden: [...this.#hidden],
      range: lesionId ? this.range(lesionId) : null,
      regions: this.#regions.map((r) => r.instanceNumber),
      editedSlices: lesionId ? this.editor.editedSlices(lesionId).length : 0,
    };
  }
}
