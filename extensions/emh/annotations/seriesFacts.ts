import type { InstanceHeader } from '../../../src/data/types';
import type { ImageRef } from '../inventory/rules/common';
import type { EmhSeriesInfo } from '../inventory/rules/annotationTypes';
import { contrastState } from '../liver/rules/contrastState';
import { seriesWeighting } from '../signal/rules/seriesWeighting';

/**
 * The automatic weighting and contrast state of the series an image belongs to
 * (docs/signal.md#series-weighting, docs/liver.md#contrast-state).
 */
export function seriesInfoFromHeader(header: InstanceHeader): EmhSeriesInfo {
  const isMr = header.modality === 'MR';
  return {
    modality: header.modality,
    description: header.seriesDescription,
    studyDate: header.studyDate || null,
    weighting: isMr
      ? seriesWeighting({
          seriesDescription: header.seriesDescription,
          protocolName: header.protocolName,
          sequenceName: header.sequenceName,
          repetitionTimeMs: header.repetitionTime,
          echoTimeMs: header.echoTime,
          inversionTimeMs: header.inversionTime,
        }).weighting
      : 'unknown',
    contrast: contrastState({
      contrastBolusAgent: header.contrastBolusAgent,
      hasContrastBolusAgentSequence: header.hasContrastBolusAgentSequence,
      hasContrastBolusUsageSequence: header.hasContrastBolusUsageSequence,
      seriesDescription: header.seriesDescription,
      protocolName: header.protocolName,
    }).state,
  };
}

/** The image an annotation sits on, as the inventory and the SR name it. */
export function imageRefOf(header: InstanceHeader, frame: number): ImageRef {
  return {
    studyInstanceUID: header.studyInstanceUID,
    seriesInstanceUID: header.seriesInstanceUID,
    sopInstanceUID: header.sopInstanceUID,
    frame,
    instanceNumber: header.instanceNumber,
  };
}
