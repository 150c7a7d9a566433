import { getEnabledElement } from '@cornerstonejs/core';
import { EllipticalROITool, type Types as ToolTypes } from '@cornerstonejs/tools';
import { dragOnly, labelOnly } from '../annotations/emhTools';

export const IRON_ROI_TOOL = 'EmhIronRoi';

/** What an iron ROI's annotation carries beside Cornerstone's own data. */
interface IronAnnotationData {
  /** Every echo at the ellipse's position (imageIds): it is shown on each of them. */
  emhEchoImageIds?: string[];
  /** The iron ROI it measures, once its organ is chosen and it is fitted. */
  emhIronRoiId?: string;
}

export function echoImageIdsOf(annotation: ToolTypes.Annotation): readonly string[] | undefined {
  return (annotation.data as IronAnnotationData).emhEchoImageIds;
}

export function setEchoImageIdsOf(annotation: ToolTypes.Annotation, imageIds: readonly string[]): void {
  (annotation.data as IronAnnotationData).emhEchoImageIds = [...imageIds];
}

export function ironRoiIdOf(annotation: ToolTypes.Annotation): string | undefined {
  return (annotation.data as IronAnnotationData).emhIronRoiId;
}

export function setIronRoiIdOf(annotation: ToolTypes.Annotation, id: string): void {
  (annotation.data as IronAnnotationData).emhIronRoiId = id;
}

interface EditingTool {
  editData: { annotation: ToolTypes.Annotation; newAnnotation?: boolean } | null;
  _endCallback: (evt: ToolTypes.EventTypes.InteractionEventType) => void;
}

/**
 * The iron ROI: Cornerstone's elliptical ROI, drag only as the other EMH ROIs, with the label the
 * iron glue writes (`I1 liver R2* 386 Hz`) and without Cornerstone's statistics (the ROI is
 * measured on every echo by the iron code, not on the image on screen).
 *
 * One annotation per ROI, shown on every echo at its position: an ROI measures all of them, and
 * a reader scrolling through the echoes to judge the decay must see where it lies on each. A
 * stack viewport shows an annotation only on its referencedImageId (or a contiguous range of the
 * stack, multiSliceReference); the echoes of one position are contiguous in a classic series but
 * not always in an enhanced object's frame order, so the annotation carries the echoes' imageIds
 * and is shown, and can be edited, wherever the viewport's image is one of them. One annotation
 * rather than a copy per echo: a move or a delete is one change, with nothing to keep in step.
 */
export class EmhIronRoiTool extends EllipticalROITool {
  static override toolName = IRON_ROI_TOOL;
  /** Told when the reader has finished moving or resizing an ellipse (the iron glue refits). */
  static onEdited: ((annotation: ToolTypes.Annotation) => void) | null = null;

  constructor(toolProps = {}) {
    super(toolProps);
    this.configuration.getTextLines = labelOnly;
    this.configuration.calculateStats = false;
    dragOnly(this);
    const tool = this as unknown as EditingTool;
    const end = tool._endCallback;
    tool._endCallback = (evt) => {
      const editing = tool.editData;
      end(evt);
      if (editing && !editing.newAnnotation) EmhIronRoiTool.onEdited?.(editing.annotation);
    };
  }

  override filterInteractableAnnotationsForElement(element: HTMLDivElement, annotations: ToolTypes.Annotations): ToolTypes.Annotations {
    const imageId = getEnabledElement(element)?.viewport.getCurrentImageId();
    const onEchoes = annotations.filter((a) => echoImageIdsOf(a) !== undefined);
    const others = annotations.filter((a) => echoImageIdsOf(a) === undefined);
    const shown = onEchoes.filter((a) => a.isVisible !== false && imageId !== undefined && echoImageIdsOf(a)!.includes(imageId));
    return [...shown, ...(others.length > 0 ? (super.filterInteractableAnnotationsForElement(element, others) ?? []) : [])];
  }
}
