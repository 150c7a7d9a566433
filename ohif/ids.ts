/** Names OHIF knows the plugin by; the mode and the extension agree on them through this file. */

/** The extension's id: OHIF's module entries are `emh.<moduleType>.<name>`. */
export const EMH_EXTENSION_ID = 'emh';
export const EMH_MODE_ID = 'emh-workup';
/** The URL path segment of the mode (`/emh?StudyInstanceUIDs=...`). */
export const EMH_ROUTE = 'emh';
export const EMH_MODE_NAME = 'EMH work-up';
/** Our panels' names in the extension's panel module. */
export const EMH_PANELS = { lesions: 'lesions', teaching: 'teaching' } as const;
/** The lesion inventory panel, as a layout names it. */
export const EMH_PANEL = `${EMH_EXTENSION_ID}.panelModule.${EMH_PANELS.lesions}`;
/** The teaching-case panel (the form, key images, the teaching ZIP), as a layout names it. */
export const EMH_TEACHING_PANEL = `${EMH_EXTENSION_ID}.panelModule.${EMH_PANELS.teaching}`;
/** What the mode asks the extension for on entering: tools, buttons, hotkeys (see workupUtility). */
export const EMH_WORKUP_UTILITY = `${EMH_EXTENSION_ID}.utilityModule.workup`;
/** OHIF's cornerstone extension lends its Cornerstone through this utility module. */
export const OHIF_CORNERSTONE_UTILITY = '@ohif/extension-cornerstone.utilityModule.common';
/** The tool group OHIF's default layout gives stack viewports. */
export const OHIF_DEFAULT_TOOL_GROUP = 'default';
/** OHIF's measurement panel, beside ours: our drawings are OHIF measurements too. */
export const OHIF_MEASUREMENT_PANEL = '@ohif/extension-cornerstone.panelModule.panelMeasurement';
