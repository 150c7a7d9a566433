/**
 * Iron ROIs fitted as on the T2* sample (sample-dicom/truth.json `t2starSeries`): its echo times
 * and field, each tissue's S0 and R2*, the truth ROI centres and radii. The decays are noiseless,
 * so each fit gives the truth back; tests of the exports compare their cells with these fits.
 */

import { fitR2star } from './r2starFit';
import type { IronRoiRecord } from './ironReport';
import type { IronOrgan } from './ironSummary';

export const SAMPLE_ECHO_TIMES_MS = [0.99, 2.36, 3.74, 5.11, 6.48, 7.86, 9.23, 10.61, 11.98, 13.35, 14.73, 16.1];
export const SAMPLE_T2STAR_STUDY = '2.25.43598643603691106905844113678466938837';
export const SAMPLE_T2STAR_SERIES = '2.25.281716677741418371403428661930607794863';

interface Tissue {
  readonly organ: IronOrgan;
  readonly s0: number;
  readonly r2starHz: number;
  readonly center: readonly [number, number];
  readonly radius: number;
}

export const SAMPLE_TISSUES: Readonly<Record<'liver' | 'heart' | 'spleen', Tissue>> = {
  liver: { organ: 'liver', s0: 700, r2starHz: 385.75, center: [38, 64], radius: 6.013 },
  heart: { organ: 'heart', s0: 550, r2starHz: 1000 / 15, center: [68, 38], radius: 4.013 },
  spleen: { organ: 'spleen', s0: 650, r2starHz: 150, center: [91.2, 64], radius: 4.013 },
};

/** One tissue's ROI, fitted by the viewer's own fit; `fieldStrengthT` 1.5 as the sample's. */
export function sampleIronRoi(id: string, tissue: Tissue, fieldStrengthT: number | null = 1.5): IronRoiRecord {
  const meanSignal = SAMPLE_ECHO_TIMES_MS.map((te) => tissue.s0 * Math.exp((-tissue.r2starHz * te) / 1000));
  const fit = fitR2star(SAMPLE_ECHO_TIMES_MS.map((te, i) => ({ echoTimeMs: te, signal: meanSignal[i]! })));
  if (!fit) throw new Error(`no fit for ${tissue.organ}`);
  return {
    id,
    organ: tissue.organ,
    fit,
    meanSignal,
    echoTimesMs: SAMPLE_ECHO_TIMES_MS,
    pixels: Math.round(Math.PI * tissue.radius ** 2),
    fieldStrengthT,
    ref: {
      studyInstanceUID: SAMPLE_T2STAR_STUDY,
      seriesInstanceUID: SAMPLE_T2STAR_SERIES,
      sopInstanceUID: `2.25.9000${id.slice(1)}`,
      instanceNumber: 1,
      slicePositionMm: -40,
      center: tissue.center,
      radii: [tissue.radius, tissue.radius],
    },
  };
}

/** Liver I1, heart I2, spleen I3, as e2e/ironExports.spec.ts draws them. */
export function sampleIronRois(fieldStrengthT: number | null = 1.5): IronRoiRecord[] {
  return [
    sampleIronRoi('I1', SAMPLE_TISSUES.liver, fieldStrengthT),
    sampleIronRoi('I2', SAMPLE_TISSUES.heart, fieldStrengthT),
    sampleIronRoi('I3', SAMPLE_TISSUES.spleen, fieldStrengthT),
  ];
}
