import { Observable } from '../state/observable';
import type { CommandRegistry } from './commandRegistry';
import type { ViewerServices } from './hostServices';
import type { Extension, Hotkey, PanelDefinition, ToolbarButton } from './types';

export interface HelpContent {
  mouse: { input: string; description: string }[];
  notes: string[];
}
import type { SeriesModel } from '../data/studyModel';

/**
 * Collects the modules of every registered extension, in registration order. Extensions may
 * arrive after the viewer is on screen (boot registers them once the first image shows): the
 * toolbar, panels and keys follow through subscribe().
 */
export class ExtensionRegistry extends Observable {
  private readonly extensions: Extension<ViewerServices>[] = [];
  readonly toolbar: ToolbarButton[] = [];
  /** The toolbar as rows, one per extension with buttons, in registration order. */
  readonly toolbarRows: ToolbarButton[][] = [];
  #awaiting = false;
  readonly panels: PanelDefinition[] = [];
  readonly hotkeys: Hotkey[] = [];
  readonly help: HelpContent = { mouse: [], notes: [] };
  readonly seriesInfo: ((series: SeriesModel) => Record<string, unknown>)[] = [];
  readonly scripting: Record<string, unknown> = {};

  constructor(private readonly commands: CommandRegistry) {
    super();
  }

  async register(extension: Extension<ViewerServices>, services: ViewerServices): Promise<void> {
    if (this.extensions.some((e) => e.id === extension.id)) {
      throw new Error(`Extension "${extension.id}" is already registered`);
    }
    await extension.preRegistration?.(services);
    for (const command of extension.getCommandsModule?.(services) ?? []) this.commands.register(command);
    const buttons = extension.getToolbarModule?.(services) ?? [];
    this.toolbar.push(...buttons);
    if (buttons.length > 0) this.toolbarRows.push(buttons);
    this.panels.push(...(extension.getPanelModule?.(services) ?? []));
    this.hotkeys.push(...(extension.getHotkeysModule?.(services) ?? []));
    const help = extension.getHelpModule?.(services);
    this.help.mouse.push(...(help?.mouse ?? []));
    this.help.notes.push(...(help?.notes ?? []));
    const seriesInfo = extension.getSeriesInfoModule?.(services);
    if (seriesInfo) this.seriesInfo.push(seriesInfo);
    Object.assign(this.scripting, extension.getScriptingModule?.(services) ?? {});
    this.extensions.push(extension);
    this.notify();
  }

  /**
   * More extensions are on their way (boot registers them after the first image): the toolbar
   * and the panel host keep room for them, so that nothing on screen moves when they arrive.
   */
  awaiting(): boolean {
    return this.#awaiting;
  }

  setAwaiting(awaiting: boolean): void {
    if (awaiting === this.#awaiting) return;
    this.#awaiting = awaiting;
    this.notify();
  }

  ids(): string[] {
    return this.extensions.map((e) => e.id);
  }

  exitAll(): void {
    for (const extension of this.extensions) extension.onModeExit?.();
  }
}
