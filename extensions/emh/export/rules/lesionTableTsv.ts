/**
 * The lesion table as tab-separated text, for pasting into a report or a spreadsheet:
 * human-formatted like the panel ("10.0 x 5.7 cm", "0.57 hypo"), one line per lesion.
 * It reuses the panel's formatting so the pasted table reads exactly as the screen does.
 *
 * Not neutralised against formula injection: it is report text, where a quote in front
 * of "- stable" would be a visible error; the CSV is the file meant for spreadsheets.
 */

import type { EmhInventory, LesionExport } from '../../inventory/rules/inventoryTypes';
import { DASH, formatHu, locationText, signalView, sizeView } from '../../inventory/rules/inventoryRows';

export const LESION_TABLE_HEADER = ['Lesion', 'Site', 'Size', 'CT (HU)', 'T1 / muscle', 'T2 / muscle', 'Image', 'Notes'] as const;

/** A tab or line break inside a cell would start a new column or row when pasted. */
export function tsvCell(text: string): string {
  return text.replace(/[\t\r\n]+/g, ' ').trim();
}

function lesionLine(lesion: LesionExport): string[] {
  return [
    lesion.id,
    lesion.siteLabel,
    sizeView(lesion).text,
    formatHu(lesion.ct.meanHU),
    signalView(lesion.t1, 'T1').text,
    signalView(lesion.t2, 'T2').text,
    lesion.refs.length === 0 ? DASH : locationText(lesion),
    lesion.notes,
  ];
}

/** Header line, then one line per lesion in row order; "\n" between lines, none at the end. */
export function lesionTableToTsv(inventory: Pick<EmhInventory, 'lesions'>): string {
  const lines = [[...LESION_TABLE_HEADER], ...inventory.lesions.map(lesionLine)];
  return lines.map((cells) => cells.map(tsvCell).join('\t')).join('\n');
}
