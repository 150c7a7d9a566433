/**
 * The coded concepts of the iron groups (docs/exports.md#sr-iron). Standard codes where DICOM
 * has them, checked against the PS3.16 tables (CID noted); the rest in the private 99EMH scheme
 * the other EMH items use.
 */

import type { NoiseSource } from '../../iron/rules/ironReport';
import type { DecayModel } from '../../iron/rules/r2starFit';
import type { HeartIronGrade, LicCalibration, LiverIronGrade } from '../../iron/rules/ironGrades';
import type { IronOrgan } from '../../iron/rules/ironSummary';
import type { CodedConcept } from '../../lesions/rules/sites';
import { code, EMH_SCHEME, LIVER_SITE, SKELETAL_MUSCLE, SPLEEN_SITE } from './srCodes';

const dcm = (value: string, meaning: string): CodedConcept => code(value, 'DCM', meaning);
const sct = (value: string, meaning: string): CodedConcept => code(value, 'SCT', meaning);
const ucum = (value: string, meaning: string): CodedConcept => code(value, 'UCUM', meaning);
const emh = (value: string, meaning: string): CodedConcept => code(value, EMH_SCHEME.designator, meaning);

/**
 * The finding site of each organ (CID 6109 / 7710). The heart ROI is drawn on the septum, so its
 * site is the interventricular septum (589001, CID 6109), not the heart as a whole.
 */
export const IRON_SITES: Readonly<Record<IronOrgan, CodedConcept>> = {
  liver: LIVER_SITE,
  heart: sct('589001', 'Interventricular septum'),
  spleen: SPLEEN_SITE,
  pancreas: sct('15776009', 'Pancreas'),
  muscle: SKELETAL_MUSCLE,
};

export const IRON_MEASUREMENTS = {
  /** CID 7180 / 218. */
  r2star: dcm('126395', 'R2*'),
  t2star: dcm('113064', 'T2*'),
  /** Coefficient of determination of the fit (CID 7180 / 218). */
  rSquared: dcm('126220', 'R2-Coefficient'),
  /** TID 300 "Measurement Method" (CID 9000's concept). */
  method: sct('370129005', 'Measurement Method'),
  /** CID 228 "Equation or Table": the calibration's equation and its citation, as TEXT. */
  equation: dcm('121420', 'Equation'),
  equationCitation: dcm('121421', 'Equation Citation'),
  /** SCT "Severity" with CID 3716 values: the grades as words every reader knows. */
  severity: sct('246112005', 'Severity'),
  s0: emh('IRON-S0', 'Fitted signal at echo time zero'),
  offset: emh('IRON-OFFSET', 'Fitted constant signal offset'),
  echoesUsed: emh('IRON-ECHOES-USED', 'Number of echoes used in fit'),
  fieldStrength: emh('FIELD-STRENGTH', 'Magnetic field strength of the series'),
  lic: emh('LIC', 'Liver iron concentration, dry weight'),
  /** The calibration chosen for the case, said even when it gives no LIC (another field strength). */
  licCalibration: emh('LIC-CALIBRATION', 'R2* to LIC calibration'),
  /** The per-echo means, kept so an import can draw the decay again (docs/exports.md#sr-iron). */
  decay: emh('ECHO-DECAY', 'Mean signal at each echo time'),
  echoTime: emh('ECHO-TIME', 'Echo time'),
  echoSignal: emh('ECHO-SIGNAL', 'Mean signal of region at this echo'),
  /** Where the noise SD of the Rician correction came from, and its value when there was one. */
  noiseSource: emh('NOISE-SOURCE', 'Source of noise estimate'),
  noiseSigma: emh('NOISE-SD', 'Noise standard deviation per channel'),
} as const;

export const NOISE_SOURCE_CODES: Readonly<Record<NoiseSource, CodedConcept>> = {
  air: emh('NOISE-AIR', 'Rayleigh mean of air in the image corners'),
  given: emh('NOISE-GIVEN', 'Noise given by the user'),
  none: emh('NOISE-NONE', 'No noise estimate'),
};

export const IRON_UNITS = {
  hz: ucum('Hz', 'hertz'),
  ms: ucum('ms', 'millisecond'),
  /** Raw MR signal: arbitrary unit, as every EMH signal value (srCodes UNITS.signal). */
  signal: ucum("[arb'U]", 'arbitrary unit'),
  noUnits: ucum('1', 'no units'),
  echoes: ucum('{echoes}', 'echoes'),
  tesla: ucum('T', 'tesla'),
  mgPerG: ucum('mg/g', 'milligram per gram'),
} as const;

export const DECAY_MODEL_CODES: Readonly<Record<DecayModel, CodedConcept>> = {
  truncation: emh('R2S-TRUNCATION', 'Mono-exponential fit, truncation model'),
  offset: emh('R2S-OFFSET', 'Mono-exponential fit, offset model'),
};

export const CALIBRATION_CODES: Readonly<Record<LicCalibration, CodedConcept>> = {
  'wood-2005': emh('LIC-WOOD-2005', 'R2* to LIC calibration, Wood 2005'),
  'garbowski-2014': emh('LIC-GARBOWSKI-14', 'R2* to LIC calibration, Garbowski 2014'),
};

/** The citation of each calibration, written beside its code so a reader needs no lookup. */
export const CALIBRATION_CITATIONS: Readonly<Record<LicCalibration, { readonly equation: string; readonly citation: string }>> = {
  'wood-2005': {
    equation: 'LIC [mg/g dw] = 0.0254 x R2* [Hz] + 0.202, at 1.5 T',
    citation:
      'Wood JC et al. MRI R2 and R2* mapping accurately estimates hepatic iron concentration in transfusion-dependent ' +
      'thalassemia and sickle cell disease patients. Blood 2005;106(4):1460-5',
  },
  'garbowski-2014': {
    equation: 'LIC [mg/g dw] = 0.029 x R2* [Hz] ^ 1.014, at 1.5 T',
    citation:
      'Garbowski MW et al. Biopsy-based calibration of T2* magnetic resonance for estimation of liver iron concentration ' +
      'and comparison with R2 Ferriscan. J Cardiovasc Magn Reson 2014;16:40',
  },
};

const NORMAL = sct('17621005', 'Normal');
const MILD = sct('255604002', 'Mild');
const MODERATE = sct('6736007', 'Moderate');
const SEVERE = sct('24484000', 'Severe');

export const LIVER_GRADE_CODES: Readonly<Record<LiverIronGrade, CodedConcept>> = {
  normal: NORMAL,
  mild: MILD,
  moderate: MODERATE,
  severe: SEVERE,
};

export const HEART_GRADE_CODES: Readonly<Record<HeartIronGrade, CodedConcept>> = {
  normal: NORMAL,
  'mild-moderate': sct('371923003', 'Mild to moderate'),
  severe: SEVERE,
};

/** Tracking identifiers: the ROI's own id after this prefix ("Iron ROI I1"), and the summaries. */
export const IRON_ROI_PREFIX = 'Iron ROI ';
export const LIVER_IRON_SUMMARY = 'Liver iron summary';
export const HEART_IRON_SUMMARY = 'Heart iron summary';
