/**
 * A prior study beside the current one: which series to show, on which slice, and how the two
 * scroll together. Two studies that share a frame of reference line up by patient position.
 * Two visits do not (the table moved), so each pair of studies has an offset, set by the user
 * linking one matching pair of points or found by registering the images, remembered per pair
 * (StudyOffsets). Cornerstone's image slice synchroniser does the scrolling; it is handed that
 * offset through its spatial registration provider, because the registration Cornerstone
 * computes itself is no registration (see registrationsForCornerstone).
 */
import { utilities } from '@cornerstonejs/core';
import type { DataManager } from '../data/dataManager';
import type { DicomwebService } from '../data/dicomweb/dicomwebService';
import { bestMatchingSeries, type SeriesDescriptor } from '../data/seriesMatch';
import type { SeriesModel } from '../data/studyModel';
import { StudyOffsets, type OffsetMethod, type StudyOffset } from '../data/studyOffsets';
import type { ImageInstance } from '../data/types';
import { imageGeometry } from '../geometry/imageGeometry';
import { registerStudies } from '../geometry/studyRegistration';
import { add, dot, subtract, type Vec3 } from '../geometry/vec3';
import { Observable } from '../state/observable';
import { seriesSamples } from './seriesSamples';
import type { ViewportService } from './viewportService';

export type MatchMethod = 'frame-of-reference' | OffsetMethod | 'none';

export interface MatchingImage {
  instanceNumber: number | null;
  frame: number | null;
  point: [number, number] | null;
  method: MatchMethod;
}

/** One end of a linked pair: an image (by SOP instance, or what a viewport shows) and a pixel on it. */
export interface ImagePoint {
  sopInstanceUID?: string;
  frame?: number;
  viewport?: number;
  point: [number, number];
}

interface Relation {
  translation: Vec3;
  method: Exclude<MatchMethod, 'none'>;
}

type RegistrationMatrix = Parameters<typeof utilities.spatialRegistrationMetadataProvider.add>[1];

const IDENTITY: Vec3 = [0, 0, 0];

function frameOfReference(series: SeriesModel): string {
  return series.instances[0]?.header.frameOfReferenceUID ?? '';
}

/** Cornerstone's registration matrices are column-major 4x4: a translation is its last column. */
function translationMatrix([x, y, z]: Vec3): RegistrationMatrix {
  return new Float32Array([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, x, y, z, 1]);
}

function browserStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export class PriorComparison extends Observable {
  readonly offsets = new StudyOffsets(browserStorage());
  private readonly registering = new Map<string, Promise<StudyOffset | null>>();
  /** The user is picking a matching pair of points: the first one once picked. */
  private linkState: { first: ImagePoint | null } | null = null;
  /** What was last handed to Cornerstone per viewport pair, so unchanged pairs are left alone. */
  private readonly handed = new Map<string, string>();

  constructor(
    private readonly data: DataManager,
    private readonly viewports: ViewportService,
    private readonly dicomweb: DicomwebService,
    private readonly seriesInfo: (series: SeriesModel) => Record<string, unknown>,
  ) {
    super();
    viewports.subscribe(() => this.registrationsForCornerstone());
  }

  /** How a point of series `from` maps into series `to`'s patient coordinates; null: unknown yet. */
  relation(from: SeriesModel, to: SeriesModel): Relation | null {
    const sameFrame = frameOfReference(from) !== '' && frameOfReference(from) === frameOfReference(to);
    if (sameFrame || from.studyInstanceUID === to.studyInstanceUID) return { translation: IDENTITY, method: 'frame-of-reference' };
    const offset = this.offsets.get(from.studyInstanceUID, to.studyInstanceUID);
    return offset ? { translation: offset.translation, method: offset.method } : null;
  }

  /** The relation, registering the two series' images first when none is known. */
  async ensureRelation(from: SeriesModel, to: SeriesModel): Promise<Relation | null> {
    const known = this.relation(from, to);
    if (known) return known;
    await this.register(from, to);
    return this.relation(from, to);
  }

  /** Registers two series of two studies (once at a time per pair) and remembers the offset. */
  register(from: SeriesModel, to: SeriesModel): Promise<StudyOffset | null> {
    const key = `${from.seriesInstanceUID}|${to.seriesInstanceUID}`;
    let running = this.registering.get(key);
    if (!running) {
      running = (async () => {
        await this.loadingDone();
        const [a, b] = await Promise.all([seriesSamples(from), seriesSamples(to)]);
        const found = a && b ? registerStudies(a, b) : null;
        if (!found) return null;
        const offset: StudyOffset = { translation: found.translation, method: 'registration' };
        this.offsets.set(from.studyInstanceUID, to.studyInstanceUID, offset);
        this.changed();
        return offset;
      })().finally(() => this.registering.delete(key));
      this.registering.set(key, running);
    }
    return running;
  }

  /** Resolves once nothing is loading: a series still arriving would be registered in part. */
  private loadingDone(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.data.state().active) return resolve();
      const stop = this.data.subscribe(() => {
        if (this.data.state().active) return;
        stop();
        resolve();
      });
    });
  }

  /**
   * Opens a prior study beside the series on screen: 1x2, the current series left, the prior's
   * best matching series right on the matching slice, scrolling in sync. A study only on the
   * PACS is retrieved first.
   */
  async openBeside(target: { studyInstanceUID?: string; seriesInstanceUID?: string }): Promise<{
    left: string;
    right: string;
    method: MatchMethod;
  }> {
    const studyInstanceUID = target.studyInstanceUID ?? this.data.findSeries(target.seriesInstanceUID ?? '')?.studyInstanceUID;
    if (!studyInstanceUID) throw new Error('Give the studyInstanceUID (or seriesInstanceUID) of an open or PACS study');
    const current = this.currentSeries(studyInstanceUID);
    if (!current) throw new Error('Show a series of the current study first: the prior opens beside it');
    const currentIndex = this.viewports.viewport()?.getCurrentImageIdIndex() ?? 0;
    this.viewports.setLayout('1x2');
    await this.viewports.showSeries(current.seriesInstanceUID, { viewport: 0, imageIndex: currentIndex });
    if (!this.data.collection.list().some((s) => s.studyInstanceUID === studyInstanceUID)) {
      if (!this.dicomweb.connected()) throw new Error(`Study ${studyInstanceUID} is not open and no PACS is connected`);
      await this.dicomweb.openStudy(studyInstanceUID);
    }
    const prior = target.seriesInstanceUID ? this.data.findSeries(target.seriesInstanceUID) : this.bestMatch(current, studyInstanceUID);
    if (!prior) throw new Error(`The study has no ${current.modality} series to show beside "${current.description}"`);
    const imageId = current.imageIds[currentIndex] ?? current.imageIds[0];
    const slice = (relation: Relation | null): number =>
      relation ? this.nearestImageIndex(prior, add(this.centreOf(imageId), relation.translation)) : 0;
    // Shown at once (registration reads every slice of both series first): on the matching
    // slice when the pair is known, else on its first image until the offset is found.
    const known = this.relation(current, prior);
    await this.viewports.showSeries(prior.seriesInstanceUID, { viewport: 1, imageIndex: slice(known) });
    this.viewports.setActive(0);
    if (!this.viewports.snapshot().syncScroll) this.viewports.toggleSyncScroll();
    // Opened while files still arrive (both studies' first images come early): the matching
    // slice may not be read yet, so the prior is placed again once everything has arrived.
    const placedEarly = this.data.state().active;
    const relation = known ?? (await this.ensureRelation(current, prior));
    if (placedEarly) await this.loadingDone();
    if ((!known || placedEarly) && relation && this.viewports.seriesIn(1)?.seriesInstanceUID === prior.seriesInstanceUID) {
      // Where the reader is now on the left: they may have scrolled while it registered.
      const leftNow = this.viewports.viewport(0)?.getCurrentImageId() ?? imageId;
      const index = this.nearestImageIndex(prior, add(this.centreOf(leftNow), relation.translation));
      await this.viewports.showSeries(prior.seriesInstanceUID, { viewport: 1, imageIndex: index });
      this.viewports.setActive(0);
    }
    this.registrationsForCornerstone();
    return { left: current.seriesInstanceUID, right: prior.seriesInstanceUID, method: relation?.method ?? 'none' };
  }

  /** Sets the offset of two studies from a matching pair of points, one on an image of each. */
  link(from: ImagePoint, to: ImagePoint): { translation: Vec3; method: 'linked' } {
    const a = this.imageOf(from);
    const b = this.imageOf(to);
    const studyA = a.instance.header.studyInstanceUID;
    const studyB = b.instance.header.studyInstanceUID;
    if (studyA === studyB) throw new Error('Link a point of one study to the same point of another study');
    const translation = subtract(imageGeometry.indexToWorld(b.imageId, to.point), imageGeometry.indexToWorld(a.imageId, from.point));
    this.offsets.set(studyA, studyB, { translation, method: 'linked' });
    this.changed();
    return { translation, method: 'linked' };
  }

  /** Where the anatomy at an image (and pixel) is on another series: instance, frame and pixel. */
  async matchingImage(args: {
    sopInstanceUID: string;
    frame?: number;
    point?: [number, number];
    toSeriesInstanceUID: string;
  }): Promise<MatchingImage> {
    const source = this.imageOf({ sopInstanceUID: args.sopInstanceUID, frame: args.frame, point: args.point ?? [0, 0] });
    const from = this.data.findSeries(source.instance.header.seriesInstanceUID);
    const to = this.data.findSeries(args.toSeriesInstanceUID);
    if (!from) throw new Error(`No open image ${args.sopInstanceUID}`);
    if (!to) throw new Error(`No open series ${args.toSeriesInstanceUID}`);
    const relation = await this.ensureRelation(from, to);
    if (!relation) return { instanceNumber: null, frame: null, point: null, method: 'none' };
    const world = args.point ? imageGeometry.indexToWorld(source.imageId, args.point) : this.centreOf(source.imageId);
    const mapped = add(world, relation.translation);
    const imageId = to.imageIds[this.nearestImageIndex(to, mapped)];
    const found = this.data.instanceForImageId(imageId);
    const point = args.point ? imageGeometry.worldToIndex(imageId, [...mapped]) : null;
    return {
      instanceNumber: found?.instance.header.instanceNumber ?? null,
      frame: found?.frame ?? null,
      point: point ? [Math.round(point[0] * 100) / 100, Math.round(point[1] * 100) / 100] : null,
      method: relation.method,
    };
  }

  /** The UI's link action: on, the next two clicks (one per viewport) are a matching pair. */
  linking(): boolean {
    return this.linkState !== null;
  }

  setLinking(on: boolean): void {
    this.linkState = on ? { first: null } : null;
    this.notify();
  }

  /** A click on a viewport while linking; true when it was taken as a point of the pair. */
  linkClick(viewport: number, clientX: number, clientY: number): boolean {
    if (!this.linkState) return false;
    const [point] = this.viewports.clientToImage([[clientX, clientY]], viewport);
    const picked: ImagePoint = { viewport, point };
    const first = this.linkState.first;
    if (!first || first.viewport === viewport) {
      this.linkState = { first: picked };
      this.notify();
      return true;
    }
    this.linkState = null;
    this.link(first, picked);
    return true;
  }

  private changed(): void {
    this.registrationsForCornerstone();
    this.notify();
  }

  /**
   * Cornerstone's synchroniser asks its spatial registration provider for a matrix per pair of
   * viewports before it looks at frames of reference. Without one, across two frames of
   * reference it calls calculateViewportsSpatialRegistration, which (Cornerstone 5.14) looks
   * the image plane up under the viewport's slice index instead of an imageId, finds none and
   * gives up; and if it did find one, it would only subtract the two ImagePositionPatients on
   * screen, i.e. assume the slices shown now show the same anatomy. So each pair of visible
   * viewports is handed the study offset here, and a pair without one is cleared.
   */
  private registrationsForCornerstone(): void {
    const { layout, cells } = this.viewports.snapshot();
    const visible = cells.slice(0, layout === '1x1' ? 1 : layout === '1x2' ? 2 : 4);
    for (const source of visible) {
      for (const target of visible) {
        if (source.index === target.index) continue;
        const from = source.seriesInstanceUID ? this.data.findSeries(source.seriesInstanceUID) : undefined;
        const to = target.seriesInstanceUID ? this.data.findSeries(target.seriesInstanceUID) : undefined;
        const relation = from && to && frameOfReference(from) !== frameOfReference(to) ? this.relation(from, to) : null;
        const key = `${target.viewportId}_${source.viewportId}`;
        const value = relation ? relation.translation.join(',') : '';
        if ((this.handed.get(key) ?? '') === value) continue;
        this.handed.set(key, value);
        // Keyed (target, source): the matrix takes the source's positions to the target's.
        utilities.spatialRegistrationMetadataProvider.add(
          [target.viewportId, source.viewportId],
          (relation ? translationMatrix(relation.translation) : undefined) as RegistrationMatrix,
        );
      }
    }
  }

  /** The series on screen to compare from: the active viewport's, unless it is of the prior itself. */
  private currentSeries(priorStudy: string): SeriesModel | undefined {
    const { activeIndex, cells } = this.viewports.snapshot();
    const order = [activeIndex, ...cells.map((c) => c.index).filter((i) => i !== activeIndex)];
    for (const index of order) {
      const series = this.viewports.seriesIn(index);
      if (series && series.studyInstanceUID !== priorStudy) return series;
    }
    return undefined;
  }

  private bestMatch(current: SeriesModel, studyInstanceUID: string): SeriesModel | undefined {
    const describe = (series: SeriesModel): SeriesDescriptor => ({
      seriesInstanceUID: series.seriesInstanceUID,
      modality: series.modality,
      description: series.description,
      imageCount: series.imageIds.length,
      attributes: this.seriesInfo(series),
    });
    const study = this.data.collection.list().find((s) => s.studyInstanceUID === studyInstanceUID);
    const match = bestMatchingSeries(describe(current), (study?.series ?? []).map(describe));
    return match ? this.data.findSeries(match.seriesInstanceUID) : undefined;
  }

  /** The slice of a series nearest to a patient point, along the series' slice normal. */
  private nearestImageIndex(series: SeriesModel, world: Vec3): number {
    let best = 0;
    let bestDistance = Infinity;
    series.imageIds.forEach((imageId, index) => {
      const plane = imageGeometry.plane(imageId);
      if (!plane) return;
      const distance = Math.abs(dot(subtract(world, plane.origin), plane.normal));
      if (distance < bestDistance) {
        bestDistance = distance;
        best = index;
      }
    });
    return best;
  }

  private centreOf(imageId: string): Vec3 {
    const plane = imageGeometry.plane(imageId);
    return imageGeometry.indexToWorld(imageId, [((plane?.columns ?? 1) - 1) / 2, ((plane?.rows ?? 1) - 1) / 2]);
  }

  private imageOf(end: ImagePoint): { instance: ImageInstance; imageId: string } {
    let imageId: string | undefined;
    if (end.sopInstanceUID !== undefined) {
      const instance = this.data
        .series()
        .flatMap((s) => s.instances)
        .find((i) => i.header.sopInstanceUID === end.sopInstanceUID);
      imageId = instance?.imageIds[(end.frame ?? 1) - 1];
      if (!imageId) throw new Error(`No open image ${end.sopInstanceUID}${end.frame ? ` frame ${end.frame}` : ''}`);
    } else {
      imageId = this.viewports.viewport(end.viewport)?.getCurrentImageId();
      if (!imageId) throw new Error(`No image in viewport ${(end.viewport ?? 0) + 1}`);
    }
    const found = this.data.instanceForImageId(imageId);
    if (!found) throw new Error('That image is not open');
    return { instance: found.instance, imageId };
  }
}
