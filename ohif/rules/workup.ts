/**
 * What the EMH work-up mode adds to OHIF, derived from the extension's own modules: toolbar
 * buttons for the EMH drawing tools and hotkeys that leave OHIF's own keys alone. Pure data in,
 * OHIF's button and hotkey shapes out (no OHIF, no Cornerstone here).
 */
import type { Hotkey, ToolbarButton } from '../../src/extensions/types';

/** OHIF 3.13's default hotkeys (ohif.hotkeyBindings): a key of ours on one of these moves to Shift. */
export const OHIF_DEFAULT_KEYS: readonly string[] = [
  'z',
  '+',
  '-',
  '=',
  'r',
  'l',
  'h',
  'v',
  'c',
  'i',
  'right',
  'left',
  'pageup',
  'pagedown',
  '.',
  ',',
  'down',
  'up',
  'home',
  'end',
  'space',
  'esc',
  '1',
  '2',
  '3',
  '4',
  'backspace',
  'enter',
  'ctrl+z',
  'ctrl+y',
  'n',
  ']',
  '[',
  'e',
  'b',
  'a',
];

/** The tool groups OHIF's modes make; a tool button activates the tool in each that has it. */
export const OHIF_TOOL_GROUPS = ['default', 'mpr', 'SRToolGroup', 'volume3d'];

export interface OhifButton {
  id: string;
  uiType: 'ohif.toolButton';
  props: {
    type: 'tool';
    icon: string;
    label: string;
    tooltip: string;
    commands: { commandName: string; commandOptions: Record<string, unknown> };
    evaluate: string;
  };
}

export interface OhifHotkey {
  commandName: string;
  commandOptions?: Record<string, unknown>;
  label: string;
  keys: string[];
  isEditable?: boolean;
}

/** The tool a button of ours gives the left mouse button to (`activeWhen: 'tool:<name>'`). */
export function toolOfButton(button: ToolbarButton): string | null {
  const match = /^tool:(.+)$/.exec(button.activeWhen ?? '');
  return match ? match[1] : null;
}

function setToolActive(toolName: string): OhifButton['props']['commands'] {
  return { commandName: 'setToolActiveToolbar', commandOptions: { toolName, toolGroupIds: OHIF_TOOL_GROUPS } };
}

/**
 * OHIF buttons for our drawing tools, by tool name (OHIF lights a tool button whose id is the
 * tool active in the viewport: evaluate.cornerstoneTool). Only the given tools: the other
 * buttons of ours need the host services the OHIF build does not have yet.
 */
export function ohifToolButtons(buttons: ToolbarButton[], tools: readonly string[]): OhifButton[] {
  return buttons.flatMap((button) => {
    const toolName = toolOfButton(button);
    if (!toolName || !tools.includes(toolName)) return [];
    const icon = button.id === 'emh-lesion' ? 'tool-bidirectional' : 'tool-ellipse';
    return [
      {
        id: toolName,
        uiType: 'ohif.toolButton' as const,
        props: {
          type: 'tool' as const,
          icon,
          label: button.label,
          tooltip: button.tooltip,
          commands: setToolActive(toolName),
          evaluate: 'evaluate.cornerstoneTool',
        },
      },
    ];
  });
}

/** Our key in Mousetrap's spelling, as OHIF's hotkeys manager takes it. */
export function mousetrapKey(keys: string): string {
  return keys
    .split('+')
    .map((part) => (part === 'Escape' ? 'esc' : part === 'Delete' ? 'del' : part.toLowerCase()))
    .join('+');
}

/**
 * OHIF hotkeys for our tool keys: the same letter where OHIF leaves it free, Shift+letter where
 * OHIF already uses it (L is OHIF's rotate left, H its flip). Keys whose command OHIF cannot run
 * (no `commandFor`) are left out.
 */
export function ohifHotkeys(
  hotkeys: Hotkey[],
  commandFor: (hotkey: Hotkey) => Pick<OhifHotkey, 'commandName' | 'commandOptions'> | null,
  taken: readonly string[] = OHIF_DEFAULT_KEYS,
): OhifHotkey[] {
  const used = new Set(taken);
  return hotkeys.flatMap((hotkey) => {
    const command = commandFor(hotkey);
    if (!command) return [];
    let key = mousetrapKey(hotkey.keys);
    if (used.has(key)) key = `shift+${key}`;
    if (used.has(key)) return [];
    used.add(key);
    return [{ ...command, label: `EMH: ${hotkey.description}`, keys: [key], isEditable: true }];
  });
}
