import { eventTarget, utilities as csUtils, type Types } from '@cornerstonejs/core';
import { Enums as ToolEnums, annotation as annotationApi, utilities as toolUtils, type Types as ToolTypes } from '@cornerstonejs/tools';
import { Observable } from '../../../src/state/observable';
import type { HostServices } from '../../../src/extensions/hostServices';
import { belongsToLesion, type EmhAnnotation } from '../inventory/rules/annotationTypes';
import type { EmhInventoryStore } from '../inventory/rules/inventoryStore';
import { isEmhToolName, mappingOfTool } from './rules/mappings/toolMappings';
import { annotationFromSource, isAnnotationSource, lesionIdOf, setLesionIdOf, toEmhAnnotation } from './annotationMapping';
import { annotationLabel } from './rules/onImageLabels';
import { handDrawingRefusal, lesionCandidatesFor } from './handDrawn';
import { isWorldAnnotation, reformatViewportIds, toWorldEmhAnnotation } from './reformatMeasurement';
import type { LesionCandidate } from '../lesions/rules/lesionCandidates';
import { errorMessage } from '../../../src/util/errorMessage';

/** A lesion ROI drawn by hand that waits for the user to say which lesion it measures. */
export interface PendingRoi {
  readonly annotationUID: string;
  /** Nearest first; the user may also make it a new lesion. */
  readonly candidates: readonly LesionCandidate[];
}

/** How an annotation goes to the store. */
interface SyncOptions {
  /** A step of a gesture still under way (a drag): its moves merge into one undo step. */
  readonly transient?: boolean;
  /** A drawing by hand: it may join the lesion armed in the panel ("Measure L1 here"). */
  readonly useSelection?: boolean;
  /** Statistics drawn again for the same handles: no user action, no undo step. */
  readonly refresh?: boolean;
}

type AnnotationEvent = CustomEvent<{ annotation: ToolTypes.Annotation; changeType?: string }>;

function samePoints(a: readonly (readonly number[])[] | undefined, b: readonly (readonly number[])[] | undefined): boolean {
  if (!a || !b || a.length !== b.length) return false;
  return a.every((p, i) => csUtils.isEqual(p, b[i], 1e-6));
}

const { Events } = ToolEnums;

/**
 * Follows Cornerstone's annotation events and keeps the inventory store equal to what is on
 * the images; after undo, redo or a restore it makes the images equal to the store again.
 * It is the only place where Cornerstone annotations and the domain meet.
 */
export class InventoryAdapter extends Observable {
  private selected: string | null = null;
  private armed: string | null = null;
  private pending: PendingRoi | null = null;
  private sitePickerFor: string | null = null;
  private readonly completed = new Set<string>();
  /** Annotations made by the scripting API, which never attach to the panel's selection. */
  private readonly scripted = new Set<string>();
  private applyingStore = false;
  private labelFrame = 0;

  constructor(
    private readonly services: HostServices,
    readonly store: EmhInventoryStore,
  ) {
    super();
  }

  /** The lesion highlighted in the panel. Selecting never attaches anything to it. */
  get selectedLesionId(): string | null {
    return this.selected;
  }

  /** "Measure L1 here": the next lesion drawing joins this lesion, then it disarms. */
  get armedLesionId(): string | null {
    return this.armed;
  }

  /** A hand-drawn lesion ROI asking which lesion it belongs to. */
  get pendingRoi(): PendingRoi | null {
    return this.pending;
  }

  /** A lesion just drawn whose site the user has not given yet. */
  get sitePickerLesionId(): string | null {
    return this.sitePickerFor;
  }

  start(): void {
    eventTarget.addEventListener(Events.ANNOTATION_COMPLETED, this.onCompleted);
    eventTarget.addEventListener(Events.ANNOTATION_MODIFIED, this.onModified);
    eventTarget.addEventListener(Events.ANNOTATION_REMOVED, this.onRemoved);
    this.stopFollowingStore = this.store.subscribe(() => {
      // A lesion gone (deleted, undone, cleared) can be neither selected nor measured into.
      if (this.armed && !this.store.lesion(this.armed)) this.armed = null;
      if (this.selected && !this.store.lesion(this.selected)) this.selected = null;
      this.scheduleLabels();
      this.notify();
    });
    // Measurements restored before their images were open are drawn when a load finishes.
    let wasLoading = false;
    this.stopWatchingLoads = this.services.data.subscribe(() => {
      const loading = this.services.data.state().active;
      if (wasLoading && !loading && this.hasUndrawn()) this.reconcile();
      wasLoading = loading;
    });
  }

  private stopFollowingStore: () => void = () => undefined;
  private stopWatchingLoads: () => void = () => undefined;

  private hasUndrawn(): boolean {
    const drawn = new Set(this.emhAnnotations().map((a) => a.annotationUID));
    return this.store.state().annotations.some((a) => !drawn.has(a.annotationUID) && isAnnotationSource(a.source));
  }

  stop(): void {
    this.stopFollowingStore();
    this.stopWatchingLoads();
    eventTarget.removeEventListener(Events.ANNOTATION_COMPLETED, this.onCompleted);
    eventTarget.removeEventListener(Events.ANNOTATION_MODIFIED, this.onModified);
    eventTarget.removeEventListener(Events.ANNOTATION_REMOVED, this.onRemoved);
  }

  selectLesion(lesionId: string | null): void {
    this.selected = lesionId;
    this.notify();
  }

  /** The next lesion drawing (one only) adds to this lesion; null disarms. */
  arm(lesionId: string | null): void {
    if (lesionId !== null && !this.store.lesion(lesionId)) throw new Error(`There is no lesion ${lesionId}`);
    this.armed = lesionId;
    if (lesionId !== null) this.selected = lesionId;
    this.notify();
  }

  /**
   * Esc: an ROI waiting for its lesion is discarded, the armed lesion disarmed, the selection
   * (row and annotation) cleared. Returns whether there was anything to clear.
   */
  escape(): boolean {
    const selected = annotationApi.selection.getAnnotationsSelected() ?? [];
    const had = this.pending !== null || this.armed !== null || this.selected !== null || selected.length > 0;
    if (this.pending) this.removeFromImages(this.pending.annotationUID);
    this.pending = null;
    this.armed = null;
    this.selected = null;
    if (selected.length > 0) {
      annotationApi.selection.deselectAnnotation();
      this.redraw();
    }
    this.notify();
    return had;
  }

  /** The answer to the chooser: a lesion id, or null for a new lesion. */
  choosePendingLesion(lesionId: string | null): string | null | undefined {
    const pending = this.pending;
    if (!pending) throw new Error('No ROI is waiting for its lesion');
    if (lesionId !== null && !this.store.lesion(lesionId)) throw new Error(`There is no lesion ${lesionId}`);
    const annotation = annotationApi.state.getAnnotation(pending.annotationUID);
    this.pending = null;
    this.notify();
    if (!annotation) return undefined;
    const uid = pending.annotationUID;
    setLesionIdOf(annotation, lesionId ?? undefined);
    this.completed.add(uid);
    // The user answered: the ROI must not attach to anything else, armed or not.
    this.scripted.add(uid);
    try {
      return this.sync(annotation);
    } finally {
      this.redraw();
    }
  }

  /** The site is given (or the user dismissed the picker); with a lesion id, only that lesion's picker closes. */
  closeSitePicker(lesionId?: string): void {
    if (lesionId !== undefined && this.sitePickerFor !== lesionId) return;
    this.sitePickerFor = null;
    this.notify();
  }

  /**
   * A script is about to place this annotation: it is complete the moment it exists, and joins
   * only the lesion the script names, never the panel's armed lesion.
   */
  placingByScript(annotationUID: string): void {
    this.completed.add(annotationUID);
    this.scripted.add(annotationUID);
  }

  /** Records an annotation a script placed; returns its lesion id, or throws with the refusal. */
  recordScripted(annotation: ToolTypes.Annotation): string | null | undefined {
    return this.sync(annotation);
  }

  /**
   * Sends an annotation to the store; returns its lesion id, or throws with the refusal.
   * Drawings attach to the lesion selected in the panel; scripts say which lesion they mean.
   */
  private sync(
    annotation: ToolTypes.Annotation,
    { transient = false, useSelection = false, refresh = false }: SyncOptions = {},
  ): string | null | undefined {
    const imageId = annotation.metadata?.referencedImageId;
    const image = imageId ? this.services.data.instanceForImageId(imageId) : undefined;
    const inReformat = !image && isWorldAnnotation(annotation);
    if (!image && !inReformat) return undefined;
    if (useSelection && !lesionIdOf(annotation) && this.armed && this.isLesionTool(annotation)) {
      setLesionIdOf(annotation, this.armed);
    }
    const record = image ? toEmhAnnotation(annotation, image, this.services.geometry) : toWorldEmhAnnotation(this.services, annotation);
    if (!record) return undefined;
    const result = this.store.upsert(record, { transient, refresh });
    if (!result.ok) {
      this.removeFromImages(annotation.annotationUID as string);
      throw new Error(result.reason);
    }
    const { lesionId, createdLesion } = result.value;
    if (lesionId && belongsToLesion(record)) setLesionIdOf(annotation, lesionId);
    // Statistics arrive while Cornerstone is drawing this annotation, before it draws the
    // text: the new label shows in the same frame. Other labels follow on the next frame.
    const stored = this.store.annotation(record.annotationUID);
    if (stored) annotation.data.label = annotationLabel(stored, this.store.inventory());
    if (createdLesion && record.kind === 'lesionAxes' && lesionId) {
      this.sitePickerFor = lesionId;
      this.notify();
    }
    return lesionId;
  }

  /** Makes the images show exactly the store's annotations (after undo, redo, restore, delete). */
  reconcile(): void {
    const wanted = new Map(this.store.state().annotations.map((a) => [a.annotationUID, a]));
    this.applyingStore = true;
    try {
      for (const existing of this.emhAnnotations()) {
        const uid = existing.annotationUID as string;
        const target = wanted.get(uid);
        if (!target) {
          annotationApi.state.removeAnnotation(uid);
          this.completed.delete(uid);
          continue;
        }
        wanted.delete(uid);
        setLesionIdOf(existing, target.lesionId);
        if (isAnnotationSource(target.source) && !samePoints(existing.data.handles?.points, target.source.points)) {
          // Only a moved annotation is measured again; the others keep their statistics.
          existing.data.handles = { ...existing.data.handles, points: target.source.points as Types.Point3[] };
          existing.invalidated = true;
        }
      }
      for (const missing of wanted.values()) this.recreate(missing);
    } finally {
      this.applyingStore = false;
    }
    this.redraw(); // removed annotations must leave the screen too, not only changed labels
    this.scheduleLabels();
  }

  removeFromImages(annotationUID: string): void {
    this.applyingStore = true;
    try {
      annotationApi.state.removeAnnotation(annotationUID);
    } finally {
      this.applyingStore = false;
    }
    this.completed.delete(annotationUID);
    this.redraw();
  }

  private emhAnnotations(): ToolTypes.Annotation[] {
    return annotationApi.state.getAllAnnotations().filter((a) => isEmhToolName(a.metadata?.toolName));
  }

  /** Redraws annotations on every viewport that shows an image (an empty one cannot draw them). */
  redraw(): void {
    const { viewports } = this.services;
    const live = viewports
      .snapshot()
      .cells.filter((cell) => {
        const viewport = viewports.viewport(cell.index);
        return Boolean(viewport?.getCurrentImageId() && viewport.getImageData());
      })
      .map((cell) => cell.viewportId)
      .concat(reformatViewportIds());
    if (live.length > 0) toolUtils.triggerAnnotationRenderForViewportIds(live);
  }

  /**
   * The image an annotation belongs to, found by its DICOM UIDs: imageIds are numbered in the
   * order files arrive, so a saved imageId may name another image after a reload.
   */
  private imageIdFor(ref: EmhAnnotation['ref']): string | undefined {
    const series = this.services.data.findSeries(ref.seriesInstanceUID);
    const instance = series?.instances.find((i) => i.header.sopInstanceUID === ref.sopInstanceUID);
    return instance?.imageIds[Math.max(0, ref.frame - 1)];
  }

  private recreate(record: EmhAnnotation): void {
    const { annotationUID, lesionId } = record;
    const saved: unknown = record.source;
    const imageId = this.imageIdFor(record.ref);
    // Images that are not open keep their values in the inventory; they are drawn once loaded.
    if (!isAnnotationSource(saved) || !imageId) return;
    const { annotation, frameOfReferenceUID } = annotationFromSource(annotationUID, saved, imageId, record.ref.seriesInstanceUID);
    setLesionIdOf(annotation, lesionId);
    annotationApi.state.addAnnotation(annotation, frameOfReferenceUID);
    this.completed.add(annotationUID);
  }

  private isLesionTool(annotation: ToolTypes.Annotation): boolean {
    return mappingOfTool(annotation.metadata?.toolName)?.measuresLesion === true;
  }

  private readonly onCompleted = (event: Event): void => {
    const { annotation } = (event as AnnotationEvent).detail;
    if (this.applyingStore || !isEmhToolName(annotation.metadata?.toolName)) return;
    const uid = annotation.annotationUID as string;
    if (!annotationApi.state.getAnnotation(uid)) return;
    const byHand = !this.scripted.has(uid);
    if (byHand) {
      const refusal = handDrawingRefusal(this.services, annotation);
      if (refusal) {
        this.services.notifications.show('warning', refusal);
        this.removeFromImages(uid);
        return;
      }
      if (this.asksForLesion(annotation)) {
        this.askForLesion(annotation);
        return;
      }
    }
    const usesArmed = byHand && this.armed !== null && this.isLesionTool(annotation);
    this.completed.add(uid);
    this.trySync(annotation, false);
    if (usesArmed) {
      this.armed = null;
      this.notify();
    }
  };

  /** A lesion ROI drawn by hand, for no lesion in particular, while lesions exist: ask. */
  private asksForLesion(annotation: ToolTypes.Annotation): boolean {
    const roi = this.isLesionTool(annotation) && mappingOfTool(annotation.metadata?.toolName)?.shape === 'ellipse';
    return roi && !lesionIdOf(annotation) && this.armed === null && this.store.lesionIds().length > 0;
  }

  private askForLesion(annotation: ToolTypes.Annotation): void {
    // One question at a time: an earlier ROI still unanswered is not kept.
    if (this.pending) {
      this.removeFromImages(this.pending.annotationUID);
      this.services.notifications.show('info', 'The previous ROI was not kept: it had no lesion yet.');
    }
    const candidates = lesionCandidatesFor(this.services, this.store, annotation);
    this.pending = { annotationUID: annotation.annotationUID as string, candidates };
    this.notify();
  }

  private readonly onModified = (event: Event): void => {
    const { annotation, changeType } = (event as AnnotationEvent).detail;
    const uid = annotation.annotationUID as string;
    if (this.applyingStore || !this.completed.has(uid)) return;
    // An ellipse's record is its statistics: they follow its handles within Cornerstone's
    // throttle, so syncing every mouse move would only redo the same work.
    if (changeType === ToolEnums.ChangeTypes.HandlesUpdated && mappingOfTool(annotation.metadata?.toolName)?.shape !== 'axes') return;
    const recorded = this.store.annotation(uid);
    const recordedPoints = isAnnotationSource(recorded?.source) ? recorded.source.points : undefined;
    // Statistics drawn again for the same handles are no user action: no undo step. The first
    // record of an annotation is its own step; a drag's moves merge into one.
    const refresh = changeType === ToolEnums.ChangeTypes.StatsUpdated && samePoints(annotation.data.handles?.points, recordedPoints);
    this.trySync(annotation, recorded !== null, refresh);
  };

  private readonly onRemoved = (event: Event): void => {
    const { annotation } = (event as AnnotationEvent).detail;
    const uid = annotation.annotationUID as string;
    if (this.applyingStore || !isEmhToolName(annotation.metadata?.toolName)) return;
    if (this.pending?.annotationUID === uid) {
      this.pending = null;
      this.notify();
    }
    this.completed.delete(uid);
    this.store.remove(uid);
  };

  private trySync(annotation: ToolTypes.Annotation, transient: boolean, refresh = false): void {
    try {
      this.sync(annotation, { transient, useSelection: !this.scripted.has(annotation.annotationUID as string), refresh });
    } catch (error) {
      this.services.notifications.show('warning', errorMessage(error));
    }
  }

  private scheduleLabels(): void {
    if (this.labelFrame) return;
    this.labelFrame = requestAnimationFrame(() => {
      this.labelFrame = 0;
      this.refreshLabels();
    });
  }

  private refreshLabels(): void {
    const inventory = this.store.inventory();
    let changed = false;
    for (const annotation of this.emhAnnotations()) {
      const record = this.store.annotation(annotation.annotationUID as string);
      const label = record ? annotationLabel(record, inventory) : '';
      if (annotation.data.label !== label) {
        annotation.data.label = label;
        changed = true;
      }
    }
    if (changed) this.redraw();
  }
}
