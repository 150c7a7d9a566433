/** A report with lesion volumes, for the TID 1411 tests (srVolume.test.ts) and PixelMed's run (srPixelmed.test.ts). */

import { sampleReportInput } from './sampleReport.fixture';
import type { SrLesionVolume } from './srVolumeWrite';
import type { MeasurementReportInput } from './srTypes';

export const SEG_SOP = '2.25.111111111111111111111111111111';
export const SEG_SERIES = '2.25.222222222222222222222222222222';
export const MR_SOURCE_SERIES = '2.25.333333333333333333333333333333';

/**
 * The sample case with volumes for its first two lesions, one SEG: L1's drawn on its CT series,
 * the second's on a T2 series (the sample has no MR axes: the MR path is taken with another
 * series UID).
 */
export function withVolumes(): { input: MeasurementReportInput; volumes: Map<string, SrLesionVolume> } {
  const base = sampleReportInput();
  const volumes = new Map<string, SrLesionVolume>();
  for (const a of base.annotations) {
    if (a.kind !== 'lesionAxes' || !a.lesionId || volumes.has(a.lesionId) || volumes.size === 2) continue;
    const ct = volumes.size === 0;
    volumes.set(a.lesionId, {
      seg: {
        studyInstanceUID: a.ref.studyInstanceUID,
        seriesInstanceUID: SEG_SERIES,
        sopInstanceUID: SEG_SOP,
        segmentNumber: volumes.size + 1,
      },
      sourceSeriesInstanceUID: ct ? a.ref.seriesInstanceUID : MR_SOURCE_SERIES,
      // L1 of the sample CT: 1945 voxels of 1.5 x 1.5 x 5 mm; a mean no 16-character DS holds exactly.
      volumeMl: ct ? 21.88125 : 131.72625,
      mean: ct ? 41.98765432109876 : 512.25,
      modality: ct ? 'CT' : 'MR',
      weighting: 'T2',
    });
  }
  return { input: { ...base, volumes }, volumes };
}
