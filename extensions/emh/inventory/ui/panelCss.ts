/**
 * The panel's stylesheet as text, for the extension to inject once: the host bundles *.css
 * as strings. It styles the lesion table and every section and dialog of the EMH panel.
 */

import panelCss from './panel.css';

export const PANEL_CSS: string = panelCss;
