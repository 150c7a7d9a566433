/**
 * The "EMH work-up" mode for OHIF 3.x: mode.js of the plugin, loaded by URL from app-config.js.
 *
 * Built on OHIF's own basic mode (its layout, tool groups, toolbar and life cycle, loaded
 * through the loadModules OHIF hands the mode factory), with our panel on the right and, each
 * time the mode is entered, our drawing tools in its tool groups, their buttons in the primary
 * toolbar and their hotkeys. What to add comes from the extension (EMH_WORKUP_UTILITY), so this
 * file carries no EMH code of its own.
 */
import { EMH_MODE_ID, EMH_MODE_NAME, EMH_PANEL, EMH_ROUTE, EMH_TEACHING_PANEL, EMH_WORKUP_UTILITY, OHIF_MEASUREMENT_PANEL } from './ids';
import type { WorkupUtility } from './ohifExtension';
import type { OhifExtensionParams } from './ohifTypes';

/** px: the lesion table's columns (id, site, size, HU, T1, T2) legible at 1400 px wide. */
const EMH_PANEL_WIDTH = 400;

declare const __webpack_public_path__: string;

type ModeHook = (this: ModeInstance, params: OhifExtensionParams) => void;

interface ModeInstance {
  id: string;
  routeName: string;
  displayName: string;
  hide?: boolean;
  extensions: Record<string, string>;
  routes: { path: string; layoutInstance: { id: string; props: Record<string, unknown> } }[];
  onModeEnter?: ModeHook;
  onModeExit?: ModeHook;
  [key: string]: unknown;
}

interface BasicMode {
  modeInstance: ModeInstance;
  extensionDependencies: Record<string, string>;
}

/** Where OHIF finds extension.js: next to this file, wherever the plugin folder is served. */
export function extensionUrl(publicPath: string = __webpack_public_path__): string {
  return `${publicPath}extension.js`;
}

function addWorkup({ servicesManager, extensionManager }: OhifExtensionParams): void {
  const entry = extensionManager.getModuleEntry(EMH_WORKUP_UTILITY);
  const workup = (entry?.exports.workup as (() => WorkupUtility) | undefined)?.();
  const { toolGroupService, toolbarService, customizationService } = servicesManager.services;
  if (!workup) {
    servicesManager.services.uiNotificationService?.show({ title: 'EMH', message: 'The EMH extension is not registered', type: 'error' });
    return;
  }
  for (const toolGroupId of workup.toolGroupIds) {
    const group = toolGroupService?.getToolGroup(toolGroupId) as
      { addTool?(name: string): void; setToolPassive?(name: string): void } | undefined;
    if (!group?.addTool) continue;
    for (const toolName of workup.toolNames) {
      group.addTool(toolName);
      // Passive: an EMH drawing can be selected and moved whatever tool is active.
      group.setToolPassive?.(toolName);
    }
  }
  toolbarService?.register(workup.toolbarButtons);
  toolbarService?.updateSection('primary', workup.toolbarSection);
  // Read by the mode route right after onModeEnter (ohif.hotkeyBindings, mode scope).
  customizationService?.setCustomizations({ 'ohif.hotkeyBindings': { $push: workup.hotkeyBindings } });
}

/** Our mode from OHIF's basic one; `pluginUrl` is extension.js as OHIF must import it. */
export function workupMode(basic: BasicMode, pluginUrl: string): ModeInstance {
  const base = basic.modeInstance;
  const [route] = base.routes;
  const layout = route.layoutInstance;
  return {
    ...base,
    id: EMH_MODE_ID,
    routeName: EMH_ROUTE,
    displayName: EMH_MODE_NAME,
    hide: false,
    // OHIF imports each key of `extensions` on entering the mode: ours must be its URL.
    extensions: { ...basic.extensionDependencies, [pluginUrl]: '*' },
    routes: [
      {
        ...route,
        path: EMH_ROUTE,
        layoutInstance: {
          ...layout,
          props: {
            ...layout.props,
            rightPanels: [EMH_PANEL, EMH_TEACHING_PANEL, OHIF_MEASUREMENT_PANEL],
            rightPanelClosed: false,
            // Our lesion table (id, site, size, HU, T1, T2) is cramped at OHIF's 280 px: wider
            // from the start, and the reader may drag it wider still.
            rightPanelResizable: true,
            rightPanelInitialExpandedWidth: EMH_PANEL_WIDTH,
          },
        },
      },
    ],
    onModeEnter(params) {
      base.onModeEnter?.call(this, params);
      addWorkup(params);
    },
  };
}

const mode = {
  id: EMH_MODE_ID,
  async modeFactory({ loadModules }: { loadModules: (names: string[]) => Promise<unknown[]> }): Promise<ModeInstance> {
    const [basic] = (await loadModules(['@ohif/mode-basic'])) as BasicMode[];
    return workupMode(basic, extensionUrl());
  },
  extensionDependencies: {},
};

export default mode;
