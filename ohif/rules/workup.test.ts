import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mousetrapKey, ohifHotkeys, ohifToolButtons, toolOfButton } from './workup';
import type { Hotkey, ToolbarButton } from '../../src/extensions/types';

const lesion: ToolbarButton = {
  id: 'emh-lesion',
  label: 'Lesion',
  tooltip: 'Measure a lesion (L)',
  group: 'emh',
  command: 'emh.tool',
  args: { tool: 'lesion' },
  activeWhen: 'tool:EmhLesionAxes',
};
const liver: ToolbarButton = {
  id: 'emh-liver',
  label: 'Liver HU',
  tooltip: 'Liver HU ROI (H)',
  group: 'emh',
  command: 'emh.tool',
  args: { tool: 'liver' },
  activeWhen: 'tool:EmhLiverRoi',
};
const keyImage: ToolbarButton = {
  id: 'emh-key-image',
  label: 'Key image',
  tooltip: 'Key image',
  group: 'emh-case',
  command: 'emh.toggleKeyImage',
};

test('a tool button becomes an OHIF tool button named by its tool, lit by OHIF when that tool is active', () => {
  assert.equal(toolOfButton(lesion), 'EmhLesionAxes');
  assert.equal(toolOfButton(keyImage), null);
  const buttons = ohifToolButtons([lesion, keyImage, liver], ['EmhLesionAxes', 'EmhLiverRoi']);
  assert.deepEqual(
    buttons.map((b) => [b.id, b.props.icon, b.props.label, b.props.evaluate]),
    [
      ['EmhLesionAxes', 'tool-bidirectional', 'Lesion', 'evaluate.cornerstoneTool'],
      ['EmhLiverRoi', 'tool-ellipse', 'Liver HU', 'evaluate.cornerstoneTool'],
    ],
  );
  assert.equal(buttons[0].props.commands.commandName, 'setToolActiveToolbar');
  assert.equal(buttons[0].props.commands.commandOptions.toolName, 'EmhLesionAxes');
});

test("our hotkeys keep their letter where OHIF's is free and move to Shift where OHIF uses it", () => {
  const keys: Hotkey[] = [
    { keys: 'l', description: 'Lesion', command: 'emh.tool', args: { tool: 'lesion' } },
    { keys: 'm', description: 'Muscle', command: 'emh.tool', args: { tool: 'muscle' } },
    { keys: 'h', description: 'Liver', command: 'emh.tool', args: { tool: 'liver' } },
    { keys: 'Ctrl+z', description: 'Undo', command: 'emh.undo' },
  ];
  const bindings = ohifHotkeys(keys, (k) =>
    k.command === 'emh.tool' ? { commandName: 'setToolActiveToolbar', commandOptions: { tool: k.args?.tool } } : null,
  );
  assert.deepEqual(
    bindings.map((b) => [b.keys[0], b.label]),
    [
      ['shift+l', 'EMH: Lesion'],
      ['m', 'EMH: Muscle'],
      ['shift+h', 'EMH: Liver'],
    ],
  );
  // Two of ours on one key: the second finds it taken too and moves on or drops out.
  const twice = ohifHotkeys([keys[1], { ...keys[1], description: 'Again' }], () => ({ commandName: 'x' }));
  assert.deepEqual(
    twice.map((b) => b.keys[0]),
    ['m', 'shift+m'],
  );
  assert.equal(mousetrapKey('Ctrl+Shift+z'), 'ctrl+shift+z');
  assert.equal(mousetrapKey('Escape'), 'esc');
});
