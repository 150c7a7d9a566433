import {
  CrosshairsTool,
  PanTool,
  StackScrollTool,
  ToolGroupManager,
  ZoomTool,
  WindowLevelTool,
  addTool,
  Enums as ToolEnums,
  state as toolState,
} from '@cornerstonejs/tools';
import type { Types } from '@cornerstonejs/core';

export const MPR_TOOL_GROUP_ID = 'viewer-mpr-tools';

// Dark-theme colours that tell the three planes apart on the reference lines.
const PLANE_COLOURS: Record<string, string> = {
  'mpr-axial': 'rgb(230, 80, 80)',
  'mpr-sagittal': 'rgb(230, 200, 60)',
  'mpr-coronal': 'rgb(80, 200, 110)',
};

function registerOnce(tool: Parameters<typeof addTool>[0]): void {
  // addTool throws if the tool is already registered; the stack group registered some.
  if (!toolState.tools[tool.toolName]) addTool(tool);
}

/**
 * The reformat views' own tool group: crosshairs on the left button (a click moves the other
 * two planes there), pan on the middle, zoom on the right, window on shift-drag, the wheel steps through
 * slices. Kept apart
 * from the stack group, whose tools and extensions' measurement tools act on images, not on
 * planes through a volume.
 */
export function createMprToolGroup(): void {
  if (ToolGroupManager.getToolGroup(MPR_TOOL_GROUP_ID)) return;
  for (const tool of [CrosshairsTool, PanTool, ZoomTool, WindowLevelTool, StackScrollTool]) registerOnce(tool);
  const group = ToolGroupManager.createToolGroup(MPR_TOOL_GROUP_ID);
  if (!group) throw new Error('Could not create the MPR tool group');
  group.addTool(CrosshairsTool.toolName, {
    getReferenceLineColor: (viewportId: string) => PLANE_COLOURS[viewportId] ?? 'rgb(200, 200, 200)',
    getReferenceLineControllable: () => true,
    // Cornerstone moves a plane on a click only when its line is draggable; dragging a line
    // end rotates it (an oblique reformat), which comes with that.
    getReferenceLineDraggableRotatable: () => true,
    getReferenceLineSlabThicknessControlsOn: () => false,
  });
  group.addTool(PanTool.toolName);
  group.addTool(ZoomTool.toolName);
  group.addTool(WindowLevelTool.toolName);
  group.addTool(StackScrollTool.toolName);
  group.setToolActive(CrosshairsTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Primary }] });
  group.setToolActive(PanTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Auxiliary }] });
  group.setToolActive(ZoomTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Secondary }] });
  group.setToolActive(StackScrollTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Wheel }] });
  group.setToolActive(WindowLevelTool.toolName, {
    bindings: [{ mouseButton: ToolEnums.MouseBindings.Primary, modifierKey: ToolEnums.KeyboardBindings.Shift }],
  });
}

function crosshairs(): CrosshairsTool | undefined {
  const group = ToolGroupManager.getToolGroup(MPR_TOOL_GROUP_ID);
  return group?.getToolInstance(CrosshairsTool.toolName) as CrosshairsTool | undefined;
}

/** The patient point where the three planes cross. */
export function crosshairCentre(): Types.Point3 | null {
  const tool = crosshairs();
  return tool ? ([...tool.toolCenter] as Types.Point3) : null;
}

/** Moves every plane through a patient point, as a click with the crosshairs does. */
export function setCrosshairCentre(point: Types.Point3): void {
  crosshairs()?.setToolCenter(point);
}
