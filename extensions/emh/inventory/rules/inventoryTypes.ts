/**
 * The inventory's two shapes: the store's own state (what undo, redo and autosave keep)
 * and the JSON export object of docs/exports.md#json (what `emh.inventory()` returns).
 * Unmeasurable values are null, never 0.
 */

import type { EmhAnnotation, EmhAnnotationKind } from './annotationTypes';
import type { EmhWarning, ImageRef } from './common';
import type { ContrastState } from '../../liver/rules/contrastState';
import type { HuOrgan, LiverCall, LiverContextCode, LiverSummary } from '../../liver/rules/liverAttenuation';
import type { LengthCalibration } from '../../lesions/rules/lesionMeasurement';
import type { SignalHint } from '../../signal/rules/signalHints';
import type { SignalCall } from '../../signal/rules/signalRatio';
import type { CodedConcept, EmhSite, Laterality } from '../../lesions/rules/sites';
import type { Weighting } from '../../signal/rules/seriesWeighting';
import type { IronInventory } from '../../iron/rules/ironReport';
import type {
  LesionFollowUp,
  LesionStatus,
  LesionStatusMark,
  LiverTimepointValues,
  SumOfLongAxes,
  Timepoint,
} from '../../followUp/rules/followUpTypes';

// ---------------------------------------------------------------- store state

/** The radiologist-editable part of a lesion (what an SR also gives back of it); measurements come from its annotations. */
export interface LesionFields {
  readonly id: string;
  readonly site: EmhSite | null;
  /** Free text naming the site when `site` is `other` (kept if the site changes back). */
  readonly siteText: string | null;
  readonly laterality: Laterality | null;
  readonly notes: string;
  readonly t1Override: SignalCall | null;
  readonly t2Override: SignalCall | null;
}

export interface LesionRecord extends LesionFields {
  /**
   * True for a lesion the store made because an annotation arrived without a lesion id,
   * and that nobody has edited since. Such a lesion leaves with its last annotation, so
   * erasing a stray measurement does not leave an empty row behind.
   */
  readonly implicit: boolean;
  /**
   * The lesion's one tracking UID for life (`2.25.<uuid>`, docs/follow-up.md#lesion-identity):
   * made when the lesion is, kept through edits, undo and autosave, written in every SR.
   */
  readonly trackingUid: string;
}

/** The user's choice for a series, stored beside the automatic value in the annotations. */
export interface SeriesOverride {
  readonly weighting: Weighting | null;
  readonly contrast: ContrastState | null;
}

/** Everything undo and redo restore. Immutable: every change makes a new object. */
export interface InventoryState {
  /** In creation order, which is the row order. */
  readonly lesions: readonly LesionRecord[];
  /** In arrival order; lesion annotations carry their resolved lesion id. */
  readonly annotations: readonly EmhAnnotation[];
  readonly seriesOverrides: Readonly<Record<string, SeriesOverride>>;
  readonly liverCallOverride: LiverCall | null;
  /** Statuses the radiologist set per lesion and time point (resolved, not evaluable). */
  readonly statusMarks: readonly LesionStatusMark[];
}

export const EMPTY_STATE: InventoryState = Object.freeze({
  lesions: Object.freeze([]),
  annotations: Object.freeze([]),
  seriesOverrides: Object.freeze({}),
  liverCallOverride: null,
  statusMarks: Object.freeze([]),
});

/** Fields a radiologist may edit on a row; absent fields stay as they are, null clears. */
export type LesionEdit = Partial<Omit<LesionFields, 'id'>>;

// ---------------------------------------------------------------- export object

export interface InventoryRef {
  readonly annotationUID: string;
  readonly kind: EmhAnnotationKind;
  readonly studyInstanceUID: string;
  readonly seriesInstanceUID: string;
  readonly sopInstanceUID: string;
  readonly frame: number;
  readonly instanceNumber: number | null;
  readonly modality: string;
  readonly seriesDescription: string;
}

export interface LesionCtExport {
  readonly meanHU: number | null;
  readonly sdHU: number | null;
  readonly areaMm2: number | null;
  readonly contrast: ContrastState | null;
  readonly annotationUID: string | null;
}

export interface LesionSignalExport {
  /** Automatic ratio and call; the radiologist's `override` sits beside, never instead. */
  readonly ratio: number | null;
  readonly call: SignalCall | null;
  readonly override: SignalCall | null;
  readonly lesionMean: number | null;
  readonly muscleMean: number | null;
  readonly seriesInstanceUID: string | null;
  readonly annotationUID: string | null;
  readonly muscleReferenceUID: string | null;
  readonly muscleDistanceMm: number | null;
}

/**
 * A lesion row. Its measured fields are those of the latest time point (`status` says what
 * it is there); `history`, `change` and `followUpHints` carry the rest (docs/follow-up.md).
 */
export interface LesionExport extends LesionFollowUp {
  readonly id: string;
  readonly site: EmhSite | null;
  readonly siteCode: CodedConcept | null;
  /** Topographic modifier that is part of the site (presacral: Anterior). */
  readonly siteModifierCode: CodedConcept | null;
  /** The user's words for an `other` site. */
  readonly siteText: string | null;
  /** "Paraspinal, thoracic, right", for tables. */
  readonly siteLabel: string;
  readonly laterality: Laterality | null;
  readonly lateralityCode: CodedConcept | null;
  readonly notes: string;
  /** Null when not measured or measured on an uncalibrated image. */
  readonly longAxisMm: number | null;
  readonly shortAxisMm: number | null;
  /** Where the mm come from: `patient` (PixelSpacing), `detector`, `ultrasound-region`; null without mm. */
  readonly lengthCalibration: LengthCalibration | null;
  /** Only for an uncalibrated measurement, so its size is not lost; never mm. */
  readonly axesPx: { readonly longAxisPx: number; readonly shortAxisPx: number } | null;
  readonly ct: LesionCtExport;
  readonly t1: LesionSignalExport;
  readonly t2: LesionSignalExport;
  readonly hints: readonly SignalHint[];
  /**
   * refs[0] is the image the size was measured on, when there is a measurement at the latest
   * time point; the latest time point's images come first, then earlier ones, newest first.
   */
  readonly refs: readonly InventoryRef[];
  readonly status: LesionStatus;
  /**
   * The volume of the lesion's segment (docs/volumes.md), kept in its own store: the viewer adds
   * it (null without a segment). Optional because inventories built from the lesion store alone
   * (one visit's SR, the teaching case) have none.
   */
  readonly volumeMl?: number | null;
  /** Mean HU of the segment's voxels; null without a segment. */
  readonly volumeMeanHU?: number | null;
  /** Set when the volume is an imported report's and the SEG with its segment is not loaded. */
  readonly volumeSegmentNotLoaded?: true;
}

export interface LiverRoiExport {
  readonly annotationUID: string;
  readonly organ: Exclude<HuOrgan, 'lesion'>;
  readonly meanHU: number;
  readonly sdHU: number;
  readonly minHU: number;
  readonly maxHU: number;
  readonly areaMm2: number | null;
  readonly pixelCount: number;
  readonly ref: ImageRef;
  readonly contrast: ContrastState;
  /** False for ROIs on a series of another contrast state than the one summarised, or of an earlier time point. */
  readonly inSummary: boolean;
  /** The time point the ROI was measured at; present when the case has two time points or more. */
  readonly timepoint?: string;
}

/** The liver summary's numbers as they are, its ROIs and context in export form. */
export interface LiverExport extends Pick<
  LiverSummary,
  | 'meanHU'
  | 'pixelWeightedMeanHU'
  | 'normalRangeHU'
  | 'call'
  | 'contrast'
  | 'contrastConfirmed'
  | 'spleenMeanHU'
  | 'liverMinusSpleenHU'
  | 'liverToSpleenRatio'
> {
  readonly rois: readonly LiverRoiExport[];
  readonly callOverride: LiverCall | null;
  readonly context: readonly { readonly code: LiverContextCode; readonly text: string }[];
  readonly warnings: readonly EmhWarning[];
  /** The liver at each time point, oldest first; the fields above are the latest time point's. */
  readonly history: readonly LiverTimepointValues[];
}

export interface MuscleReferenceExport {
  readonly annotationUID: string;
  readonly seriesInstanceUID: string;
  /** The weighting in force (the user's, else the automatic one). */
  readonly weighting: Weighting;
  readonly mean: number;
  readonly sd: number;
  readonly areaMm2: number | null;
  readonly pixelCount: number;
  readonly slicePositionMm: number | null;
  readonly ref: ImageRef;
}

export interface SeriesExport {
  readonly seriesInstanceUID: string;
  readonly studyInstanceUID: string;
  readonly modality: string;
  readonly description: string;
  readonly weighting: Weighting;
  readonly weightingOverride: Weighting | null;
  readonly contrast: ContrastState;
  readonly contrastOverride: ContrastState | null;
}

/** Identifying data the host may add; both are left out of teaching exports. */
export interface InventoryPatient {
  readonly name: string | null;
  readonly id: string | null;
  readonly sex: string | null;
  readonly age: string | null;
  readonly birthDate: string | null;
}

export interface InventoryStudy {
  readonly studyInstanceUID: string;
  readonly description: string | null;
  readonly date: string | null;
  readonly accessionNumber: string | null;
}

export interface InventoryContext {
  readonly patient?: InventoryPatient;
  readonly studies?: readonly InventoryStudy[];
  /** Teaching exports never carry patient or studies, whatever the caller passed. */
  readonly teaching?: boolean;
}

/** A lesion row as one time point's annotations give it, before follow-up adds its history. */
export type LesionMeasuredExport = Omit<LesionExport, keyof LesionFollowUp | 'status'>;

export type LiverMeasuredExport = Omit<LiverExport, 'history'>;

/** What the annotations of one time point give (docs/follow-up.md#how-it-is-computed). */
export interface TimepointInventory {
  readonly lesions: readonly LesionMeasuredExport[];
  readonly liver: LiverMeasuredExport;
  readonly muscleReferences: readonly MuscleReferenceExport[];
  readonly series: readonly SeriesExport[];
  readonly warnings: readonly EmhWarning[];
}

export interface EmhInventory {
  readonly format: 'emh-inventory';
  readonly version: 1;
  readonly patient?: InventoryPatient;
  readonly studies?: readonly InventoryStudy[];
  /** The visits, oldest first, dates as ISO `2024-03-12` (docs/follow-up.md#time-points). */
  readonly timepoints: readonly Timepoint[];
  readonly sumOfLongAxes: readonly SumOfLongAxes[];
  readonly lesions: readonly LesionExport[];
  readonly liver: LiverExport;
  readonly muscleReferences: readonly MuscleReferenceExport[];
  /** Every series an annotation sits on, with automatic values and the user's overrides. */
  readonly series: readonly SeriesExport[];
  /** Lesion, muscle and series warnings; liver warnings are in `liver.warnings`. */
  readonly warnings: readonly EmhWarning[];
  /**
   * Liver and heart iron from T2* MRI (docs/iron.md), kept in its own store: the viewer adds it
   * to the lesion store's inventory (empty, not absent, when nothing was measured). Optional
   * because inventories built from the lesion store alone (one visit's SR) have none.
   */
  readonly iron?: IronInventory;
}
