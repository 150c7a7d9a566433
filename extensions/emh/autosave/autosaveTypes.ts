/** What an autosave is given (one patient's case) and what it tells (its status). */

import type { PatientIdentity } from '../../../src/data/patientIdentity';
import type { EmhInventoryStore } from '../inventory/rules/inventoryStore';
import type { IronRoiRecord } from '../iron/rules/ironReport';
import type { LicCalibration } from '../iron/rules/ironGrades';
import type { LesionSegmentRecord, ReportedVolume } from '../volumes/rules/segmentStore';

/**
 * What one autosave keeps: one patient's case. Its store is that case's own; drawing on the
 * images (reconcile) only happens while the case is the one on screen.
 */
export interface AutosaveTarget {
  readonly patientKey: string;
  /** Written into each record; a record of another identity is never restored into this case. */
  readonly identity: PatientIdentity;
  readonly store: EmhInventoryStore;
  /** The open studies of this patient, and how many images they hold. */
  studies(): string[];
  imageCount(): number;
  /** Whether an open study belongs to another patient (its annotations are never restored here). */
  isOtherPatientStudy(studyInstanceUID: string): boolean;
  reconcile(): void;
  removeFromImages(annotationUID: string): void;
  /** This patient's iron ROIs and LIC calibration, saved and restored with the lesions. */
  readonly iron: AutosaveIron;
  /** This patient's lesion segments (volumes), saved and restored with the lesions they belong to. */
  readonly segments: AutosaveSegments;
}

export interface AutosaveSegments {
  segments(): readonly LesionSegmentRecord[];
  restore(segments: readonly LesionSegmentRecord[]): void;
  /** The volumes imported reports state for this patient's lesions (their SEG not loaded, or not yet). */
  reported(): readonly ReportedVolume[];
  restoreReported(volumes: readonly ReportedVolume[]): void;
  subscribe(listener: () => void): () => void;
}

export interface AutosaveIron {
  rois(): readonly IronRoiRecord[];
  calibration(): LicCalibration;
  restore(rois: readonly IronRoiRecord[], calibration: LicCalibration): void;
  subscribe(listener: () => void): () => void;
}

export interface AutosaveStatus {
  /** The patient whose case this autosave keeps. */
  readonly patient: string;
  /** The first opened studies have been looked up (and restored when saved). */
  readonly ready: boolean;
  readonly storage: 'opening' | 'ok' | 'unavailable' | 'failing';
  /** When the last save was committed (ms since the epoch). */
  readonly savedAt: number | null;
  /** Saves issued and not yet committed. */
  readonly pending: number;
  /** Studies whose records this page writes. */
  readonly savedStudies: readonly string[];
  /** Studies another tab is editing: this page saves nothing while there is one. */
  readonly lockedElsewhere: readonly string[];
  /** Studies whose saved inventory belongs to another case: kept, not merged, not written. */
  readonly otherCase: readonly string[];
  /** Annotations kept in the inventory whose images are not open, so not drawn. */
  readonly notDrawn: number;
  readonly restoredFrom: { readonly study: string; readonly savedAt: number } | null;
  readonly lastError: string | null;
}
