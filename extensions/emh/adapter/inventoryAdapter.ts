import { eventTarget, metaData, type Types } from '@cornerstonejs/core';
import { Enums as ToolEnums, annotation as annotationApi, utilities as toolUtils, type Types as ToolTypes } from '@cornerstonejs/tools';
import type { HostServices } from '../../../src/extensions/hostServices';
import { belongsToLesion, huToolRefusal, type EmhInventoryStore } from '../domain';
import { HU_TOOL_NAMES, SIGNAL_TOOL_NAMES, EMH_TOOL_NAMES, isEmhToolName } from '../tools/emhTools';
import { isAnnotationSource, lesionIdOf, setLesionIdOf, toEmhAnnotation } from './annotationMapping';
import { annotationLabel } from './onImageLabels';

type AnnotationEvent = CustomEvent<{ annotation: ToolTypes.Annotation; changeType?: string }>;

const { Events } = ToolEnums;

/**
 * Follows Cornerstone's annotation events and keeps the inventory store equal to what is on
 * the images; after undo, redo or a restore it makes the images equal to the store again.
 * It is the only place where Cornerstone annotations and the domain meet.
 */
export class InventoryAdapter {
  /** The lesion new lesion annotations attach to (chosen in the panel); null: a new lesion. */
  selectedLesionId: string | null = null;
  /** A lesion just drawn whose site the user has not given yet. */
  sitePickerLesionId: string | null = null;
  private readonly completed = new Set<string>();
  /** Annotations made by the scripting API, which never attach to the panel's selection. */
  private readonly scripted = new Set<string>();
  private applyingStore = false;
  private labelFrame = 0;
  private readonly listeners = new Set<() => void>();
  private version = 0;

  constructor(
    private readonly services: HostServices,
    readonly store: EmhInventoryStore,
  ) {}

  start(): void {
    eventTarget.addEventListener(Events.ANNOTATION_ADDED, this.onAdded);
    eventTarget.addEventListener(Events.ANNOTATION_COMPLETED, this.onCompleted);
    eventTarget.addEventListener(Events.ANNOTATION_MODIFIED, this.onModified);
    eventTarget.addEventListener(Events.ANNOTATION_REMOVED, this.onRemoved);
    this.store.subscribe(() => {
      this.scheduleLabels();
      this.emit();
    });
  }

  stop(): void {
    eventTarget.removeEventListener(Events.ANNOTATION_ADDED, this.onAdded);
    eventTarget.removeEventListener(Events.ANNOTATION_COMPLETED, this.onCompleted);
    eventTarget.removeEventListener(Events.ANNOTATION_MODIFIED, this.onModified);
    eventTarget.removeEventListener(Events.ANNOTATION_REMOVED, this.onRemoved);
  }

  /** For React: changes whenever the inventory or the adapter's own UI state changed. */
  revision(): number {
    return this.version;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  selectLesion(lesionId: string | null): void {
    this.selectedLesionId = lesionId;
    this.emit();
  }

  closeSitePicker(): void {
    this.sitePickerLesionId = null;
    this.emit();
  }

  /** An annotation made in code (the scripting API) is complete the moment it exists. */
  markCompleted(annotationUID: string): void {
    this.completed.add(annotationUID);
    this.scripted.add(annotationUID);
  }

  /**
   * Sends an annotation to the store; returns its lesion id, or throws with the refusal.
   * Drawings attach to the lesion selected in the panel; scripts say which lesion they mean.
   */
  sync(annotation: ToolTypes.Annotation, transient: boolean, useSelection = true): string | null | undefined {
    const imageId = annotation.metadata?.referencedImageId;
    const image = imageId ? this.services.data.instanceForImageId(imageId) : undefined;
    if (!image) return undefined;
    if (useSelection && !lesionIdOf(annotation) && this.selectedLesionId && this.isLesionTool(annotation)) {
      setLesionIdOf(annotation, this.selectedLesionId);
    }
    const record = toEmhAnnotation(annotation, image);
    if (!record) return undefined;
    const result = this.store.upsert(record, { transient });
    if (!result.ok) {
      this.removeFromImages(annotation.annotationUID as string);
      throw new Error(result.reason);
    }
    const { lesionId, createdLesion } = result.value;
    if (lesionId && belongsToLesion(record)) setLesionIdOf(annotation, lesionId);
    if (createdLesion && record.kind === 'lesionAxes' && lesionId) {
      this.sitePickerLesionId = lesionId;
      this.emit();
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
        if (isAnnotationSource(target.source)) {
          existing.data.handles = { ...existing.data.handles, points: target.source.points as Types.Point3[] };
          setLesionIdOf(existing, target.lesionId);
          existing.invalidated = true;
        }
      }
      for (const missing of wanted.values()) this.recreate(missing.annotationUID, missing.source, missing.lesionId);
    } finally {
      this.applyingStore = false;
    }
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
    this.renderAll();
  }

  emhAnnotations(): ToolTypes.Annotation[] {
    return annotationApi.state.getAllAnnotations().filter((a) => isEmhToolName(a.metadata?.toolName));
  }

  renderAll(): void {
    const ids = this.services.viewports.snapshot().cells.map((c) => c.viewportId);
    const live = ids.filter((_, index) => this.services.viewports.viewport(index));
    toolUtils.triggerAnnotationRenderForViewportIds(live);
  }

  private recreate(annotationUID: string, source: unknown, lesionId: string | undefined): void {
    if (!isAnnotationSource(source)) return;
    const plane = metaData.get('imagePlaneModule', source.referencedImageId) as { frameOfReferenceUID?: string } | undefined;
    const frameOfReferenceUID = plane?.frameOfReferenceUID ?? '';
    const annotation: ToolTypes.Annotation = {
      annotationUID,
      highlighted: false,
      invalidated: true,
      isLocked: false,
      isVisible: true,
      metadata: {
        toolName: source.toolName,
        referencedImageId: source.referencedImageId,
        FrameOfReferenceUID: frameOfReferenceUID,
        // ROI statistics sample the image in this plane; without it they come out empty.
        viewPlaneNormal: source.viewPlaneNormal as Types.Point3 | undefined,
        viewUp: source.viewUp as Types.Point3 | undefined,
      },
      data: {
        handles: {
          points: source.points as Types.Point3[],
          activeHandleIndex: null,
          textBox: { hasMoved: false, worldPosition: [0, 0, 0], worldBoundingBox: { topLeft: [0, 0, 0], topRight: [0, 0, 0], bottomLeft: [0, 0, 0], bottomRight: [0, 0, 0] } },
        },
        cachedStats: {},
        label: '',
      },
    };
    setLesionIdOf(annotation, lesionId);
    annotationApi.state.addAnnotation(annotation, frameOfReferenceUID);
    this.completed.add(annotationUID);
  }

  private isLesionTool(annotation: ToolTypes.Annotation): boolean {
    const name = annotation.metadata?.toolName;
    return name === EMH_TOOL_NAMES.lesionAxes || name === EMH_TOOL_NAMES.lesionSignalRoi || name === EMH_TOOL_NAMES.lesionHuRoi;
  }

  private readonly onAdded = (event: Event): void => {
    const { annotation } = (event as AnnotationEvent).detail;
    const toolName = annotation.metadata?.toolName;
    if (this.applyingStore || !isEmhToolName(toolName)) return;
    const imageId = annotation.metadata?.referencedImageId;
    const modality = imageId ? this.services.data.instanceForImageId(imageId)?.instance.header.modality : undefined;
    const refusal = HU_TOOL_NAMES.includes(toolName)
      ? huToolRefusal(modality)
      : SIGNAL_TOOL_NAMES.includes(toolName) && modality !== 'MR'
        ? `Signal ROIs measure MR signal relative to muscle; this image is ${modality || 'not MR'}.`
        : null;
    if (refusal) {
      this.services.notifications.show('warning', refusal);
      // Removed after the tool has finished setting up its drawing, not inside its own event.
      queueMicrotask(() => this.removeFromImages(annotation.annotationUID as string));
    }
  };

  private readonly onCompleted = (event: Event): void => {
    const { annotation } = (event as AnnotationEvent).detail;
    if (this.applyingStore || !isEmhToolName(annotation.metadata?.toolName)) return;
    this.completed.add(annotation.annotationUID as string);
    this.trySync(annotation, false);
  };

  private readonly onModified = (event: Event): void => {
    const { annotation } = (event as AnnotationEvent).detail;
    const uid = annotation.annotationUID as string;
    if (this.applyingStore || !this.completed.has(uid)) return;
    // The first record of an annotation is its own undo step; later edits (a handle dragged,
    // statistics refreshed) merge into one step per drag.
    this.trySync(annotation, this.store.annotation(uid) !== null);
  };

  private readonly onRemoved = (event: Event): void => {
    const { annotation } = (event as AnnotationEvent).detail;
    const uid = annotation.annotationUID as string;
    if (this.applyingStore || !isEmhToolName(annotation.metadata?.toolName)) return;
    this.completed.delete(uid);
    this.store.remove(uid);
  };

  private trySync(annotation: ToolTypes.Annotation, transient: boolean): void {
    try {
      this.sync(annotation, transient, !this.scripted.has(annotation.annotationUID as string));
    } catch (error) {
      this.services.notifications.show('warning', error instanceof Error ? error.message : String(error));
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
    if (changed) this.renderAll();
  }

  private emit(): void {
    this.version += 1;
    for (const listener of this.listeners) listener();
  }
}
