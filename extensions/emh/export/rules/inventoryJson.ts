/**
 * The inventory as the JSON file of docs/exports.md#json (`format: "emh-inventory"`, `version: 1`).
 * The store's `inventory()` already builds the contract object, so this only decides
 * what leaves the building: a teaching export never carries patient, studies or the dates
 * and study UIDs of the time points, even when handed an inventory that has them.
 */

import type { EmhInventory } from '../../inventory/rules/inventoryTypes';
import { followUpForTeaching } from '../../followUp/rules/followUpInventory';

export interface JsonExportOptions {
  /** Leaves out patient and studies (teaching files). */
  readonly teaching?: boolean;
}

export const INVENTORY_FORMAT = 'emh-inventory';
export const INVENTORY_VERSION = 1;

/** The object written to the file; exported so tests and the teaching ZIP use the same rule. */
export function inventoryForExport(inventory: EmhInventory, options: JsonExportOptions = {}): EmhInventory {
  if (options.teaching !== true) return inventory;
  const { patient: _patient, studies: _studies, ...withoutIdentity } = inventory;
  return followUpForTeaching(withoutIdentity);
}

/**
 * Pretty-printed (2 spaces) with a final newline. Numbers are written at full double
 * precision, because the JSON is what an import must restore exactly. Null stays null:
 * JSON.stringify also writes a NaN or Infinity that slipped through as null, which is the
 * right meaning ("could not be measured"), never 0.
 */
export function inventoryToJson(inventory: EmhInventory, options: JsonExportOptions = {}): string {
  return `${JSON.stringify(inventoryForExport(inventory, options), null, 2)}\n`;
}
