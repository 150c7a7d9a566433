import {
  Enums,
  RenderingEngine,
  cache,
  eventTarget,
  getShouldUseCPURendering,
  metaData,
  setUseCPURendering,
  setVolumesForViewports,
  volumeLoader,
  type Types,
} from '@cornerstonejs/core';
import { ToolGroupManager } from '@cornerstonejs/tools';
import { Observable } from '../state/observable';
import type { SeriesModel } from '../data/studyModel';
import { imageGeometry } from '../geometry/imageGeometry';
import { slabSetting, volumeStackProblem, type SlabMode } from '../geometry/volumeStack';
import { MPR_TOOL_GROUP_ID, createMprToolGroup, crosshairCentre, setCrosshairCentre } from './mprTools';
import { autoWindow, voiRangeFor } from './windowPresets';
import { NO_WEBGL_NOTICE, webglAvailable } from './webgl';

export type MprPlane = 'axial' | 'sagittal' | 'coronal';
export const MPR_PLANES: readonly MprPlane[] = ['axial', 'sagittal', 'coronal'];

export interface MprView {
  viewportId: string;
  plane: MprPlane;
}

export interface MprTimings {
  /** Slices already decoded (by the stack's prefetch) when the volume was asked for. */
  framesAtOpen: number;
  /** ms from asking for the volume to the first drawn reformat. */
  firstRenderMs: number | null;
  /** Slices in the volume when that first reformat was drawn. */
  framesAtFirstRender: number | null;
  /** ms from asking for the volume to its last slice arriving. */
  loadedMs: number | null;
  framesLoaded: number;
  totalFrames: number;
}

/** What Cornerstone's cache says it holds while MPR is open (bytes), for the bench. */
export interface MprMemory {
  /** cache.getCacheSize(): decoded images of every series, which the volume reads from. */
  cacheBytes: number;
  /** The volume's voxelManager.sizeInBytes: voxels x bytes per voxel, a view of those images. */
  volumeBytes: number | null;
  bytesPerVoxel: number | null;
}

const ENGINE_ID = 'viewer-mpr-engine';
const ORIENTATION: Record<MprPlane, Enums.OrientationAxis> = {
  axial: Enums.OrientationAxis.AXIAL,
  sagittal: Enums.OrientationAxis.SAGITTAL,
  coronal: Enums.OrientationAxis.CORONAL,
};

export const mprViewportId = (plane: MprPlane): string => `mpr-${plane}`;

/** The frame of reference a series' images share ('' when the header has none). */
function frameOfReferenceOf(series: SeriesModel): (imageId: string) => string {
  const byImage = new Map(series.instances.flatMap((i) => i.imageIds.map((id) => [id, i.header.frameOfReferenceUID] as const)));
  return (imageId) => byImage.get(imageId) ?? '';
}

/** Why a series cannot be reformatted, or null. */
export function mprRefusal(series: SeriesModel): string | null {
  if (!webglAvailable()) return NO_WEBGL_NOTICE;
  if (series.modality !== 'CT' && series.modality !== 'MR') return `MPR is for CT and MR series, not ${series.modality}`;
  const frameOf = frameOfReferenceOf(series);
  const slices = series.imageIds.map((imageId) => {
    const plane = imageGeometry.plane(imageId);
    if (!plane) throw new Error(`No geometry for ${imageId}`);
    return { plane, frameOfReferenceUID: frameOf(imageId) };
  });
  const problem = volumeStackProblem(slices);
  return problem ? `This series cannot be reformatted: ${problem}.` : null;
}

/**
 * The reformat views: one series loaded as a volume by Cornerstone's streaming loader (so a
 * view is drawn as soon as the slices under it arrive), shown in three orthographic volume
 * viewports linked by crosshairs.
 *
 * Stacks are drawn on the CPU on machines with software WebGL, and Cornerstone decides CPU or
 * GPU once per rendering engine and viewport from one global flag. The reformats therefore get
 * their own rendering engine, made while the flag says GPU; the flag is put back when they
 * close. The stack grid is unmounted meanwhile, so no stack viewport is ever made under the
 * wrong flag and stack scrolling costs exactly what it did.
 */
export class MprService extends Observable {
  private engine: RenderingEngine | null = null;
  private readonly elements = new Map<MprPlane, HTMLDivElement>();
  private series: SeriesModel | null = null;
  private volumeId = '';
  private restoreCpu = false;
  private started = 0;
  private timings: MprTimings = {
    framesAtOpen: 0,
    firstRenderMs: null,
    framesAtFirstRender: null,
    loadedMs: null,
    framesLoaded: 0,
    totalFrames: 0,
  };
  private slab = { thickness: 0, mip: false };
  private ready: Promise<void> | null = null;
  private openAt: Types.Point3 | null = null;
  private resolveReady: (() => void) | null = null;
  private rejectReady: ((error: Error) => void) | null = null;
  activePlane: MprPlane = 'axial';

  views(): MprView[] {
    return MPR_PLANES.map((plane) => ({ viewportId: mprViewportId(plane), plane }));
  }

  get seriesShown(): SeriesModel | null {
    return this.series;
  }

  /**
   * Starts a reformat of a series, centred on `centre` (the middle of the image the reader was
   * on) when given; resolves once all three views are drawn.
   */
  open(series: SeriesModel, centre?: Types.Point3): Promise<void> {
    const refusal = mprRefusal(series);
    if (refusal) return Promise.reject(new Error(refusal));
    this.close();
    this.series = series;
    this.openAt = centre ?? null;
    this.slab = { thickness: 0, mip: false };
    this.activePlane = 'axial';
    this.ready = new Promise<void>((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    // The grid may already be mounted (a second series); otherwise attach() starts it.
    if (this.elements.size === MPR_PLANES.length) void this.start();
    this.notify();
    return this.ready;
  }

  /** Called by the MPR grid when a view's element mounts. */
  attach(plane: MprPlane, element: HTMLDivElement): void {
    this.elements.set(plane, element);
    if (this.elements.size === MPR_PLANES.length && this.series && !this.engine) void this.start();
  }

  detach(plane: MprPlane): void {
    this.elements.delete(plane);
    if (this.elements.size === 0) this.close();
  }

  element(plane: MprPlane): HTMLDivElement | undefined {
    return this.elements.get(plane);
  }

  viewport(plane: MprPlane = this.activePlane): Types.IVolumeViewport | undefined {
    return this.engine?.getViewport(mprViewportId(plane)) as Types.IVolumeViewport | undefined;
  }

  resize(): void {
    this.engine?.resize(true, true);
  }

  setActive(plane: MprPlane): void {
    if (plane === this.activePlane) return;
    this.activePlane = plane;
    this.notify();
  }

  nextPlane(): void {
    this.setActive(MPR_PLANES[(MPR_PLANES.indexOf(this.activePlane) + 1) % MPR_PLANES.length]);
  }

  /** Where patient points are on the page in a view, in CSS pixels: tests point at anatomy with it. */
  worldToClient(plane: MprPlane, points: Types.Point3[]): [number, number][] {
    const viewport = this.viewport(plane);
    const element = this.elements.get(plane);
    if (!viewport || !element) throw new Error('MPR is not open');
    const box = element.getBoundingClientRect();
    return points.map((point) => {
      const [x, y] = viewport.worldToCanvas(point);
      return [box.left + x, box.top + y];
    });
  }

  private async start(): Promise<void> {
    const series = this.series;
    if (!series) return;
    try {
      this.restoreCpu = getShouldUseCPURendering();
      // Only this engine and its viewports are made under the GPU flag (see the class comment).
      setUseCPURendering(false, false);
      const engine = new RenderingEngine(ENGINE_ID);
      this.engine = engine;
      engine.setViewports(
        MPR_PLANES.map((plane) => ({
          viewportId: mprViewportId(plane),
          type: Enums.ViewportType.ORTHOGRAPHIC,
          element: this.elements.get(plane) as HTMLDivElement,
          defaultOptions: { orientation: ORIENTATION[plane], background: [0, 0, 0] as Types.Point3 },
        })),
      );
      createMprToolGroup();
      const group = ToolGroupManager.getToolGroup(MPR_TOOL_GROUP_ID);
      for (const plane of MPR_PLANES) group?.addViewport(mprViewportId(plane), ENGINE_ID);
      this.volumeId = `cornerstoneStreamingImageVolume:mpr-${series.seriesInstanceUID}`;
      this.started = performance.now();
      this.timings = {
        framesAtOpen: series.imageIds.filter((imageId) => cache.isLoaded(imageId)).length,
        firstRenderMs: null,
        framesAtFirstRender: null,
        loadedMs: null,
        framesLoaded: 0,
        totalFrames: series.imageIds.length,
      };
      for (const element of this.elements.values()) element.addEventListener(Enums.Events.IMAGE_RENDERED, this.onRendered);
      const volume = await volumeLoader.createAndCacheVolume(this.volumeId, { imageIds: series.imageIds });
      if (this.engine !== engine) return;
      eventTarget.addEventListener(Enums.Events.IMAGE_VOLUME_MODIFIED, this.onVolumeModified);
      volume.load(() => {
        this.timings = { ...this.timings, loadedMs: performance.now() - this.started, framesLoaded: this.timings.totalFrames };
        this.notify();
      });
      // Resolve once each view has drawn the volume: a script that reads the screen next must
      // find the reformats there, not an empty canvas.
      const drawn = Promise.all(MPR_PLANES.map((plane) => this.nextRender(plane)));
      await setVolumesForViewports(
        engine,
        [{ volumeId: this.volumeId }],
        this.views().map((v) => v.viewportId),
      );
      if (this.engine !== engine) return;
      this.applyWindow(this.defaultWindow(series));
      // The axial view opens on the slice the reader was on, the others through its centre.
      if (this.openAt) setCrosshairCentre(this.openAt);
      engine.renderViewports(this.views().map((v) => v.viewportId));
      await drawn;
      if (this.engine === engine) this.resolveReady?.();
    } catch (error) {
      this.rejectReady?.(error instanceof Error ? error : new Error(String(error)));
      this.close();
    }
  }

  private nextRender(plane: MprPlane): Promise<void> {
    return new Promise((resolve) => {
      this.elements.get(plane)?.addEventListener(Enums.Events.IMAGE_RENDERED, () => resolve(), { once: true });
    });
  }

  /** Ends the reformat: frees the GPU contexts and the volume, and puts the stack flag back. */
  close(): void {
    const engine = this.engine;
    this.engine = null;
    if (engine) {
      for (const element of this.elements.values()) element.removeEventListener(Enums.Events.IMAGE_RENDERED, this.onRendered);
      eventTarget.removeEventListener(Enums.Events.IMAGE_VOLUME_MODIFIED, this.onVolumeModified);
      const group = ToolGroupManager.getToolGroup(MPR_TOOL_GROUP_ID);
      for (const plane of MPR_PLANES) group?.removeViewports(ENGINE_ID, mprViewportId(plane));
      engine.destroy();
      if (this.volumeId) cache.removeVolumeLoadObject(this.volumeId);
      setUseCPURendering(this.restoreCpu, false);
    }
    this.volumeId = '';
    this.series = null;
    this.rejectReady?.(new Error('MPR was closed'));
    this.resolveReady = null;
    this.rejectReady = null;
  }

  /** A window (width / centre) on all three views. */
  applyWindow(window: { width: number; center: number } | null): void {
    if (!window) return;
    for (const plane of MPR_PLANES) {
      const viewport = this.viewport(plane);
      viewport?.setProperties({ voiRange: voiRangeFor(window.width, window.center) }, this.volumeId);
      viewport?.render();
    }
  }

  /** The window the series' files carry; MR without one is windowed from its own values. */
  private defaultWindow(series: SeriesModel): { width: number; center: number } | null {
    const middle = series.imageIds[Math.floor(series.imageIds.length / 2)];
    const voi = metaData.get('voiLutModule', middle) as { windowWidth?: number[]; windowCenter?: number[] } | undefined;
    if (voi?.windowWidth?.length && voi.windowCenter?.length) return { width: voi.windowWidth[0], center: voi.windowCenter[0] };
    const image = cache.getImage(middle);
    return image ? autoWindow(image.getPixelData()) : null;
  }

  /** A slab on the active view: maximum intensity over `thickness` mm, or a plain slice. */
  setSlab(thickness: number, mode: SlabMode): void {
    const viewport = this.viewport();
    if (!viewport) throw new Error('MPR is not open');
    this.slab = slabSetting(thickness, mode);
    if (this.slab.mip) {
      viewport.setBlendMode(Enums.BlendModes.MAXIMUM_INTENSITY_BLEND);
      viewport.setSlabThickness(this.slab.thickness);
    } else {
      viewport.setBlendMode(Enums.BlendModes.COMPOSITE);
      viewport.resetSlabThickness();
    }
    viewport.render();
    this.notify();
  }

  slabOf(plane: MprPlane): { thickness: number; mode: SlabMode } {
    const viewport = this.viewport(plane);
    const mip = viewport?.getBlendMode() === Enums.BlendModes.MAXIMUM_INTENSITY_BLEND;
    return { thickness: mip ? (viewport?.getSlabThickness() ?? 0) : 0, mode: mip ? 'mip' : 'none' };
  }

  setCentre(point: Types.Point3): void {
    if (!this.engine) throw new Error('MPR is not open');
    setCrosshairCentre(point);
    this.engine.render();
  }

  centre(): Types.Point3 | null {
    return this.engine ? crosshairCentre() : null;
  }

  timing(): MprTimings {
    return this.timings;
  }

  memory(): MprMemory {
    const volume = this.volumeId ? cache.getVolume(this.volumeId) : undefined;
    return {
      cacheBytes: cache.getCacheSize(),
      volumeBytes: volume?.voxelManager?.sizeInBytes ?? null,
      bytesPerVoxel: volume?.voxelManager?.bytePerVoxel ?? null,
    };
  }

  private readonly onRendered = (): void => {
    // The first draw with any slice in the volume: before that the views are black.
    if (this.timings.firstRenderMs !== null || this.timings.framesLoaded === 0) return;
    this.timings = { ...this.timings, firstRenderMs: performance.now() - this.started, framesAtFirstRender: this.timings.framesLoaded };
  };

  private readonly onVolumeModified = (event: Event): void => {
    const detail = (event as CustomEvent<{ volumeId?: string; numberOfFrames?: number; framesProcessed?: number }>).detail;
    if (detail.volumeId !== this.volumeId) return;
    const loaded = cache.getVolume(this.volumeId) as unknown as { framesLoaded?: number } | undefined;
    this.timings = { ...this.timings, framesLoaded: loaded?.framesLoaded ?? this.timings.framesLoaded };
  };
}
