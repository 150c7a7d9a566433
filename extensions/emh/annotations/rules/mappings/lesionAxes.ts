/**
 * Lesion axes: Cornerstone's Bidirectional tool, the long and short axis of a lesion. In the
 * inventory a `lesionAxes` record (index points with the image's calibration); in the SR a
 * lesion group (Finding: Lesion, the lesion's site, tracked by its id) with Long and Short axis.
 */

import type { Calibration } from '../../../../../src/geometry/calibration';
import type { AxesPoints, IndexPoint } from '../../../lesions/rules/lesionMeasurement';
import { LESION_FINDING } from '../../../sr/rules/srCodes';
import type { ToolMapping } from './toolMapping';

/** Axes in image indices with the image's calibration at them (null: pixels only). */
export function indexAxes(
  longAxis: [IndexPoint, IndexPoint],
  shortAxis: [IndexPoint, IndexPoint],
  calibration: Calibration | null,
): AxesPoints {
  return {
    space: 'index',
    longAxis,
    shortAxis,
    pixelSpacing: calibration ? [calibration.rowSpacingMm, calibration.columnSpacingMm] : null,
    ...(calibration && calibration.source !== 'patient' ? { calibration: calibration.source } : {}),
  };
}

export const lesionAxesMapping: ToolMapping<'EmhLesionAxes', { kind: 'lesionAxes' }> = {
  toolName: 'EmhLesionAxes',
  command: 'lesion',
  modality: null,
  shape: 'axes',
  measuresLesion: true,
  record: { kind: 'lesionAxes' },
  toRecord: ({ base, indexPoints, calibration }) => {
    if (indexPoints.length < 4) return null;
    const [a, b, c, d] = indexPoints as [IndexPoint, IndexPoint, IndexPoint, IndexPoint];
    return { ...base, kind: 'lesionAxes', axes: indexAxes([a, b], [c, d], calibration) };
  },
  handlesFromReport: ({ longAxis, shortAxis }) => (longAxis && shortAxis ? [...longAxis, ...shortAxis] : null),
  sr: { finding: LESION_FINDING, site: null, measures: 'axes', trackingLabel: null },
};
