import type { EmhInventory } from '../inventory/rules/inventoryTypes';
import { exportFileName } from './rules/exportFileName';
import { inventoryToCsv } from './rules/inventoryCsv';
import { inventoryToJson } from './rules/inventoryJson';
import { lesionTableToTsv } from './rules/lesionTableTsv';

export type TabularFormat = 'json' | 'csv';

/** The export as a file: what the panel downloads and `emh.export` returns. */
export function exportBlob(format: TabularFormat, inventory: EmhInventory): Blob {
  return format === 'json'
    ? new Blob([inventoryToJson(inventory)], { type: 'application/json' })
    : new Blob([inventoryToCsv(inventory)], { type: 'text/csv;charset=utf-8' });
}

export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // The download has started by the next task; the object URL is no longer needed.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export function downloadExport(format: TabularFormat, inventory: EmhInventory): void {
  downloadBlob(exportBlob(format, inventory), exportFileName(format, inventory, new Date()));
}

/** The lesion table as tab-separated text, ready to paste into a report. */
export async function copyLesionTable(inventory: EmhInventory): Promise<void> {
  await navigator.clipboard.writeText(lesionTableToTsv(inventory));
}
