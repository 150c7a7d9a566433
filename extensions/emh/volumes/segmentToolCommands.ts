/** The segmentation tools' commands: the editing ones (segmentEditCommands.ts) and the tools' own. */
import type { CommandArgs, CommandDefinition } from '../../../src/extensions/types';
import { text } from './segmentCommands';
import type { SegmentToolMode } from './segmentPointerTools';
import type { SegmentTools } from './segmentTools';

const MODES: readonly SegmentToolMode[] = ['grow', 'region', 'brush', 'erase'];

export function segmentToolCommands(tools: SegmentTools): CommandDefinition[] {
  const optionalLesion = (args: CommandArgs): string | null => (args.lesionId === undefined ? null : text(args, 'lesionId'));
  return [
    ...tools.editor.commands(),
    {
      name: 'emh.segmentTool',
      description:
        'Give the left button to a segmentation tool for a lesion: {mode: grow | region | brush | erase, lesionId? (default: the lesion chosen before, else the selected one)}',
      run: (args) => {
        const mode = MODES.find((m) => m === args.mode);
        if (!mode) throw new Error('"mode" must be grow, region, brush or erase');
        return tools.arm(mode, optionalLesion(args));
      },
    },
    {
      name: 'emh.segmentDisplay',
      description:
        "Show or hide the segments on the images: {on?: boolean (default: toggle), lesionId? (one lesion; else all)}; returns the tools' state",
      run: (args) => {
        const lesionId = args.lesionId === undefined ? undefined : text(args, 'lesionId');
        const now = lesionId === undefined ? tools.shown : tools.isShown(lesionId);
        tools.setShown(typeof args.on === 'boolean' ? args.on : !now, lesionId);
        return tools.state();
      },
    },
    {
      name: 'emh.segmentToolState',
      description: "The segmentation tools' state: lesion, mode, brush mm, shown, hidden lesions, range, drawn regions",
      run: () => tools.state(),
    },
    {
      name: 'emh.brushSize',
      description: 'The brush and eraser radius: {radiusMm}',
      run: (args) => {
        if (typeof args.radiusMm !== 'number') throw new Error('"radiusMm" must be a number');
        tools.setBrushMm(args.radiusMm);
        return tools.state();
      },
    },
    {
      name: 'emh.applySegmentRange',
      description:
        "Set a lesion's range and grow it again from its last seed (or threshold again in the drawn regions): {lesionId, range: [low, high]}",
      run: (args) => {
        const range = args.range;
        if (!Array.isArray(range) || range.length !== 2 || !range.every((v) => typeof v === 'number' && Number.isFinite(v)))
          throw new Error('"range" must be [low, high]');
        return tools.apply(text(args, 'lesionId'), [range[0] as number, range[1] as number]);
      },
    },
  ];
}
