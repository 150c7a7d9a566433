/**
 * Every coded concept the EMH measurement report uses, in one place so the writer and the
 * reader cannot drift apart. Codes named in docs/exports.md#sr-content-tree are used as given; the
 * others were checked against the DICOM PS3.16 code tables and context groups (CID noted).
 */

import type { ContrastState } from '../../liver/rules/contrastState';
import type { LiverCall } from '../../liver/rules/liverAttenuation';
import type { SignalCall } from '../../signal/rules/signalRatio';
import type { CodedConcept } from '../../lesions/rules/sites';
import type { Weighting } from '../../signal/rules/seriesWeighting';

export const code = (value: string, scheme: string, meaning: string): CodedConcept => ({ value, scheme, meaning });

const dcm = (value: string, meaning: string): CodedConcept => code(value, 'DCM', meaning);
const sct = (value: string, meaning: string): CodedConcept => code(value, 'SCT', meaning);
const ucum = (value: string, meaning: string): CodedConcept => code(value, 'UCUM', meaning);

/** Same concept whatever the meaning text: readers must match on value and scheme only. */
export function sameCode(a: CodedConcept | null | undefined, b: CodedConcept): boolean {
  return a != null && a.value === b.value && a.scheme === b.scheme;
}

// ------------------------------------------------------------------ producer

/** How the reader recognises its own reports (with the 99EMH scheme declaration). */
export const EMH_MANUFACTURER = 'EMH viewer project';
export const EMH_MODEL_NAME = 'EMH viewer';
export const EMH_SOFTWARE_VERSION = '0.1.0';

// ------------------------------------------------------------------ private scheme

/**
 * Concepts with no standard code use the private scheme 99EMH (docs/exports.md#sr-private-codes),
 * declared in CodingSchemeIdentificationSequence so a reader can tell whose codes they are.
 */
export const EMH_SCHEME = {
  designator: '99EMH',
  name: 'EMH viewer private codes',
  responsibleOrganization: 'EMH viewer project',
} as const;

const emh = (value: string, meaning: string): CodedConcept => code(value, EMH_SCHEME.designator, meaning);

export const EMH_CODES = {
  signalRatio: emh('SIR-MUSCLE', 'Lesion to skeletal muscle signal intensity ratio'),
  pixelCount: emh('ROI-PIXELS', 'Number of pixels in region of interest'),
  /** Finding site of an `other` lesion whose user gave no words for it. */
  otherSite: emh('OTHER-SITE', 'Other site'),
  /** Concept modifier on a call or decision: the viewer's automatic one, or the radiologist's. */
  callSource: emh('CALL-SOURCE', 'Call source'),
  automatic: emh('CALL-AUTO', 'Automatic, from the measured values'),
  override: emh('CALL-OVERRIDE', 'Radiologist override'),
  /**
   * The liver summary's call against the unenhanced normal range
   * (docs/liver.md#normal-range-and-the-call); values from CID 222
   * (docs/exports.md#sr-content-tree).
   */
  liverCall: emh('LIVER-CALL', 'Liver attenuation against unenhanced normal range'),
  /** Series decisions, in the series' image library group (TID 1600): acquisition facts as the radiologist set them. */
  seriesWeighting: emh('SERIES-WEIGHTING', 'MR series weighting'),
  seriesContrast: emh('SERIES-CONTRAST', 'Series intravenous contrast state'),
  /**
   * A lesion's status at the report's time point when it has no measurement there
   * (docs/follow-up.md#status-per-time-point): resolved (written with a long axis of 0 mm) or
   * not evaluable. DICOM's response codes are per patient, not per lesion, hence private.
   */
  lesionStatus: emh('LESION-STATUS', 'Lesion status at this time point'),
  resolved: emh('STATUS-RESOLVED', 'Resolved, no longer seen'),
  notEvaluable: emh('STATUS-NOT-EVALUABLE', 'Not evaluable'),
} as const;

/**
 * MR weighting as a value. DICOM has concepts for T1 / T2 / PD signal intensity (used for
 * the measurements), but none for the weighting of a series as a coded value, let alone
 * STIR, FLAIR, DWI or "unknown", so all seven are private.
 */
export const WEIGHTING_CODES: Readonly<Record<Weighting, CodedConcept>> = {
  T1: emh('W-T1', 'T1 weighted'),
  T2: emh('W-T2', 'T2 weighted'),
  PD: emh('W-PD', 'Proton density weighted'),
  STIR: emh('W-STIR', 'Short tau inversion recovery'),
  FLAIR: emh('W-FLAIR', 'Fluid attenuated inversion recovery'),
  DWI: emh('W-DWI', 'Diffusion weighted'),
  unknown: emh('W-UNKNOWN', 'Weighting unknown'),
};

/** Contrast states as values; private for the same reason (no coded "unenhanced" / "unknown"). */
export const CONTRAST_CODES: Readonly<Record<ContrastState, CodedConcept>> = {
  unenhanced: emh('C-UNENHANCED', 'Unenhanced, no intravenous contrast'),
  enhanced: emh('C-ENHANCED', 'Enhanced, after intravenous contrast'),
  unknown: emh('C-UNKNOWN', 'Contrast state unknown'),
};

/**
 * The liver call, CID 222 (Normality). `none` (enhanced series, or no value) is "Normality
 * Undetermined": no statement about the range is made.
 */
export const LIVER_CALL_CODES: Readonly<Record<LiverCall, CodedConcept>> = {
  below: sct('281300000', 'Below reference range'),
  within: sct('281301001', 'Within reference range'),
  above: sct('281302008', 'Above reference range'),
  none: sct('371934000', 'Normality Undetermined'),
};

/** The key of `table` whose code this is (value and scheme), or null. */
export function keyOfCode<K extends string>(table: Readonly<Record<K, CodedConcept>>, concept: CodedConcept | null): K | null {
  if (concept === null) return null;
  for (const [key, known] of Object.entries(table) as [K, CodedConcept][]) {
    if (sameCode(concept, known)) return key;
  }
  return null;
}

// ------------------------------------------------------------------ document and structure

export const CODES = {
  report: dcm('126000', 'Imaging Measurement Report'),
  language: dcm('121049', 'Language of Content Item and Descendants'),
  english: code('en', 'RFC5646', 'English'),
  observerType: dcm('121005', 'Observer Type'),
  person: dcm('121006', 'Person'),
  device: dcm('121007', 'Device'),
  personObserverName: dcm('121008', 'Person Observer Name'),
  deviceObserverUID: dcm('121012', 'Device Observer UID'),
  deviceObserverName: dcm('121013', 'Device Observer Name'),
  procedureReported: dcm('121058', 'Procedure reported'),
  imageLibrary: dcm('111028', 'Image Library'),
  imageLibraryGroup: dcm('126200', 'Image Library Group'),
  imagingMeasurements: dcm('126010', 'Imaging Measurements'),
  measurementGroup: dcm('125007', 'Measurement Group'),
  trackingIdentifier: dcm('112039', 'Tracking Identifier'),
  trackingUID: dcm('112040', 'Tracking Unique Identifier'),
  finding: dcm('121071', 'Finding'),
  findingSite: sct('363698007', 'Finding Site'),
  laterality: sct('272741003', 'Laterality'),
  topographicalModifier: sct('106233006', 'Topographical modifier'),
  comment: dcm('121106', 'Comment'),
  /** CID 7551: what an IMAGE under a measurement means when there is no outline to give. */
  sourceOfMeasurement: dcm('121112', 'Source of Measurement'),
  /** CID 10001; names the series an image library group's decisions are about. */
  seriesInstanceUID: dcm('112002', 'Series Instance UID'),
  // TID 1602 image library entry descriptors.
  modality: dcm('121139', 'Modality'),
  horizontalPixelSpacing: dcm('111026', 'Horizontal Pixel Spacing'),
  verticalPixelSpacing: dcm('111066', 'Vertical Pixel Spacing'),
  ippX: dcm('110901', 'Image Position (Patient) X'),
  ippY: dcm('110902', 'Image Position (Patient) Y'),
  ippZ: dcm('110903', 'Image Position (Patient) Z'),
  iopRowX: dcm('110904', 'Image Orientation (Patient) Row X'),
  iopRowY: dcm('110905', 'Image Orientation (Patient) Row Y'),
  iopRowZ: dcm('110906', 'Image Orientation (Patient) Row Z'),
  iopColumnX: dcm('110907', 'Image Orientation (Patient) Column X'),
  iopColumnY: dcm('110908', 'Image Orientation (Patient) Column Y'),
  iopColumnZ: dcm('110909', 'Image Orientation (Patient) Column Z'),
} as const;

/** Acquisition modality, CID 29. */
export const MODALITY_CODES: Readonly<Record<string, CodedConcept>> = {
  CT: dcm('CT', 'Computed Tomography'),
  MR: dcm('MR', 'Magnetic Resonance'),
};

/**
 * Procedure reported, CID 100. docs/exports.md#sr-content-tree names the concept only. The exporter
 * cannot know the body region examined, so it says "CT / MRI unspecified body region" (LOINC, both
 * in CID 100), one item per modality measured; "Imaging procedure" when neither is.
 */
export const PROCEDURE_CODES: Readonly<Record<string, CodedConcept>> = {
  CT: code('25045-6', 'LN', 'CT unspecified body region'),
  MR: code('25056-3', 'LN', 'MRI unspecified body region'),
};
export const IMAGING_PROCEDURE = sct('363679005', 'Imaging procedure');

// ------------------------------------------------------------------ findings

/** The finding of a lesion group (CID 6335 family). */
export const LESION_FINDING = sct('52988006', 'Lesion');
/** The finding of a muscle reference group, with the site below. */
export const REFERENCE_REGION = code('C94970', 'NCIt', 'Reference Region');
export const SKELETAL_MUSCLE = sct('127954009', 'Skeletal muscle');
export const LIVER_SITE = sct('10200004', 'Liver');
export const SPLEEN_SITE = sct('78961009', 'Spleen');

// ------------------------------------------------------------------ measurements

export const MEASUREMENTS = {
  longAxis: sct('103339001', 'Long axis'),
  shortAxis: sct('103340004', 'Short axis'),
  length: sct('410668003', 'Length'),
  area: sct('42798000', 'Area'),
  attenuation: dcm('112031', 'Attenuation Coefficient'),
  derivation: dcm('121401', 'Derivation'),
  mean: sct('373098007', 'Mean'),
  sd: sct('386136009', 'Standard Deviation'),
  min: sct('255605001', 'Minimum'),
  max: sct('56851009', 'Maximum'),
} as const;

/** MR signal concepts, CID 6311 / 7180, by series weighting; the generic one otherwise. */
export const SIGNAL_CONCEPTS: Readonly<Record<'T1' | 'T2' | 'PD' | 'other', CodedConcept>> = {
  T1: dcm('110804', 'T1 Weighted MR Signal Intensity'),
  T2: dcm('110805', 'T2 Weighted MR Signal Intensity'),
  PD: dcm('110803', 'Proton Density Weighted MR Signal Intensity'),
  other: dcm('110852', 'MR signal intensity'),
};

export function signalConcept(weighting: Weighting): CodedConcept {
  return weighting === 'T1' || weighting === 'T2' || weighting === 'PD' ? SIGNAL_CONCEPTS[weighting] : SIGNAL_CONCEPTS.other;
}

/** The weighting a signal concept stands for; null for a concept that is no MR signal. */
export function weightingOfSignalConcept(concept: CodedConcept): Weighting | null {
  if (sameCode(concept, SIGNAL_CONCEPTS.T1)) return 'T1';
  if (sameCode(concept, SIGNAL_CONCEPTS.T2)) return 'T2';
  if (sameCode(concept, SIGNAL_CONCEPTS.PD)) return 'PD';
  if (sameCode(concept, SIGNAL_CONCEPTS.other)) return 'unknown';
  return null;
}

export const UNITS = {
  mm: ucum('mm', 'mm'),
  mm2: ucum('mm2', 'square millimeter'),
  hu: ucum("[hnsf'U]", 'Hounsfield unit'),
  /**
   * Raw MR signal has no physical unit. "[arb'U]" (arbitrary unit, CID 7181) says exactly
   * that, where "1" would claim a dimensionless quantity such as a ratio.
   */
  signal: ucum("[arb'U]", 'arbitrary unit'),
  ratio: ucum('{ratio}', 'ratio'),
  /**
   * Direction cosines, as TID 1604 requires for Image Orientation (Patient): a UCUM
   * annotation for a dimensionless value in [-1, 1]. Our earlier exports wrote "1" (no units);
   * the reader ignores the unit of these descriptors, so those still import.
   */
  directionCosine: ucum('{-1:1}', '{-1:1}'),
  /** Lengths on an image without PixelSpacing: never mm (docs/lesions.md#uncalibrated-images). */
  pixels: ucum('{pixels}', 'pixels'),
} as const;

// ------------------------------------------------------------------ qualitative signal

/** CID 6343 (RADLEX) for the four bands; SNOMED CT "Indeterminate" when the checks failed. */
export const SIGNAL_CALL_CODES: Readonly<Record<SignalCall, CodedConcept>> = {
  iso: code('RID6053', 'RADLEX', 'Isointense'),
  hypo: code('RID35804', 'RADLEX', 'Hypointense'),
  hyper: code('RID35805', 'RADLEX', 'Hyperintense'),
  'markedly-hypo': code('RID49500', 'RADLEX', 'Markedly hypointense'),
  indeterminate: sct('82334004', 'Indeterminate'),
};

export function signalCallOfCode(concept: CodedConcept): SignalCall | null {
  return keyOfCode(SIGNAL_CALL_CODES, concept);
}
