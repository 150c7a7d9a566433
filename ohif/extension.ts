/**
 * The EMH extension for OHIF 3.x: extension.js of the plugin, loaded by URL from app-config.js.
 *
 * A thin wrapper on purpose. Our tools `extends` Cornerstone's classes when their module is
 * evaluated, and the Cornerstone they must extend is OHIF's, which OHIF lends only once
 * extensions register. So preRegistration first takes OHIF's libraries and puts them where the
 * bundle's Cornerstone shims read them, and only then loads the real extension (a chunk of its
 * own) and hands every module getter to it. OHIF awaits preRegistration before it calls any getter.
 */
import { setCornerstoneLibraries, type CornerstoneLibraries } from './cornerstoneLibraries';
import { EMH_EXTENSION_ID, OHIF_CORNERSTONE_UTILITY } from './ids';
import type { OhifExtension, OhifExtensionManager, OhifExtensionParams } from './ohifTypes';

type Implementation = Omit<OhifExtension, 'id'>;

/** OHIF's own Cornerstone, from its cornerstone extension (registered before any plugin). */
export function cornerstoneFromOhif(extensionManager: OhifExtensionManager): CornerstoneLibraries {
  const entry = extensionManager.getModuleEntry(OHIF_CORNERSTONE_UTILITY);
  const lend = entry?.exports.getCornerstoneLibraries;
  if (typeof lend !== 'function') {
    throw new Error(
      `The EMH extension needs OHIF's @ohif/extension-cornerstone registered before it (${OHIF_CORNERSTONE_UTILITY} not found)`,
    );
  }
  const libraries = lend() as { cornerstone?: object; cornerstoneTools?: object };
  if (!libraries.cornerstone || !libraries.cornerstoneTools) {
    throw new Error('OHIF lent no Cornerstone (getCornerstoneLibraries() lacks cornerstone or cornerstoneTools)');
  }
  return { core: libraries.cornerstone, tools: libraries.cornerstoneTools };
}

let implementation: Implementation | undefined;

function loaded(): Implementation {
  if (!implementation) throw new Error('The EMH extension was asked for a module before its preRegistration ran');
  return implementation;
}

const extension: OhifExtension = {
  id: EMH_EXTENSION_ID,
  async preRegistration(params: OhifExtensionParams): Promise<void> {
    setCornerstoneLibraries(cornerstoneFromOhif(params.extensionManager));
    const { createOhifEmh } = await import(/* webpackChunkName: "emh" */ './ohifExtension');
    implementation = createOhifEmh();
    await implementation.preRegistration(params);
  },
  getCommandsModule: (params) => loaded().getCommandsModule(params),
  getPanelModule: (params) => loaded().getPanelModule(params),
  getToolbarModule: (params) => loaded().getToolbarModule(params),
  getUtilityModule: (params) => loaded().getUtilityModule(params),
  onModeEnter: (params) => loaded().onModeEnter(params),
  onModeExit: (params) => loaded().onModeExit(params),
};

export default extension;
