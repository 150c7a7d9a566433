/**
 * The EMH extension inside OHIF: the chunk extension.ts loads once OHIF's Cornerstone is in
 * place. It turns our extension's modules into OHIF's (tools, toolbar buttons, hotkeys,
 * panel) and lends our code OHIF's services in the shape of our HostServices, as far as that
 * host goes today (docs/ohif-plugin-progress.md).
 */
import { createElement } from 'react';
import { addTool } from '@cornerstonejs/tools';
import { createEmhExtension } from '../extensions/emh/index';
import { EMH_TOOLS } from '../extensions/emh/annotations/emhTools';
import { lesionAxesMapping } from '../extensions/emh/annotations/rules/mappings/lesionAxes';
import { mappingOfCommand, TOOL_MAPPINGS } from '../extensions/emh/annotations/rules/mappings/toolMappings';
import type { Hotkey } from '../src/extensions/types';
import type { HostServices } from '../src/extensions/hostServices';
import { OhifNotifications } from './host/ohifNotifications';
import { OhifData } from './host/ohifData';
import { OhifGeometry } from './host/ohifGeometry';
import { OhifViewports } from './host/ohifViewports';
import { mapEmhMeasurements } from './host/ohifMeasurements';
import { ohifHotkeys, ohifToolButtons, OHIF_TOOL_GROUPS, type OhifHotkey } from './rules/workup';
import { panelInOwnRoot } from './ui/ownRoot';
import { WorkupPanel } from './ui/WorkupPanel';
import { PANEL_CSS } from '../extensions/emh/inventory/ui/panelCss';
import { OHIF_PANEL_CSS } from './ui/ohifPanelCss';
import type { OhifExtension, OhifExtensionParams } from './ohifTypes';

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

/** Our tool hotkeys as OHIF's setToolActiveToolbar; other keys wait for the command bridge. */
function toolHotkey(hotkey: Hotkey): Pick<OhifHotkey, 'commandName' | 'commandOptions'> | null {
  if (hotkey.command !== 'emh.tool') return null;
  const mapping = typeof hotkey.args?.tool === 'string' ? mappingOfCommand(hotkey.args.tool) : undefined;
  if (!mapping) return null;
  return { commandName: 'setToolActiveToolbar', commandOptions: { toolName: mapping.toolName, toolGroupIds: OHIF_TOOL_GROUPS } };
}

/** The host services made so far over OHIF's (docs/ohif-plugin-progress.md), for the panel and tests. */
export interface OhifHostParts {
  data: OhifData;
  geometry: OhifGeometry;
  notifications: OhifNotifications;
  viewports: OhifViewports | null;
}

export function createOhifEmh(): Omit<OhifExtension, 'id'> {
  const emh = createEmhExtension();
  let notifications: OhifNotifications | undefined;
  let host: OhifHostParts | undefined;
  let stopData: (() => void) | undefined;

  // The toolbar and hotkey modules are data and read no host service; the OHIF host has none
  // of ours to give them yet.
  const noServices = undefined as unknown as HostServices;
  const workup = (): WorkupUtility => {
    const toolbarButtons = ohifToolButtons(emh.getToolbarModule?.(noServices) ?? [], EMH_TOOL_NAMES);
    return {
      toolNames: EMH_TOOL_NAMES,
      toolGroupIds: OHIF_TOOL_GROUPS,
      toolbarButtons,
      toolbarSection: toolbarButtons.map((b) => b.id),
      hotkeyBindings: ohifHotkeys(emh.getHotkeysModule?.(noServices) ?? [], toolHotkey),
    };
  };

  return {
    async preRegistration({ servicesManager, commandsManager }: OhifExtensionParams): Promise<void> {
      // Registered with OHIF's Cornerstone once; the mode adds them to its tool groups each time
      // it is entered (OHIF destroys the tool groups when a mode is left).
      for (const Tool of EMH_TOOLS) addTool(Tool);
      const { services } = servicesManager;
      notifications = new OhifNotifications(services.uiNotificationService);
      const data = new OhifData();
      const geometry = new OhifGeometry(data);
      const { displaySetService, viewportGridService, cornerstoneViewportService, toolGroupService } = services;
      const viewports =
        displaySetService && viewportGridService && cornerstoneViewportService && toolGroupService
          ? new OhifViewports({
              grid: viewportGridService,
              cornerstone: cornerstoneViewportService,
              displaySets: displaySetService,
              toolGroups: toolGroupService,
              commands: commandsManager,
              data,
              geometry,
            })
          : null;
      host = { data, geometry, notifications, viewports };
      // Our drawings in OHIF's measurement panel (the cornerstone extension registered its mappings first).
      if (services.measurementService) mapEmhMeasurements(services.measurementService, TOOL_MAPPINGS);
      const style = document.createElement('style');
      style.dataset.emh = 'ohif';
      style.textContent = `${PANEL_CSS}\n${OHIF_PANEL_CSS}`;
      document.head.append(style);
    },
    getCommandsModule: ({ commandsManager }) => ({
      defaultContext: 'VIEWER',
      definitions: {
        // `emh.tool {tool: 'lesion'}` as in our viewer: the EMH tool on the left button.
        'emh.tool': {
          commandFn: ({ tool }) => {
            const mapping = (typeof tool === 'string' ? mappingOfCommand(tool) : undefined) ?? lesionAxesMapping;
            return commandsManager.runCommand('setToolActiveToolbar', { toolName: mapping.toolName, toolGroupIds: OHIF_TOOL_GROUPS });
          },
        },
        'emh.notice': {
          commandFn: ({ level, text }) =>
            notifications?.show(level === 'error' || level === 'warning' ? level : 'info', typeof text === 'string' ? text : ''),
        },
      },
    }),
    getPanelModule: ({ servicesManager }) => {
      const displaySets = servicesManager.services.displaySetService;
      return [
        {
          name: 'lesions',
          // Not OHIF's measurement tab's icon (tab-linear): the two sit side by side.
          iconName: 'tab-patient-info',
          iconLabel: 'EMH',
          label: 'EMH work-up',
          component: panelInOwnRoot('lesions', () =>
            displaySets ? createElement(WorkupPanel, { displaySets }) : createElement('p', null, 'OHIF has no display set service'),
          ),
        },
      ];
    },
    getToolbarModule: () => [],
    getUtilityModule: () => [
      { name: 'workup', exports: { workup } },
      { name: 'host', exports: { host: () => host } },
    ],
    // OHIF's display sets are the study the mode opened: followed from entering to leaving.
    onModeEnter: ({ servicesManager }) => {
      const displaySets = servicesManager.services.displaySetService;
      if (host && displaySets) stopData = host.data.follow(displaySets);
    },
    onModeExit: () => {
      stopData?.();
      stopData = undefined;
    },
  };
}
