/**
 * Every EMH tool's mapping, and the look-ups the adapter, the commands and the SR writer and
 * reader make: by Cornerstone tool name, by inventory record, by command name.
 */

import { lesionAxesMapping } from './lesionAxes';
import { lesionHuRoiMapping } from './lesionHuRoi';
import { lesionSignalRoiMapping } from './lesionSignalRoi';
import { liverRoiMapping } from './liverRoi';
import { muscleRoiMapping } from './muscleRoi';
import { spleenRoiMapping } from './spleenRoi';
import { isRecordOf, type RecordLike } from './toolMapping';

/** In toolbar order. */
export const TOOL_MAPPINGS = [
  lesionAxesMapping,
  muscleRoiMapping,
  lesionSignalRoiMapping,
  liverRoiMapping,
  spleenRoiMapping,
  lesionHuRoiMapping,
] as const;

export type EmhToolMapping = (typeof TOOL_MAPPINGS)[number];
export type EmhToolName = EmhToolMapping['toolName'];

/**
 * HU ROI groups read back, in the order they are told apart: a Finding of Lesion makes a
 * lesion's, whatever its site; else the site names the organ.
 */
export const HU_ROI_MAPPINGS = [lesionHuRoiMapping, liverRoiMapping, spleenRoiMapping] as const;

/** Signal ROI groups read back: muscle (by its finding or its site) before a lesion's. */
export const SIGNAL_ROI_MAPPINGS = [muscleRoiMapping, lesionSignalRoiMapping] as const;

/** Groups that measure no lesion, in the order the writer puts them after the lesions'. */
export const REFERENCE_MAPPINGS = [liverRoiMapping, spleenRoiMapping, muscleRoiMapping] as const;

export function isEmhToolName(name: string | undefined): name is EmhToolName {
  return TOOL_MAPPINGS.some((mapping) => mapping.toolName === name);
}

export function mappingOfTool(name: string | undefined): EmhToolMapping | undefined {
  return TOOL_MAPPINGS.find((mapping) => mapping.toolName === name);
}

export function mappingOfRecord(record: RecordLike): EmhToolMapping | undefined {
  return TOOL_MAPPINGS.find((mapping) => isRecordOf(mapping, record));
}

export function mappingOfCommand(command: string): EmhToolMapping | undefined {
  return TOOL_MAPPINGS.find((mapping) => mapping.command === command);
}
