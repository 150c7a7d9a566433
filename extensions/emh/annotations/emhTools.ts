import { getEnabledElement } from '@cornerstonejs/core';
import {
  BidirectionalTool,
  EllipticalROITool,
  annotation as annotationApi,
  cursors,
  utilities as toolUtils,
  type Types as ToolTypes,
} from '@cornerstonejs/tools';
import { lesionAxesMapping } from './rules/mappings/lesionAxes';
import { lesionHuRoiMapping } from './rules/mappings/lesionHuRoi';
import { lesionSignalRoiMapping } from './rules/mappings/lesionSignalRoi';
import { liverRoiMapping } from './rules/mappings/liverRoi';
import { muscleRoiMapping } from './rules/mappings/muscleRoi';
import { spleenRoiMapping } from './rules/mappings/spleenRoi';
import type { EmhToolName } from './rules/mappings/toolMappings';

/**
 * The EMH tools are Cornerstone's own Bidirectional and EllipticalROI tools, subclassed only
 * for a name of their own (so the adapter knows what each annotation means) and for their
 * on-image text, which is the label the adapter writes (`L4 10.0 x 5.7 cm`,
 * `Liver 103 ± 8 HU, 4.2 cm²` / `above 54–60 HU`). Drawing, handles and ROI statistics stay Cornerstone's.
 * Each tool's name, and what its annotations mean, is in its mapping (rules/mappings/).
 */

interface LabelledData {
  label?: string;
}

/** Only the label: the numbers in it come from the domain rules, not from the tool's text. */
export function labelOnly(data: LabelledData): string[] {
  return data.label ? data.label.split('\n') : [];
}

/** What a drawing tool of Cornerstone exposes of the drawing in progress. */
interface DrawingTool {
  editData: { annotation: ToolTypes.Annotation; viewportIdsToRender: string[]; newAnnotation?: boolean; hasMoved?: boolean } | null;
  isDrawing: boolean;
  _endCallback: (evt: ToolTypes.EventTypes.InteractionEventType) => void;
  _deactivateDraw: (element: HTMLDivElement) => void;
}

/**
 * Only a drag measures. Cornerstone's tools also draw by click, move, click: the first click
 * starts a measurement that follows the mouse until the next click, so a click meant to make
 * a viewport active and the next click anywhere make a lesion of that size. Here a release
 * that has not moved ends the drawing and takes it away.
 */
export function dragOnly(tool: DrawingTool): void {
  const end = tool._endCallback;
  tool._endCallback = (evt) => {
    const editing = tool.editData;
    if (!editing?.newAnnotation || editing.hasMoved) {
      end(evt);
      return;
    }
    const { element } = evt.detail;
    tool._deactivateDraw(element);
    cursors.elementCursor.resetElementCursor(element);
    tool.editData = null;
    tool.isDrawing = false;
    annotationApi.state.removeAnnotation(editing.annotation.annotationUID as string);
    toolUtils.triggerAnnotationRenderForViewportIds(editing.viewportIdsToRender);
  };
}

export class EmhLesionAxesTool extends BidirectionalTool {
  static override toolName = lesionAxesMapping.toolName;
  constructor(toolProps = {}) {
    super(toolProps);
    this.configuration.getTextLines = labelOnly;
    dragOnly(this);
  }
}

abstract class EmhEllipseTool extends EllipticalROITool {
  constructor(toolProps = {}) {
    super(toolProps);
    this.configuration.getTextLines = labelOnly;
    dragOnly(this);
    statisticsOfTheFinalEllipse(this);
  }
}

/**
 * While the mouse drags, Cornerstone computes an ellipse's statistics at most every 100 ms,
 * the last one up to 100 ms after the drag. After a quick drag the first statistics recorded
 * are those of an early, smaller ellipse (7 pixels for a 50-pixel ROI), and if the reader
 * scrolls at once, that late computation samples the next image through this ellipse (12
 * pixels for 113). So the statistics are computed for the final handles, on the image drawn
 * on, before the drawing is reported complete, and the late computation is dropped.
 */
function statisticsOfTheFinalEllipse(tool: EllipticalROITool): void {
  const end = tool._endCallback;
  const late = tool._throttledCalculateCachedStats as { cancel?: () => void };
  tool._endCallback = (evt) => {
    const editing = tool.editData;
    const viewport = getEnabledElement(evt.detail.element)?.viewport;
    if (editing?.hasMoved && viewport) {
      editing.annotation.invalidated = true;
      tool._calculateCachedStats(editing.annotation, viewport, viewport.getRenderingEngine());
      late.cancel?.();
    }
    end(evt);
  };
}

export class EmhMuscleRoiTool extends EmhEllipseTool {
  static override toolName = muscleRoiMapping.toolName;
}

export class EmhLesionSignalRoiTool extends EmhEllipseTool {
  static override toolName = lesionSignalRoiMapping.toolName;
}

export class EmhLiverRoiTool extends EmhEllipseTool {
  static override toolName = liverRoiMapping.toolName;
}

export class EmhSpleenRoiTool extends EmhEllipseTool {
  static override toolName = spleenRoiMapping.toolName;
}

export class EmhLesionHuRoiTool extends EmhEllipseTool {
  static override toolName = lesionHuRoiMapping.toolName;
}

export const EMH_TOOLS = [
  EmhLesionAxesTool,
  EmhMuscleRoiTool,
  EmhLesionSignalRoiTool,
  EmhLiverRoiTool,
  EmhSpleenRoiTool,
  EmhLesionHuRoiTool,
];

/** The ellipse tool of an ROI mapping (the scripting API places ROIs with it). */
export function ellipseToolClass(toolName: EmhToolName): new () => EllipticalROITool {
  const Tool = EMH_TOOLS.find((candidate) => candidate.toolName === toolName);
  if (!Tool || Tool === EmhLesionAxesTool) throw new Error(`${toolName} is not an ROI tool`);
  return Tool as new () => EllipticalROITool;
}
