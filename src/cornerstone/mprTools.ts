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
 * two planes there; Ctrl + left while a measurement tool has the left button), pan on the middle, zoom on the right, window on shift-drag, the wheel steps through
 * slices. Kept apart
 * from the stack group, whose tools act on images, not on planes through a volume; extensions
 * lend it the measurement tools that work in a plane (addReformatTool).
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
  group.setToolActive(PanTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Auxiliary }] });
  group.setToolActive(ZoomTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Secondary }] });
  group.setToolActive(StackScrollTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Wheel }] });
  group.setToolActive(WindowLevelTool.toolName, {
    bindings: [{ mouseButton: ToolEnums.MouseBindings.Primary, modifierKey: ToolEnums.KeyboardBindings.Shift }],
  });
  for (const toolName of reformatTools) addToGroup(toolName);
  applyPrimaryTool();
}

/**
 * Measurement tools extensions lend the reformat views (registered with Cornerstone by the
 * extension, by name here). Passive, so what they drew can be picked up and moved; the one
 * chosen on the toolbar takes the left button.
 */
const reformatTools = new Set<string>();
let primaryTool: string | null = null;

function mprGroup(): ReturnType<typeof ToolGroupManager.getToolGroup> {
  return ToolGroupManager.getToolGroup(MPR_TOOL_GROUP_ID);
}

function addToGroup(toolName: string): void {
  const group = mprGroup();
  if (!group || group.hasTool(toolName) || !toolState.tools[toolName]) return;
  group.addTool(toolName);
  group.setToolPassive(toolName);
}

/** An extension's measurement tool that also measures in the reformat views. */
export function addReformatTool(toolName: string): void {
  reformatTools.add(toolName);
  addToGroup(toolName);
}

/**
 * The toolbar's tool for the left button. A measurement tool lent to the reformats measures
 * there too (a radiologist who picked "Lesion" expects to draw it in whichever view), with the
 * crosshairs on Ctrl + left; any other tool (window, pan, zoom) leaves the left button to the
 * crosshairs, as when MPR opens.
 */
export function setReformatPrimaryTool(toolName: string): void {
  primaryTool = reformatTools.has(toolName) ? toolName : null;
  applyPrimaryTool();
}

const PRIMARY = { mouseButton: ToolEnums.MouseBindings.Primary };
const CTRL_PRIMARY = { mouseButton: ToolEnums.MouseBindings.Primary, modifierKey: ToolEnums.KeyboardBindings.Ctrl };

function applyPrimaryTool(): void {
  const group = mprGroup();
  if (!group) return;
  for (const toolName of reformatTools) if (toolName !== primaryTool && group.hasTool(toolName)) group.setToolPassive(toolName);
  group.setToolPassive(CrosshairsTool.toolName, { removeAllBindings: true });
  if (primaryTool && group.hasTool(primaryTool)) {
    group.setToolActive(primaryTool, { bindings: [PRIMARY] });
    group.setToolActive(CrosshairsTool.toolName, { bindings: [CTRL_PRIMARY] });
  } else {
    group.setToolActive(CrosshairsTool.toolName, { bindings: [PRIMARY] });
  }
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
