/**
 * The public shapes of the SR exporter and importer: what the writer needs to know beyond
 * the inventory, and what the reader hands back.
 */

import type { EmhAnnotation, HuRoiAnnotation, SignalRoiAnnotation } from '../../inventory/rules/annotationTypes';
import type { ImageRef, RoiStats } from '../../inventory/rules/common';
import type { EmhInventory, LesionFields, SeriesOverride } from '../../inventory/rules/inventoryTypes';
import type { IndexPoint, PixelSpacing, Segment } from '../../lesions/rules/lesionMeasurement';
import type { HuOrgan, LiverCall } from '../../liver/rules/liverAttenuation';
import type { SignalCall } from '../../signal/rules/signalRatio';
import type { CodedConcept } from '../../lesions/rules/sites';
import type { Weighting } from '../../signal/rules/seriesWeighting';
import type { MarkedStatus } from '../../followUp/rules/followUpTypes';
import type { IronReportInput } from './srIronWrite';
import type { IronRead } from './srIronRead';
import type { WorldAxesRead, WorldEllipseRead } from './srScoord3dRead';
import type { SrLesionVolume } from './srVolumeWrite';
import type { ReadLesionVolume } from './srVolumeRead';

// ------------------------------------------------------------------ writer input

/** What the SR needs to know about a measured image beyond the annotation's reference. */
export interface ImageFacts {
  /** SOPClassUID (0008,0016); required by every reference to the image. */
  readonly sopClassUID: string;
  /** Modality (0008,0060); the annotation's series modality when absent. */
  readonly modality?: string;
  /** PixelSpacing (0028,0030) [row, column] in mm; null when the image has none. */
  readonly pixelSpacing?: PixelSpacing | null;
  /** NumberOfFrames (0028,0008); a frame number is written only for multi-frame images. */
  readonly numberOfFrames?: number;
  /** ImagePositionPatient (0020,0032) and ImageOrientationPatient (0020,0037). */
  readonly imagePositionPatient?: readonly number[] | null;
  readonly imageOrientationPatient?: readonly number[] | null;
}

/** Two axes of an ellipse in index space [column, row]: major axis end points, then minor. */
export type EllipseIndexPoints = readonly [IndexPoint, IndexPoint, IndexPoint, IndexPoint];

export interface SrPatient {
  readonly name: string | null;
  readonly id: string | null;
  /** IssuerOfPatientID: with the ID, who the patient is (the viewer groups cases by both). */
  readonly issuer?: string | null;
  /** DICOM DA, YYYYMMDD. */
  readonly birthDate: string | null;
  readonly sex: string | null;
  /** DICOM AS, e.g. 034Y. */
  readonly age?: string | null;
}

export interface SrStudy {
  readonly studyInstanceUID: string;
  readonly date: string | null;
  readonly time?: string | null;
  readonly id?: string | null;
  readonly accessionNumber: string | null;
  readonly referringPhysicianName?: string | null;
  readonly description: string | null;
}

export interface MeasurementReportInput {
  readonly inventory: EmhInventory;
  /** The store's annotations (`store.state().annotations`): geometry and statistics. */
  readonly annotations: readonly EmhAnnotation[];
  /** Facts of an image; null when unknown, which refuses the export (no SOP class to cite). */
  readonly images: (ref: ImageRef) => ImageFacts | null;
  /**
   * The outline of an ROI in index space. The domain keeps ROI statistics only, so the
   * host (which holds the Cornerstone handles) supplies it; without one the ROI is cited by
   * its image alone.
   */
  readonly roiOutline?: (annotation: SignalRoiAnnotation | HuRoiAnnotation) => EllipseIndexPoints | null;
  /**
   * Lesions resolved or not evaluable at the report's time point, by lesion id
   * (docs/exports.md#sr-time-points); each is written as a status group.
   */
  readonly statuses?: Readonly<Record<string, MarkedStatus>>;
  /** The study to file the report in when `study` is not given; default: the first measured image's. */
  readonly filedIn?: string;
  /** Defaults: the inventory's patient, and its entry for the study of the first measured image. */
  readonly patient?: SrPatient;
  readonly study?: SrStudy;
  /** The radiologist, as a DICOM person name (Family^Given); the device observer is always written. */
  readonly observerName?: string | null;
  readonly seriesNumber?: number;
  readonly seriesDescription?: string;
  readonly now: Date;
  /** Makes the new Series and SOP Instance UIDs; random `2.25.` UIDs by default. Tests pass a counter. */
  readonly newUid?: () => string;
  /** The iron ROIs of the time point and the case's LIC calibration; absent or empty: no iron groups. */
  readonly iron?: IronReportInput;
  /** Lesions' volumes by lesion id, each citing its segment in a SEG written beside the report (TID 1411). */
  readonly volumes?: ReadonlyMap<string, SrLesionVolume>;
}

// ------------------------------------------------------------------ reader output

export interface ReadImageRef {
  /** Null when the SR's evidence sequences do not list the image. */
  readonly studyInstanceUID: string | null;
  readonly seriesInstanceUID: string | null;
  readonly sopInstanceUID: string;
  readonly sopClassUID: string;
  readonly frame: number;
  readonly modality: string | null;
  readonly pixelSpacing: PixelSpacing | null;
  /** Position along the slice normal from the image library's geometry, when given. */
  readonly slicePositionMm: number | null;
}

interface ReadAnnotationBase {
  /** The tracking UID's UUID when it has the 2.25 form, else the tracking UID itself. */
  readonly annotationUID: string;
  readonly trackingIdentifier: string | null;
  readonly trackingUID: string | null;
  /** Set on lesion measurements of an EMH report (the tracking identifier). */
  readonly lesionId: string | null;
  readonly ref: ReadImageRef;
  readonly finding: CodedConcept | null;
  readonly site: ReadSite | null;
  /** A TEXT comment of the group (EMH notes are in `lesions`, other producers' labels here). */
  readonly comment: string | null;
}

/** A finding site as coded: a code (or the words of a free-text site) and its modifiers. */
export interface ReadSite {
  readonly code: CodedConcept | null;
  readonly text: string | null;
  readonly laterality: CodedConcept | null;
  readonly modifier: CodedConcept | null;
}

export interface ReadLesionAxes extends ReadAnnotationBase {
  readonly kind: 'lesionAxes';
  readonly longAxis: Segment<IndexPoint>;
  readonly shortAxis: Segment<IndexPoint>;
  /** As stored: mm, or pixels for an uncalibrated image. */
  readonly longAxisLength: number;
  readonly shortAxisLength: number;
  readonly calibrated: boolean;
  /** Measured in a reformat (SCOORD3D on no acquired slice): the axes in patient mm. */
  readonly world?: WorldAxesRead;
}

export interface ReadHuRoi extends ReadAnnotationBase {
  readonly kind: 'huRoi';
  readonly organ: HuOrgan;
  readonly ellipse: EllipseIndexPoints | null;
  readonly stats: RoiStats;
  /** Drawn in a reformat (SCOORD3D ELLIPSE on no acquired slice): its axis ends in patient mm. */
  readonly worldEllipse?: WorldEllipseRead;
}

export interface ReadSignalRoi extends ReadAnnotationBase {
  readonly kind: 'signalRoi';
  readonly role: 'muscle' | 'lesion';
  /** The weighting in force when written (from the signal concept). */
  readonly weighting: Weighting;
  readonly ellipse: EllipseIndexPoints | null;
  readonly stats: RoiStats;
  /** Drawn in a reformat (SCOORD3D ELLIPSE on no acquired slice): its axis ends in patient mm. */
  readonly worldEllipse?: WorldEllipseRead;
  /** The automatic ratio and call as the producer stored them (the store recomputes its own). */
  readonly storedRatio: number | null;
  readonly storedCall: SignalCall | null;
}

/** A single length (another producer's ruler). */
export interface ReadLength extends ReadAnnotationBase {
  readonly kind: 'length';
  readonly points: readonly IndexPoint[];
  readonly length: number;
  readonly unit: CodedConcept;
}

/** An ROI from another producer whose values are not HU or MR signal as EMH records them. */
export interface ReadGenericRoi extends ReadAnnotationBase {
  readonly kind: 'roi';
  readonly graphicType: string;
  readonly points: readonly IndexPoint[];
  readonly values: readonly {
    readonly concept: CodedConcept;
    readonly derivation: CodedConcept | null;
    readonly value: number;
    readonly unit: CodedConcept;
  }[];
}

export type ReadAnnotation = ReadLesionAxes | ReadHuRoi | ReadSignalRoi | ReadLength | ReadGenericRoi;

export type ReadLesion = LesionFields;

export interface MeasurementReportRead {
  readonly producer: 'emh' | 'other';
  readonly sopInstanceUID: string;
  readonly studyInstanceUID: string;
  /** StudyDate of the study the report is filed in (YYYYMMDD); null when absent. */
  readonly studyDate: string | null;
  readonly annotations: readonly ReadAnnotation[];
  readonly lesions: readonly ReadLesion[];
  /**
   * Each lesion's tracking UID for life, by lesion id, from an EMH report that tracks lesions
   * by UID (its groups carry ObservationUIDs); empty for older EMH reports (one tracking UID
   * per annotation) and other producers' reports.
   */
  readonly lesionTrackingUids: Readonly<Record<string, string>>;
  /** Lesions the report states resolved or not evaluable at its time point. */
  readonly statuses: readonly { readonly lesionId: string; readonly status: MarkedStatus }[];
  readonly imageRefs: readonly ReadImageRef[];
  /**
   * The liver summary: the call as the producer stored it (the store recomputes its own) and
   * the radiologist's override. Both null in a report without a summary (older, or foreign).
   */
  readonly liver: { readonly storedCall: LiverCall | null; readonly callOverride: LiverCall | null };
  /**
   * The radiologist's weighting and contrast decisions the report states, by
   * SeriesInstanceUID; empty for a report that states none.
   */
  readonly seriesDecisions: Readonly<Record<string, SeriesOverride>>;
  /** One line per group or content item that could not be mapped; never silently dropped. */
  readonly notUnderstood: readonly string[];
  /** The iron ROIs and calibration of an EMH report with iron groups; null when it has none. */
  readonly iron: IronRead | null;
  /** The lesions' volumes (TID 1411 groups) and the SEG segments they cite; absent in reads of older builds. */
  readonly volumes?: readonly ReadLesionVolume[];
}
