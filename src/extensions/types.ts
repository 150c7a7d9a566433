import type { Watchable } from '../state/observable';
import type { ComponentType } from 'react';
import type { HostServices } from './hostServices';
import type { SeriesModel } from '../data/studyModel';

/**
 * The extension API. An extension is a plain object: an id and module getters, in the spirit
 * of OHIF's extension modules. The host renders toolbar buttons and panels from these modules
 * and runs every action through the command registry, which `window.emh` exposes.
 */
export interface Extension<Services extends HostServices = HostServices> {
  id: string;
  /**
   * Called once, before the extension's modules are read: register Cornerstone tools,
   * subscribe to events. The viewer calls it once the first image is on screen, so studies may
   * already be open: start from what is open, then follow changes.
   */
  preRegistration?(services: Services): void | Promise<void>;
  getCommandsModule?(services: Services): CommandDefinition[];
  getToolbarModule?(services: Services): ToolbarButton[];
  getPanelModule?(services: Services): PanelDefinition[];
  getHotkeysModule?(services: Services): Hotkey[];
  /**
   * Attributes this extension adds to each series in `emh.series()`; a string under
   * SERIES_LABEL is also shown on the series' card in the series browser.
   */
  getSeriesInfoModule?(services: Services): (series: SeriesModel) => Record<string, unknown>;
  /** Mouse bindings and notes for the shortcuts help, beside the hotkeys. */
  getHelpModule?(services: Services): HelpModule;
  /** Calls this extension adds to `window.emh` (e.g. `inventory`, `export`). */
  getScriptingModule?(services: Services): Record<string, unknown>;
  /** Called when the viewer is torn down (tests, hot reload). */
  onModeExit?(): void;
}

/** The series attribute the series browser shows under a series' description (any extension's). */
export const SERIES_LABEL = 'seriesLabel';

/** The labels the extensions give a series, in registration order (see SERIES_LABEL). */
export function seriesLabels(attributes: Record<string, unknown>[]): string[] {
  return attributes.map((a) => a[SERIES_LABEL]).filter((label): label is string => typeof label === 'string' && label !== '');
}

export type CommandArgs = Record<string, unknown>;

export interface CommandDefinition {
  name: string;
  description: string;
  run(args: CommandArgs): unknown;
}

export interface ToolbarButton {
  id: string;
  label: string;
  /** Shown in the tooltip and the shortcuts help. */
  tooltip: string;
  group: string;
  command: string;
  args?: CommandArgs;
  /** Key of the host state that marks this button as pressed, e.g. `tool:WindowLevel`. */
  activeWhen?: string;
  /** A switch of the extension's own (e.g. an overlay shown) that marks this button as pressed. */
  pressedWhen?: PressedState;
}

/** An on/off state an extension owns; the toolbar listens to it to show its button pressed. */
export interface PressedState extends Watchable {
  isPressed(): boolean;
}

export interface PanelDefinition {
  id: string;
  label: string;
  component: ComponentType<{ services: HostServices }>;
}

export interface HelpModule {
  /** e.g. `{ input: 'Left drag', description: 'Window / level' }` */
  mouse?: { input: string; description: string }[];
  /** Sentences a user should know, e.g. how ids are numbered. */
  notes?: string[];
}

export interface Hotkey {
  keys: string;
  description: string;
  command: string;
  args?: CommandArgs;
}
