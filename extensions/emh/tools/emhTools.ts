import { getEnabledElement } from '@cornerstonejs/core';
import { BidirectionalTool, EllipticalROITool } from '@cornerstonejs/tools';

/**
 * The EMH tools are Cornerstone's own Bidirectional and EllipticalROI tools, subclassed only
 * for a name of their own (so the adapter knows what each annotation means) and for their
 * on-image text, which is the short label the adapter writes (`L4 10.0 x 5.7 cm`,
 * `Liver 103 HU above`). Drawing, handles and ROI statistics stay Cornerstone's.
 */
export const EMH_TOOL_NAMES = {
  lesionAxes: 'EmhLesionAxes',
  muscleRoi: 'EmhMuscleRoi',
  lesionSignalRoi: 'EmhLesionSignalRoi',
  liverRoi: 'EmhLiverRoi',
  spleenRoi: 'EmhSpleenRoi',
  lesionHuRoi: 'EmhLesionHuRoi',
} as const;

export type EmhToolName = (typeof EMH_TOOL_NAMES)[keyof typeof EMH_TOOL_NAMES];

export function isEmhToolName(name: string | undefined): name is EmhToolName {
  return Object.values(EMH_TOOL_NAMES).includes(name as EmhToolName);
}

interface LabelledData {
  label?: string;
}

/** Only the label: the numbers in it come from the domain rules, not from the tool's text. */
function labelOnly(data: LabelledData): string[] {
  return data.label ? [data.label] : [];
}

export class EmhLesionAxesTool extends BidirectionalTool {
  static override toolName = EMH_TOOL_NAMES.lesionAxes;
  constructor(toolProps = {}) {
    super(toolProps);
    this.configuration.getTextLines = labelOnly;
  }
}

abstract class EmhEllipseTool extends EllipticalROITool {
  constructor(toolProps = {}) {
    super(toolProps);
    this.configuration.getTextLines = labelOnly;
    // Cornerstone computes ROI statistics at most every 100 ms while drawing, and only when
    // the image is drawn again: after a quick drag, or a scroll right after the mouse is
    // released, the last statistics were those of the ellipse mid-drag. On release they are
    // computed once more, for the final ellipse, before the drawing is reported complete.
    const endDrawing = this._endCallback;
    this._endCallback = (evt) => {
      const annotation = this.editData?.annotation;
      const enabled = getEnabledElement(evt.detail.element);
      if (annotation && enabled) {
        annotation.invalidated = true;
        this._calculateCachedStats(annotation, enabled.viewport, enabled.renderingEngine);
      }
      endDrawing(evt);
    };
  }
}

export class EmhMuscleRoiTool extends EmhEllipseTool {
  static override toolName = EMH_TOOL_NAMES.muscleRoi;
}

export class EmhLesionSignalRoiTool extends EmhEllipseTool {
  static override toolName = EMH_TOOL_NAMES.lesionSignalRoi;
}

export class EmhLiverRoiTool extends EmhEllipseTool {
  static override toolName = EMH_TOOL_NAMES.liverRoi;
}

export class EmhSpleenRoiTool extends EmhEllipseTool {
  static override toolName = EMH_TOOL_NAMES.spleenRoi;
}

export class EmhLesionHuRoiTool extends EmhEllipseTool {
  static override toolName = EMH_TOOL_NAMES.lesionHuRoi;
}

export const EMH_TOOLS = [
  EmhLesionAxesTool,
  EmhMuscleRoiTool,
  EmhLesionSignalRoiTool,
  EmhLiverRoiTool,
  EmhSpleenRoiTool,
  EmhLesionHuRoiTool,
];

/** Tools that measure Hounsfield units, refused on anything but CT. */
export const HU_TOOL_NAMES: readonly EmhToolName[] = [
  EMH_TOOL_NAMES.liverRoi,
  EMH_TOOL_NAMES.spleenRoi,
  EMH_TOOL_NAMES.lesionHuRoi,
];

/** Tools that measure raw MR signal, meaningful on MR only. */
export const SIGNAL_TOOL_NAMES: readonly EmhToolName[] = [EMH_TOOL_NAMES.muscleRoi, EMH_TOOL_NAMES.lesionSignalRoi];
