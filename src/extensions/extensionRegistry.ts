import type { CommandRegistry } from './commandRegistry';
import type { ViewerServices } from './hostServices';
import type { Extension, Hotkey, PanelDefinition, ToolbarButton } from './types';

export interface HelpContent {
  mouse: { input: string; description: string }[];
  notes: string[];
}
import type { SeriesModel } from '../data/studyModel';

/** Collects the modules of every registered extension, in registration order. */
export class ExtensionRegistry {
  private readonly extensions: Extension<ViewerServices>[] = [];
  readonly toolbar: ToolbarButton[] = [];
  readonly panels: PanelDefinition[] = [];
  readonly hotkeys: Hotkey[] = [];
  readonly help: HelpContent = { mouse: [], notes: [] };
  readonly seriesInfo: ((series: SeriesModel) => Record<string, unknown>)[] = [];
  readonly scripting: Record<string, unknown> = {};

  constructor(private readonly commands: CommandRegistry) {}

  async register(extension: Extension<ViewerServices>, services: ViewerServices): Promise<void> {
    if (this.extensions.some((e) => e.id === extension.id)) {
      throw new Error(`Extension "${extension.id}" is already registered`);
    }
    await extension.preRegistration?.(services);
    for (const command of extension.getCommandsModule?.(services) ?? []) this.commands.register(command);
    this.toolbar.push(...(extension.getToolbarModule?.(services) ?? []));
    this.panels.push(...(extension.getPanelModule?.(services) ?? []));
    this.hotkeys.push(...(extension.getHotkeysModule?.(services) ?? []));
    const help = extension.getHelpModule?.(services);
    this.help.mouse.push(...(help?.mouse ?? []));
    this.help.notes.push(...(help?.notes ?? []));
    const seriesInfo = extension.getSeriesInfoModule?.(services);
    if (seriesInfo) this.seriesInfo.push(seriesInfo);
    Object.assign(this.scripting, extension.getScriptingModule?.(services) ?? {});
    this.extensions.push(extension);
  }

  ids(): string[] {
    return this.extensions.map((e) => e.id);
  }

  exitAll(): void {
    for (const extension of this.extensions) extension.onModeExit?.();
  }
}
