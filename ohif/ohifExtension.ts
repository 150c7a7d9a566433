/**
 * The EMH extension inside OHIF: the chunk extension.ts loads once OHIF's Cornerstone is in
 * place. It turns our extension's modules into OHIF's (tools, toolbar buttons, hotkeys,
 * panel) and runs the real EMH extension on OHIF's services in the shape of our HostServices
 * (ohif/host/; docs/ohif-plugin-progress.md says how far that host goes).
 */
import { createElement, Fragment } from 'react';
import { annotation } from '@cornerstonejs/tools';
import { createEmhExtension } from '../extensions/emh/index';
import { EMH_TOOLS } from '../extensions/emh/annotations/emhTools';
import { mappingOfCommand, TOOL_MAPPINGS } from '../extensions/emh/annotations/rules/mappings/toolMappings';
import type { Hotkey } from '../src/extensions/types';
import type { HostServices } from '../src/extensions/hostServices';
import { createOhifHost, type OhifHost } from './host/ohifHost';
import { dataSourceRoot } from './host/ohifDicomweb';
import { followDocuments } from './host/ohifDocuments';
import { mapEmhMeasurements } from './host/ohifMeasurements';
import { ohifHotkeys, ohifToolButtons, OHIF_TOOL_GROUPS, type OhifHotkey } from './rules/workup';
import { panelInOwnRoot } from './ui/ownRoot';
import { WorkupPanel } from './ui/WorkupPanel';
import { OHIF_PANEL_CSS } from './ui/ohifPanelCss';
import { EMH_PANELS } from './ids';
import type { OhifCommandsModule, OhifExtension, OhifExtensionParams } from './ohifTypes';

/** The drawing tools OHIF's tool groups get when the mode is entered. */
export const EMH_TOOL_NAMES: readonly string[] = EMH_TOOLS.map((Tool) => Tool.toolName);

/** What the work-up mode asks for on entering it (EMH_WORKUP_UTILITY). */
export interface WorkupUtility {
  toolNames: readonly string[];
  toolGroupIds: readonly string[];
  toolbarButtons: ReturnType<typeof ohifToolButtons>;
  /** The button ids, in order, for OHIF's primary toolbar section. */
  toolbarSection: string[];
  hotkeyBindings: OhifHotkey[];
}

/**
 * Commands whose keys OHIF's own do not cover. Undo/redo, Delete and Escape stay OHIF's: it
 * binds Ctrl+Z, Backspace and Esc to its own measurement undo, delete and cancel. Those act on
 * Cornerstone's annotation state, where our inventory adapter listens: a drawing OHIF deletes
 * leaves our inventory (e2e ohifTeaching); OHIF's undo of one of ours is untested.
 */
const BRIDGED_KEYS: readonly string[] = ['emh.toggleKeyImage'];

/** Our tool hotkeys as OHIF's setToolActiveToolbar; the other keys run our command of that name. */
function workupHotkey(hotkey: Hotkey): Pick<OhifHotkey, 'commandName' | 'commandOptions'> | null {
  if (BRIDGED_KEYS.includes(hotkey.command)) return { commandName: hotkey.command, commandOptions: { ...hotkey.args } };
  if (hotkey.command !== 'emh.tool') return null;
  const mapping = typeof hotkey.args?.tool === 'string' ? mappingOfCommand(hotkey.args.tool) : undefined;
  if (!mapping) return null;
  return { commandName: 'setToolActiveToolbar', commandOptions: { toolName: mapping.toolName, toolGroupIds: OHIF_TOOL_GROUPS } };
}

/**
 * Our command registry's commands as OHIF commands of the same name (`emh.inventory`,
 * `emh.storeSR`...), so OHIF's toolbar, hotkeys and console run them as our viewer does.
 * OHIF adds its own keys to a command's options; our commands read only theirs.
 */
function bridgedCommands(host: OhifHost): OhifCommandsModule['definitions'] {
  const definitions: OhifCommandsModule['definitions'] = {};
  for (const { name } of host.commands.list()) {
    definitions[name] = { commandFn: (options) => host.commands.run(name, options) };
  }
  return definitions;
}

export function createOhifEmh(): Omit<OhifExtension, 'id'> {
  const emh = createEmhExtension();
  let host: OhifHost | undefined;
  let stopData: (() => void) | undefined;

  // The toolbar and hotkey modules are data and read no host service.
  const noServices = undefined as unknown as HostServices;
  const workup = (): WorkupUtility => {
    const toolbarButtons = ohifToolButtons(emh.getToolbarModule?.(noServices) ?? [], EMH_TOOL_NAMES);
    return {
      toolNames: EMH_TOOL_NAMES,
      toolGroupIds: OHIF_TOOL_GROUPS,
      toolbarButtons,
      toolbarSection: toolbarButtons.map((b) => b.id),
      hotkeyBindings: ohifHotkeys(emh.getHotkeysModule?.(noServices) ?? [], workupHotkey),
    };
  };
  const started = (): OhifHost => {
    if (!host) throw new Error('The EMH extension was asked for a module before its preRegistration ran');
    return host;
  };

  return {
    async preRegistration(params: OhifExtensionParams): Promise<void> {
      host = createOhifHost(params);
      // The real extension, as our viewer starts it: it registers its tools with OHIF's
      // Cornerstone (the mode adds them to OHIF's tool groups each time it is entered), starts
      // the inventory adapter on Cornerstone's annotation events, the autosave, the reports.
      await emh.preRegistration?.(host);
      for (const command of emh.getCommandsModule?.(host) ?? []) host.commands.register(command);
      // Our drawings in OHIF's measurement panel (the cornerstone extension registered its mappings first).
      const { measurementService } = params.servicesManager.services;
      if (measurementService) mapEmhMeasurements(measurementService, TOOL_MAPPINGS, (uid) => annotation.state.getAnnotation(uid));
      const style = document.createElement('style');
      style.dataset.emh = 'ohif';
      style.textContent = OHIF_PANEL_CSS;
      document.head.append(style);
    },
    getCommandsModule: () => {
      const current = started();
      return {
        defaultContext: 'VIEWER',
        definitions: {
          ...bridgedCommands(current),
          'emh.notice': {
            commandFn: ({ level, text }) =>
              current.notifications.show(level === 'error' || level === 'warning' ? level : 'info', typeof text === 'string' ? text : ''),
          },
        },
      };
    },
    getPanelModule: ({ servicesManager }) => {
      const current = started();
      const displaySets = servicesManager.services.displaySetService;
      const panels = emh.getPanelModule?.(current) ?? [];
      const inventory = panels.find((p) => p.id === 'emh-inventory');
      const teaching = panels.find((p) => p.id === 'emh-teaching');
      return [
        {
          name: EMH_PANELS.lesions,
          // Not OHIF's measurement tab's icon (tab-linear): the two sit side by side.
          iconName: 'tab-patient-info',
          iconLabel: 'EMH',
          label: 'EMH work-up',
          component: panelInOwnRoot(EMH_PANELS.lesions, () =>
            createElement(
              Fragment,
              null,
              inventory ? createElement(inventory.component, { services: current }) : null,
              displaySets ? createElement(WorkupPanel, { displaySets }) : null,
            ),
          ),
        },
        ...(teaching
          ? [
              {
                name: EMH_PANELS.teaching,
                iconName: 'tab-studies',
                iconLabel: 'Teaching',
                label: 'Teaching case',
                component: panelInOwnRoot(EMH_PANELS.teaching, () => createElement(teaching.component, { services: current })),
              },
            ]
          : []),
      ];
    },
    getToolbarModule: () => [],
    getUtilityModule: () => [
      { name: 'workup', exports: { workup } },
      { name: 'host', exports: { host: () => host } },
    ],
    // OHIF's display sets are the study the mode opened: followed from entering to leaving.
    // The extension itself keeps running between modes (OHIF registers it once per page).
    onModeEnter: ({ servicesManager, extensionManager }) => {
      const current = started();
      const root = dataSourceRoot(extensionManager);
      if (root) current.dicomweb.connect(root);
      const displaySets = servicesManager.services.displaySetService;
      if (!displaySets) return;
      const stopImages = current.data.follow(displaySets);
      const stopDocuments = followDocuments(displaySets, current.data, current.dicomweb);
      stopData = () => {
        stopImages();
        stopDocuments();
      };
    },
    onModeExit: () => {
      stopData?.();
      stopData = undefined;
    },
  };
}
