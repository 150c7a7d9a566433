import { PanTool, StackScrollTool, ToolGroupManager, WindowLevelTool, ZoomTool, addTool, Enums as ToolEnums } from '@cornerstonejs/tools';

export const DEFAULT_TOOL_GROUP_ID = 'viewer-default-tools';

/** Tools that can own the left mouse button. Extensions add their own names. */
export type PrimaryTool = string;

const NAVIGATION_TOOLS = [WindowLevelTool, PanTool, ZoomTool, StackScrollTool];

/**
 * One tool group for every viewport. The right button zooms and the middle button pans
 * whatever the left button does, and the wheel always scrolls, so navigation never needs a
 * trip to the toolbar.
 */
export function createDefaultToolGroup(): void {
  if (ToolGroupManager.getToolGroup(DEFAULT_TOOL_GROUP_ID)) return;
  for (const tool of NAVIGATION_TOOLS) addTool(tool);
  const group = ToolGroupManager.createToolGroup(DEFAULT_TOOL_GROUP_ID);
  if (!group) throw new Error('Could not create the tool group');
  for (const tool of NAVIGATION_TOOLS) group.addTool(tool.toolName);
  group.setToolActive(WindowLevelTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Primary }] });
  group.setToolActive(PanTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Auxiliary }] });
  group.setToolActive(ZoomTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Secondary }] });
  group.setToolActive(StackScrollTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Wheel }] });
}

const SECONDARY_BINDINGS: Record<string, number> = {
  [PanTool.toolName]: ToolEnums.MouseBindings.Auxiliary,
  [ZoomTool.toolName]: ToolEnums.MouseBindings.Secondary,
};

/** Gives the left button to a tool; the tool that had it keeps its other binding or goes passive. */
export function setPrimaryTool(toolName: PrimaryTool): void {
  const group = ToolGroupManager.getToolGroup(DEFAULT_TOOL_GROUP_ID);
  if (!group) return;
  const previous = group.getActivePrimaryMouseButtonTool();
  if (previous === toolName) return;
  if (previous) {
    const keep = SECONDARY_BINDINGS[previous];
    if (keep !== undefined) group.setToolActive(previous, { bindings: [{ mouseButton: keep }] });
    else group.setToolPassive(previous);
  }
  const bindings = [{ mouseButton: ToolEnums.MouseBindings.Primary }];
  const secondary = SECONDARY_BINDINGS[toolName];
  if (secondary !== undefined) bindings.push({ mouseButton: secondary });
  group.setToolActive(toolName, { bindings });
}
