/**
 * What a mapping module says about one EMH tool, in both directions (the way OHIF keeps its
 * measurementServiceMappings): the Cornerstone tool's name, the inventory record an annotation
 * of it becomes, the handles a record is drawn again with, and the SR measurement group it is
 * written as and read back from. Pure: the Cornerstone side hands it index points and statistics.
 */

import type { Calibration } from '../../../../../src/geometry/calibration';
import type { EmhAnnotation, LesionAxesAnnotation } from '../../../inventory/rules/annotationTypes';
import type { RoiStats } from '../../../inventory/rules/common';
import type { IndexPoint } from '../../../lesions/rules/lesionMeasurement';
import type { CodedConcept } from '../../../lesions/rules/sites';
import type { HuOrgan } from '../../../liver/rules/liverAttenuation';
import type { Weighting } from '../../../signal/rules/seriesWeighting';
import { sameCode } from '../../../sr/rules/srCodes';
import type { EllipseIndexPoints } from '../../../sr/rules/srTypes';

/** What tells the records of the tools apart, in the inventory and in a report read back. */
export type RecordKind =
  | { readonly kind: 'lesionAxes' }
  | { readonly kind: 'huRoi'; readonly organ: HuOrgan }
  | { readonly kind: 'signalRoi'; readonly role: 'muscle' | 'lesion' };

/** A record of the inventory or of a report read back, as far as telling its tool goes. */
export interface RecordLike {
  readonly kind: string;
  readonly organ?: string;
  readonly role?: string;
}

/** The fields every inventory record has, whatever its tool. */
export type RecordBase = Omit<LesionAxesAnnotation, 'kind' | 'axes'>;

/** What an annotation of the tool measured on its image, as the adapter read it. */
export interface Measured {
  readonly base: RecordBase;
  /** The handles in image indices, in the order the tool keeps them. */
  readonly indexPoints: readonly IndexPoint[];
  /** mm per pixel at the annotation; null: pixels only. */
  readonly calibration: Calibration | null;
  /** Cornerstone's ROI statistics; null until it has computed them (and always for axes). */
  readonly stats: RoiStats | null;
}

/** A report's measurement read back, as far as drawing it again goes. */
export interface ReadShape {
  readonly longAxis?: readonly [IndexPoint, IndexPoint];
  readonly shortAxis?: readonly [IndexPoint, IndexPoint];
  readonly ellipse?: EllipseIndexPoints | null;
}

/** The TID 1501 measurement group of the tool's annotations. */
export interface SrGroupMapping {
  /** The group's Finding (121071); null: it names only its site (an organ ROI). */
  readonly finding: CodedConcept | null;
  /** Its fixed Finding Site; null: a lesion's own site, as the user gave it. */
  readonly site: CodedConcept | null;
  /** What the values are: the axes' lengths, HU, or MR signal (the concept of the weighting). */
  readonly measures: 'axes' | 'attenuation' | 'signal';
  /**
   * The tracking identifier of a group that measures no lesion, numbered by the writer
   * ("Liver ROI 1"); null for a lesion's groups, tracked by the lesion id.
   */
  readonly trackingLabel: ((weighting: Weighting) => string) | null;
}

export interface ToolMapping<Name extends string = string, Kind extends RecordKind = RecordKind> {
  /** Cornerstone's tool name (the annotation's metadata.toolName). */
  readonly toolName: Name;
  /** The tool's name for the `emh.tool` command and the toolbar. */
  readonly command: string;
  /** The only modality it measures on; null: any. */
  readonly modality: 'CT' | 'MR' | null;
  readonly shape: 'axes' | 'ellipse';
  /** Whether it measures a lesion (and so belongs to one) rather than a reference organ or muscle. */
  readonly measuresLesion: boolean;
  readonly record: Kind;
  /** Annotation → inventory record; null while it is not measurable yet. */
  toRecord(measured: Measured): EmhAnnotation | null;
  /** A report's measurement → the tool's handles in index points (to draw it); null: no outline. */
  handlesFromReport(read: ReadShape): readonly IndexPoint[] | null;
  readonly sr: SrGroupMapping;
}

/** Whether a record (of the inventory, or read back) is one this tool makes. */
export function isRecordOf(mapping: ToolMapping, record: RecordLike): boolean {
  const kind: RecordLike = mapping.record;
  return record.kind === kind.kind && record.organ === kind.organ && record.role === kind.role;
}

/** Whether a measurement group read back is this tool's: by its finding, or by its fixed site. */
export function describesGroup(mapping: ToolMapping, finding: CodedConcept | null, site: CodedConcept | null | undefined): boolean {
  const { sr } = mapping;
  return (sr.finding !== null && sameCode(finding, sr.finding)) || (sr.site !== null && sameCode(site, sr.site));
}

/**
 * Index points in the order Cornerstone's ellipse keeps its handles. An SR ellipse lists its
 * major axis first; the tool keeps the vertical axis (top, bottom) before the horizontal one.
 */
export function ellipseHandles(read: ReadShape): readonly IndexPoint[] | null {
  if (!read.ellipse) return null;
  const [a, b, c, d] = read.ellipse;
  const firstIsHorizontal = Math.abs(b[0] - a[0]) > Math.abs(b[1] - a[1]);
  return firstIsHorizontal ? [c, d, a, b] : read.ellipse;
}
