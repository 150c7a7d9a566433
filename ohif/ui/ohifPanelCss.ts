/** Our panel's frame inside OHIF's dark side panel (the EMH panel's own CSS styles the rest). */
export const OHIF_PANEL_CSS = `
.emh-ohif-panel { color: #e0e6f0; font-size: 13px; padding: 8px; overflow: auto; height: 100%; }
.emh-ohif-workup h2 { font-size: 14px; font-weight: 600; margin: 0 0 6px; color: #5acce6; }
.emh-ohif-series { list-style: none; margin: 0; padding: 0; }
.emh-ohif-series li { padding: 3px 0; border-bottom: 1px solid #1d2b3f; }
.emh-ohif-series-label { color: #9cc; }
.emh-ohif-series-count { color: #889; }
`;
