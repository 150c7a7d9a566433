/**
 * The segmentation tools as Cornerstone tools, one per mode so the toolbar lights the one that
 * has the left button: Grow (a click seeds), Region (a freehand outline), Brush and Erase (a
 * stroke). They only claim the left button's press and drag and hand the page point to the
 * segment tools (segmentTools.ts); the right and middle buttons and the wheel still zoom, pan
 * and scroll.
 */
import { BaseTool, type Types as ToolTypes } from '@cornerstonejs/tools';

export type SegmentToolMode = 'grow' | 'region' | 'brush' | 'erase';

export interface SegmentPointer {
  down(mode: SegmentToolMode, element: HTMLDivElement, client: readonly [number, number]): boolean;
  drag(element: HTMLDivElement, client: readonly [number, number]): void;
}

type MouseEvent = ToolTypes.EventTypes.MouseDownActivateEventType | ToolTypes.EventTypes.MouseDragEventType;

function clientOf(evt: MouseEvent): [number, number] {
  const client = evt.detail.currentPoints.client;
  // Cornerstone's client points are relative to the page's viewport, as MouseEvent.clientX/Y are.
  return [client[0], client[1]];
}

abstract class EmhSegmentTool extends BaseTool {
  /** Set by the segment tools when they start; a press without it is left to other tools. */
  static pointer: SegmentPointer | null = null;
  abstract readonly segmentMode: SegmentToolMode;

  constructor(toolProps = {}) {
    super(toolProps, { supportedInteractionTypes: ['Mouse'], configuration: {} });
  }

  preMouseDownCallback = (evt: ToolTypes.EventTypes.MouseDownActivateEventType): boolean =>
    EmhSegmentTool.pointer?.down(this.segmentMode, evt.detail.element as HTMLDivElement, clientOf(evt)) ?? false;

  mouseDragCallback = (evt: ToolTypes.EventTypes.MouseDragEventType): void => {
    EmhSegmentTool.pointer?.drag(evt.detail.element as HTMLDivElement, clientOf(evt));
  };
}

export class EmhSegmentGrowTool extends EmhSegmentTool {
  static override toolName = 'EmhSegmentGrow';
  override readonly segmentMode = 'grow';
}
export class EmhSegmentRegionTool extends EmhSegmentTool {
  static override toolName = 'EmhSegmentRegion';
  override readonly segmentMode = 'region';
}
export class EmhSegmentBrushTool extends EmhSegmentTool {
  static override toolName = 'EmhSegmentBrush';
  override readonly segmentMode = 'brush';
}
export class EmhSegmentEraseTool extends EmhSegmentTool {
  static override toolName = 'EmhSegmentErase';
  override readonly segmentMode = 'erase';
}

export const SEGMENT_POINTER_TOOLS = [EmhSegmentGrowTool, EmhSegmentRegionTool, EmhSegmentBrushTool, EmhSegmentEraseTool];
export const SEGMENT_TOOL_NAMES: Record<SegmentToolMode, string> = {
  grow: EmhSegmentGrowTool.toolName,
  region: EmhSegmentRegionTool.toolName,
  brush: EmhSegmentBrushTool.toolName,
  erase: EmhSegmentEraseTool.toolName,
};
export function setSegmentPointer(pointer: SegmentPointer | null): void {
  EmhSegmentTool.pointer = pointer;
}
