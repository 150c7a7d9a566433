/**
 * The EMH inventory panel: the lesion table with the liver summary and muscle references,
 * and the site picker for a newly drawn lesion. `PANEL_CSS` is the panel's stylesheet as
 * text, for the extension to inject once (the host bundles *.css as strings).
 */

import panelCss from './panel.css';

export const PANEL_CSS: string = panelCss;

export { LesionInventoryPanel } from './LesionInventoryPanel';
export { SitePicker, type SitePickerProps } from './SitePicker';
export { LesionChooser } from './LesionChooser';
export type { InventoryPanelActions, InventoryPanelProps } from './panelTypes';
