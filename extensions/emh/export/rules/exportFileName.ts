/**
 * File names for the downloads: `emh-inventory-EMH-0001-2026-11-25.json`. The patient id
 * lets a reader tell a day's exports apart; a teaching export must not carry it.
 */

import type { EmhInventory } from '../../inventory/rules/inventoryTypes';

/** `chart`: the follow-up chart as PNG. */
export type ExportFileKind = 'json' | 'csv' | 'sr' | 'chart';

export interface FileNameOptions {
  readonly teaching?: boolean;
}

const MAX_ID_LENGTH = 64;

/**
 * Patient ids are free text (EMH^0001, 123/45): anything a file system or a browser's
 * download dialog may refuse or read as a path becomes "_", and leading dots go so the
 * file is never hidden or relative.
 */
export function fileNameSafe(text: string): string {
  return text
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._-]+|[._-]+$/g, '')
    .slice(0, MAX_ID_LENGTH);
}

/** The calendar day where the radiologist is, not in UTC: an export at 00:30 is dated that day. */
export function localIsoDay(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('exportFileName needs a valid date');
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function exportFileName(
  kind: ExportFileKind,
  inventory: Pick<EmhInventory, 'patient'>,
  date: Date,
  options: FileNameOptions = {},
): string {
  const id = options.teaching === true ? '' : fileNameSafe(inventory.patient?.id ?? '');
  const prefix = kind === 'sr' ? 'emh-sr' : kind === 'chart' ? 'emh-follow-up-chart' : 'emh-inventory';
  const parts = [prefix, ...(id === '' ? [] : [id]), localIsoDay(date)];
  const extension = kind === 'sr' ? 'dcm' : kind === 'chart' ? 'png' : kind;
  return `${parts.join('-')}.${extension}`;
}
