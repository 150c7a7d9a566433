import { eventTarget, metaData, type Types } from '@cornerstonejs/core';
import { Enums as ToolEnums, annotation as annotationApi, utilities as toolUtils, type Types as ToolTypes } from '@cornerstonejs/tools';
import { Observable } from '../../../src/state/observable';
import type { HostServices } from '../../../src/extensions/hostServices';
import { errorMessage } from '../../../src/util/errorMessage';
import { drawingRefusal } from '../annotations/rules/drawingChecks';
import { loadedEchoPosition, measureIronRoi, type EchoPosition, type IronRoiRequest } from './ironMeasurement';
import { EmhIronRoiTool, IRON_ROI_TOOL, ironRoiIdOf, setEchoImageIdsOf, setIronRoiIdOf } from './ironRoiTool';
import { ellipseOfHandles } from './rules/ellipseMean';
import { ironRoiJson, type IronRoiJson, type IronRoiRecord } from './rules/ironReport';
import type { IronStore } from './rules/ironStore';
import type { IronOrgan } from './rules/ironSummary';
import type { DecayModel } from './rules/r2starFit';
import { R2starWorkerClient } from './r2starWorkerClient';

type AnnotationEvent = CustomEvent<{ annotation: ToolTypes.Annotation }>;
type IndexPoint = [number, number];

/** An ellipse drawn by hand that waits for its organ (and fit model). */
export interface PendingIronRoi {
  readonly annotationUID: string;
}

/** `I1 liver R2* 386 Hz`: what the ellipse says on the image. */
function labelOf(roi: IronRoiRecord): string {
  return `${roi.id} ${roi.organ} R2* ${roi.fit.r2starHz.toFixed(0)} Hz`;
}

/**
 * The iron ROIs as the reader draws them: a drawing on a T2* echo asks for its organ, is measured
 * on every echo at its position and fitted; moving or resizing it refits; deleting it deletes the
 * ROI. The API's ROIs are drawn the same way. The iron store stays the one place of the numbers.
 */
export class IronDrawings extends Observable {
  readonly worker = new R2starWorkerClient();
  #pending: PendingIronRoi | null = null;
  /** The fit model the picker offers first: the last one chosen. */
  #model: DecayModel = 'truncation';
  /** Removals this code makes itself (the ROI is gone already, or never was). */
  readonly #removing = new Set<string>();
  /** The latest refit of each ROI: an older one that ends later must not win. */
  readonly #refits = new Map<string, number>();
  #refitCount = 0;

  constructor(
    private readonly services: HostServices,
    private readonly iron: IronStore,
  ) {
    super();
  }

  get pending(): PendingIronRoi | null {
    return this.#pending;
  }

  get model(): DecayModel {
    return this.#model;
  }

  start(): void {
    eventTarget.addEventListener(ToolEnums.Events.ANNOTATION_COMPLETED, this.onCompleted);
    eventTarget.addEventListener(ToolEnums.Events.ANNOTATION_REMOVED, this.onRemoved);
    EmhIronRoiTool.onEdited = (annotation) => void this.refit(annotation);
    window.addEventListener('keydown', this.onKey);
    // An ellipse waiting for its organ belongs to the patient it was drawn on: not measured into another's case.
    this.stopFollowingPatient = this.services.data.onActivePatientChange(() => {
      if (this.#pending) this.discard();
      this.drawRestored();
    });
    const stopStore = this.iron.subscribe(() => {
      this.eraseRemoved();
      this.drawRestored();
    });
    const stopData = this.services.data.subscribe(this.drawRestored);
    this.stopDrawingRestored = () => {
      stopStore();
      stopData();
    };
  }

  private stopDrawingRestored: () => void = () => undefined;
  /** The active patient's ROI ids at the last change: an id gone since takes its ellipse with it. */
  #shown: { patientKey: string | null; ids: ReadonlySet<string> } = { patientKey: null, ids: new Set() };

  /** ROIs taken out of the store as a whole (a cleared case, a restore in place) lose their ellipses. */
  private eraseRemoved(): void {
    const patientKey = this.services.data.activePatientKey();
    const ids = new Set(this.iron.rois().map((r) => r.id));
    if (patientKey === this.#shown.patientKey) {
      const gone = [...this.#shown.ids].filter((id) => !ids.has(id));
      for (const annotation of this.annotations()) {
        const id = ironRoiIdOf(annotation);
        if (id && gone.includes(id)) this.removeAnnotation(annotation);
      }
    }
    this.#shown = { patientKey, ids };
  }
  /** ROIs whose ellipse is being drawn back (their echoes are awaited). */
  readonly #drawingBack = new Set<string>();

  /**
   * ROIs put back by autosave or an imported SR have numbers but no ellipse: each is drawn on
   * its echo once that image and its position's echoes are open (an SR may come before them).
   */
  private readonly drawRestored = (): void => {
    const { data } = this.services;
    for (const roi of this.iron.rois()) {
      const series = data.findSeries(roi.ref.seriesInstanceUID);
      const imageId = series?.instances.find((i) => i.header.sopInstanceUID === roi.ref.sopInstanceUID)?.imageIds[0];
      if (!imageId) continue;
      const key = `${roi.id}|${imageId}`;
      if (this.#drawingBack.has(key)) continue;
      const drawn = this.annotations().some((a) => ironRoiIdOf(a) === roi.id && a.metadata?.referencedImageId === imageId);
      if (drawn) continue;
      this.#drawingBack.add(key);
      loadedEchoPosition(data, imageId)
        .then((position) => {
          const still = this.iron.rois().find((r) => r.id === roi.id);
          const drawnMeanwhile = this.annotations().some((a) => ironRoiIdOf(a) === roi.id && a.metadata?.referencedImageId === imageId);
          if (still && !drawnMeanwhile) this.draw(still, position);
        })
        // The numbers stay in the panel; the ellipse cannot be placed without its echoes.
        .catch(() => undefined)
        .finally(() => this.#drawingBack.delete(key));
    }
  };

  private stopFollowingPatient: () => void = () => undefined;

  stop(): void {
    eventTarget.removeEventListener(ToolEnums.Events.ANNOTATION_COMPLETED, this.onCompleted);
    eventTarget.removeEventListener(ToolEnums.Events.ANNOTATION_REMOVED, this.onRemoved);
    EmhIronRoiTool.onEdited = null;
    window.removeEventListener('keydown', this.onKey);
    this.stopFollowingPatient();
    this.stopDrawingRestored();
    this.worker.stop();
  }

  /** Measures an ellipse on every echo at its position, keeps the ROI and draws it (the API's way in). */
  async add(position: EchoPosition, request: IronRoiRequest, patientKey: string): Promise<IronRoiJson> {
    const measured = await measureIronRoi(this.worker, position, request);
    const record = this.iron.add(patientKey, measured);
    this.draw(record, position);
    return ironRoiJson(record);
  }

  /** Deletes an ROI and its ellipse; false when there is none of that id. */
  remove(id: string): boolean {
    if (!this.iron.remove(id)) return false;
    for (const annotation of this.annotations().filter((a) => ironRoiIdOf(a) === id)) this.removeAnnotation(annotation);
    return true;
  }

  /** Shows the echo an ROI was drawn on, with its ellipse selected. */
  async show(id: string): Promise<void> {
    const roi = this.iron.rois().find((r) => r.id === id);
    if (!roi) throw new Error(`There is no iron ROI ${id}`);
    const series = this.services.data.findSeries(roi.ref.seriesInstanceUID);
    const imageId = series?.instances.find((i) => i.header.sopInstanceUID === roi.ref.sopInstanceUID)?.imageIds[0];
    if (!series || !imageId) throw new Error(`The image ${id} was drawn on is not open`);
    await this.services.viewports.showSeries(series.seriesInstanceUID, { imageIndex: series.imageIds.indexOf(imageId) });
    const annotation = this.annotations().find((a) => ironRoiIdOf(a) === id);
    if (annotation) annotationApi.selection.setAnnotationSelected(annotation.annotationUID as string, true, false);
    this.redraw();
  }

  /** The reader's answer to the picker: the ellipse drawn is measured for this organ, with this model. */
  async choose(organ: IronOrgan, model: DecayModel): Promise<IronRoiJson> {
    const pending = this.#pending;
    if (!pending) throw new Error('No iron ROI is waiting for its organ');
    this.#pending = null;
    this.#model = model;
    this.notify();
    const annotation = annotationApi.state.getAnnotation(pending.annotationUID);
    if (!annotation) throw new Error('The ellipse was deleted before its organ was chosen');
    try {
      const imageId = annotation.metadata?.referencedImageId ?? '';
      const position = await loadedEchoPosition(this.services.data, imageId);
      const patientKey = this.services.data.activePatientKey();
      if (!patientKey) throw new Error('No patient is open');
      const record = this.iron.add(
        patientKey,
        await measureIronRoi(this.worker, position, { ellipse: this.ellipseOf(annotation), organ, model }),
      );
      setIronRoiIdOf(annotation, record.id);
      annotation.data.label = labelOf(record);
      this.redraw();
      return ironRoiJson(record);
    } catch (error) {
      this.removeAnnotation(annotation);
      throw error;
    }
  }

  /** Esc on the picker: the ellipse is not kept. */
  discard(): void {
    const pending = this.#pending;
    this.#pending = null;
    this.notify();
    const annotation = pending && annotationApi.state.getAnnotation(pending.annotationUID);
    if (annotation) this.removeAnnotation(annotation);
  }

  private annotations(): ToolTypes.Annotation[] {
    return annotationApi.state.getAllAnnotations().filter((a) => a.metadata?.toolName === IRON_ROI_TOOL);
  }

  private ellipseOf(annotation: ToolTypes.Annotation): { center: IndexPoint; radii: IndexPoint } {
    const imageId = annotation.metadata?.referencedImageId ?? '';
    const points = (annotation.data.handles?.points ?? []).map((p) => this.services.geometry.worldToIndex(imageId, p));
    return ellipseOfHandles(points);
  }

  private draw(record: IronRoiRecord, position: EchoPosition): void {
    const imageId = position.drawnOnImageId;
    const { center, radii } = record.ref;
    const [cx, cy] = center;
    const [rx, ry] = radii;
    const corners: IndexPoint[] = [
      [cx, cy - ry],
      [cx, cy + ry],
      [cx - rx, cy],
      [cx + rx, cy],
    ];
    const points = corners.map((p) => this.services.geometry.indexToWorld(imageId, p) as Types.Point3);
    const plane = metaData.get('imagePlaneModule', imageId) as {
      frameOfReferenceUID?: string;
      rowCosines?: number[];
      columnCosines?: number[];
    };
    const [r, c] = [plane?.rowCosines ?? [1, 0, 0], plane?.columnCosines ?? [0, 1, 0]] as [number[], number[]];
    const normal: Types.Point3 = [r[1]! * c[2]! - r[2]! * c[1]!, r[2]! * c[0]! - r[0]! * c[2]!, r[0]! * c[1]! - r[1]! * c[0]!];
    const annotation: ToolTypes.Annotation = {
      highlighted: false,
      invalidated: true,
      isLocked: false,
      isVisible: true,
      metadata: {
        toolName: IRON_ROI_TOOL,
        referencedImageId: imageId,
        FrameOfReferenceUID: plane?.frameOfReferenceUID ?? '',
        viewPlaneNormal: normal,
        viewUp: [-c[0]!, -c[1]!, -c[2]!] as Types.Point3,
      },
      data: {
        handles: {
          points,
          activeHandleIndex: null,
          textBox: {
            hasMoved: false,
            worldPosition: [0, 0, 0],
            worldBoundingBox: { topLeft: [0, 0, 0], topRight: [0, 0, 0], bottomLeft: [0, 0, 0], bottomRight: [0, 0, 0] },
          },
        },
        cachedStats: {},
        label: labelOf(record),
      },
    };
    setEchoImageIdsOf(
      annotation,
      position.train.echoes.map((e) => e.id),
    );
    setIronRoiIdOf(annotation, record.id);
    annotationApi.state.addAnnotation(annotation, plane?.frameOfReferenceUID ?? '');
    this.redraw();
  }

  private removeAnnotation(annotation: ToolTypes.Annotation): void {
    const uid = annotation.annotationUID as string;
    this.#removing.add(uid);
    try {
      annotationApi.state.removeAnnotation(uid);
    } finally {
      this.#removing.delete(uid);
    }
    this.redraw();
  }

  private redraw(): void {
    const { viewports } = this.services;
    const live = viewports
      .snapshot()
      .cells.filter((cell) => Boolean(viewports.viewport(cell.index)?.getCurrentImageId()))
      .map((cell) => cell.viewportId);
    if (live.length > 0) toolUtils.triggerAnnotationRenderForViewportIds(live);
  }

  /** A drawing by hand: refused with the reason on anything but a magnitude echo of a T2* series, else asks for its organ. */
  private readonly onCompleted = (event: Event): void => {
    const { annotation } = (event as AnnotationEvent).detail;
    if (annotation.metadata?.toolName !== IRON_ROI_TOOL || ironRoiIdOf(annotation)) return;
    void this.drawnByHand(annotation);
  };

  private async drawnByHand(annotation: ToolTypes.Annotation): Promise<void> {
    const imageId = annotation.metadata?.referencedImageId ?? '';
    const { notifications, geometry } = this.services;
    try {
      const plane = geometry.plane(imageId);
      const points = (annotation.data.handles?.points ?? []).map((p) => geometry.worldToIndex(imageId, p));
      const refusal = plane ? drawingRefusal(plane, 'ellipse', points) : null;
      if (refusal) throw new Error(refusal);
      const position = await loadedEchoPosition(this.services.data, imageId);
      if (!annotationApi.state.getAnnotation(annotation.annotationUID as string)) return;
      setEchoImageIdsOf(
        annotation,
        position.train.echoes.map((e) => e.id),
      );
    } catch (error) {
      notifications.show('warning', `Iron ROI not measured: ${errorMessage(error)}`);
      this.removeAnnotation(annotation);
      return;
    }
    // One question at a time: an earlier ellipse still without its organ is not kept.
    const previous = this.#pending && annotationApi.state.getAnnotation(this.#pending.annotationUID);
    if (previous) {
      this.removeAnnotation(previous);
      notifications.show('info', 'The previous iron ROI was not kept: it had no organ yet.');
    }
    this.#pending = { annotationUID: annotation.annotationUID as string };
    this.notify();
    this.redraw();
  }

  /** A moved or resized ellipse is measured and fitted again, same organ, model and id. */
  private async refit(annotation: ToolTypes.Annotation): Promise<void> {
    const id = ironRoiIdOf(annotation);
    const roi = id ? this.iron.rois().find((r) => r.id === id) : undefined;
    if (!id || !roi) return;
    const ellipse = this.ellipseOf(annotation);
    const same = (a: readonly number[], b: readonly number[]): boolean => a.every((v, i) => Math.abs(v - b[i]!) < 1e-6);
    if (same(ellipse.center, roi.ref.center) && same(ellipse.radii, roi.ref.radii)) return;
    const turn = ++this.#refitCount;
    this.#refits.set(id, turn);
    try {
      const imageId = annotation.metadata?.referencedImageId ?? '';
      const plane = this.services.geometry.plane(imageId);
      const points = (annotation.data.handles?.points ?? []).map((p) => this.services.geometry.worldToIndex(imageId, p));
      const refusal = plane ? drawingRefusal(plane, 'ellipse', points) : null;
      if (refusal) throw new Error(refusal);
      const position = await loadedEchoPosition(this.services.data, imageId);
      const given = roi.noiseSource === 'given' && roi.noiseSigma ? { noiseSigma: roi.noiseSigma } : {};
      const measured = await measureIronRoi(this.worker, position, { ellipse, organ: roi.organ, model: roi.fit.model, ...given });
      if (this.#refits.get(id) !== turn) return;
      // The ROI stays where it was drawn: the echo of the record, not the one the edit was made on.
      if (this.iron.replace(id, { ...measured, ref: { ...roi.ref, center: measured.ref.center, radii: measured.ref.radii } })) {
        const record = this.iron.rois().find((r) => r.id === id);
        if (record) annotation.data.label = labelOf(record);
        this.redraw();
      }
    } catch (error) {
      this.services.notifications.show('warning', `${id} not refitted (it keeps its numbers): ${errorMessage(error)}`);
    }
  }

  /**
   * Delete on a selected iron ellipse deletes its ROI, as Delete does a lesion's annotation (the
   * viewer's Delete key runs the lesions' command, which knows nothing of iron ROIs).
   */
  private readonly onKey = (event: KeyboardEvent): void => {
    if (event.key !== 'Delete' || event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target as HTMLElement | null;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    for (const uid of annotationApi.selection.getAnnotationsSelected() ?? []) {
      const annotation = annotationApi.state.getAnnotation(uid);
      if (annotation?.metadata?.toolName !== IRON_ROI_TOOL) continue;
      const id = ironRoiIdOf(annotation);
      if (id) this.remove(id);
      else if (this.#pending?.annotationUID === uid) this.discard();
    }
  };

  private readonly onRemoved = (event: Event): void => {
    const { annotation } = (event as AnnotationEvent).detail;
    const uid = annotation.annotationUID as string;
    if (annotation.metadata?.toolName !== IRON_ROI_TOOL || this.#removing.has(uid)) return;
    if (this.#pending?.annotationUID === uid) {
      this.#pending = null;
      this.notify();
    }
    const id = ironRoiIdOf(annotation);
    if (id) this.iron.remove(id);
  };
}
