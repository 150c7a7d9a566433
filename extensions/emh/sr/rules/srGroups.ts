/**
 * One TID 1501 measurement group per annotation (docs/exports.md#sr-content-tree). Lesion groups
 * carry the lesion's site and, once per lesion, its notes and call overrides; organ and muscle ROIs
 * carry their organ as finding site, so a reader needs no private code to tell them apart. Which
 * finding and site each tool's group has is in the tool's mapping (annotations/rules/mappings/).
 */

import { indexToScoordData } from '../../../../src/geometry/scoord';
import type { EmhAnnotation, HuRoiAnnotation, LesionAxesAnnotation, SignalRoiAnnotation } from '../../inventory/rules/annotationTypes';
import type { LesionExport, LesionSignalExport } from '../../inventory/rules/inventoryTypes';
import {
  indexSegmentLength,
  isUsablePixelSpacing,
  measureLesionAxes,
  type IndexPoint,
  type Segment,
} from '../../lesions/rules/lesionMeasurement';
import type { SignalCall } from '../../signal/rules/signalRatio';
import type { CodedConcept } from '../../lesions/rules/sites';
import type { Weighting } from '../../signal/rules/seriesWeighting';
import { codeItem, container, imageItem, numItem, scoordItem, textItem, uidItem, type ContentItem, type ImageReference } from './srContent';
import { CODES, EMH_CODES, LESION_FINDING, MEASUREMENTS, SIGNAL_CALL_CODES, SIGNAL_CONCEPTS, UNITS, signalConcept } from './srCodes';
import type { EllipseIndexPoints } from './srTypes';
import { annotationTrackingUid } from './srUids';
import type { ToolMapping } from '../../annotations/rules/mappings/toolMapping';
import type { MarkedStatus } from '../../followUp/rules/followUpTypes';
import { mappingOfRecord } from '../../annotations/rules/mappings/toolMappings';
import { isWorldAxes, worldAxesItems, worldEllipseItem } from './srScoord3dWrite';

/** What a group needs from the writer beyond the annotation itself. */
export interface GroupContext {
  readonly image: (annotation: EmhAnnotation) => ImageReference;
  readonly outline: (annotation: SignalRoiAnnotation | HuRoiAnnotation) => EllipseIndexPoints | null;
  /** The weighting in force for the annotation's series (the user's, else the automatic one). */
  readonly weighting: (annotation: EmhAnnotation) => Weighting;
}

/** Lesion facts written into a group; absent for organ and muscle ROIs. */
export interface LesionFacts {
  readonly lesion: LesionExport | null;
  /** Which of the lesion's notes and overrides this group carries: each goes into one group only. */
  readonly record: RecordParts;
}

export interface RecordParts {
  readonly notes: boolean;
  readonly t1Override: boolean;
  readonly t2Override: boolean;
}

const WHOLE_RECORD: RecordParts = { notes: true, t1Override: true, t2Override: true };

function scoordData(points: readonly IndexPoint[]): number[] {
  return indexToScoordData(points);
}

export function trackingItems(trackingIdentifier: string, trackingUid: string): ContentItem[] {
  return [
    textItem('HAS OBS CONTEXT', CODES.trackingIdentifier, trackingIdentifier),
    uidItem('HAS OBS CONTEXT', CODES.trackingUID, trackingUid),
  ];
}

/**
 * A lesion is tracked by its own UID for life, in every report (docs/follow-up.md#lesion-identity);
 * a lesion annotation whose row is missing falls back to the annotation's UID.
 */
function lesionTrackingUid(lesion: LesionExport | null, annotationUID: string): string {
  return lesion?.trackingUid || annotationTrackingUid(annotationUID);
}

/** Finding site with laterality and topographical modifier as its concept modifiers. */
export function lesionSiteItems(lesion: LesionExport | null): ContentItem[] {
  if (!lesion || lesion.site === null) return [];
  const modifiers: ContentItem[] = [];
  if (lesion.lateralityCode) modifiers.push(codeItem('HAS CONCEPT MOD', CODES.laterality, lesion.lateralityCode));
  if (lesion.siteModifierCode) {
    modifiers.push(codeItem('HAS CONCEPT MOD', CODES.topographicalModifier, lesion.siteModifierCode));
  }
  if (lesion.siteCode) return [codeItem('HAS CONCEPT MOD', CODES.findingSite, lesion.siteCode, modifiers)];
  // `other`: a finding site has no code for the user's words, so it is given as text.
  const text = lesion.siteText?.trim();
  return text
    ? [textItem('HAS CONCEPT MOD', CODES.findingSite, text, modifiers)]
    : [codeItem('HAS CONCEPT MOD', CODES.findingSite, EMH_CODES.otherSite, modifiers)];
}

function callItem(concept: CodedConcept, call: SignalCall, source: CodedConcept): ContentItem {
  return codeItem('CONTAINS', concept, SIGNAL_CALL_CODES[call], [codeItem('HAS CONCEPT MOD', EMH_CODES.callSource, source)]);
}

/** The notes and the overrides of a lesion: written beside the automatic values, never instead. */
export function lesionRecordItems(lesion: LesionExport | null, parts: RecordParts = WHOLE_RECORD): ContentItem[] {
  if (!lesion) return [];
  const items: ContentItem[] = [];
  if (parts.t1Override && lesion.t1.override) items.push(callItem(SIGNAL_CONCEPTS.T1, lesion.t1.override, EMH_CODES.override));
  if (parts.t2Override && lesion.t2.override) items.push(callItem(SIGNAL_CONCEPTS.T2, lesion.t2.override, EMH_CODES.override));
  if (parts.notes && lesion.notes.trim() !== '') items.push(textItem('CONTAINS', CODES.comment, lesion.notes));
  return items;
}

/**
 * A TID 1501 group. `annotationUID` (null for a group of no annotation) is written as the
 * group's ObservationUID: the tracking UID names the lesion, so the annotation needs its own
 * name for the import to give it back the same identity (importing a report twice is a no-op).
 */
function measurementGroup(
  trackingIdentifier: string,
  trackingUid: string,
  annotationUID: string | null,
  head: readonly ContentItem[],
  body: readonly ContentItem[],
): ContentItem {
  const observationUID = annotationUID === null ? undefined : annotationTrackingUid(annotationUID);
  return container(
    'CONTAINS',
    CODES.measurementGroup,
    [...trackingItems(trackingIdentifier, trackingUid), ...head, ...body],
    '1501',
    observationUID,
  );
}

// ------------------------------------------------------------------ lesion axes

function axesItems(annotation: LesionAxesAnnotation, image: ImageReference): ContentItem[] {
  const { axes } = annotation;
  if (isWorldAxes(annotation)) return worldAxesItems(annotation);
  if (axes.space === 'mm') {
    // World points have no image coordinates here; cite the image so the reference is not lost.
    const measured = measureLesionAxes(axes);
    const source = [imageItem('INFERRED FROM', CODES.sourceOfMeasurement, image)];
    if (!measured.calibrated) return [];
    return [
      numItem('CONTAINS', MEASUREMENTS.longAxis, measured.longAxisMm, UNITS.mm, source),
      numItem('CONTAINS', MEASUREMENTS.shortAxis, measured.shortAxisMm, UNITS.mm, source),
    ];
  }
  const spacing = isUsablePixelSpacing(axes.pixelSpacing) ? axes.pixelSpacing : null;
  const unit = spacing ? UNITS.mm : UNITS.pixels;
  const measure = (segment: Segment<IndexPoint>) => indexSegmentLength(segment, spacing);
  // The longer drawn segment is the long axis, as measureLesionAxes() has it.
  const [long, short] =
    measure(axes.longAxis) >= measure(axes.shortAxis) ? [axes.longAxis, axes.shortAxis] : [axes.shortAxis, axes.longAxis];
  return [
    numItem('CONTAINS', MEASUREMENTS.longAxis, measure(long), unit, [scoordItem('INFERRED FROM', 'POLYLINE', scoordData(long), image)]),
    numItem('CONTAINS', MEASUREMENTS.shortAxis, measure(short), unit, [scoordItem('INFERRED FROM', 'POLYLINE', scoordData(short), image)]),
  ];
}

// ------------------------------------------------------------------ ROIs

/** Orders an ellipse's axes major first, as DICOM ELLIPSE requires. */
function majorFirst(points: EllipseIndexPoints): EllipseIndexPoints {
  const [a, b, c, d] = points;
  const length = (p: IndexPoint, q: IndexPoint) => Math.hypot(q[0] - p[0], q[1] - p[1]);
  return length(a, b) >= length(c, d) ? points : [c, d, a, b];
}

/**
 * Area, then mean, SD, minimum and maximum of the modality's value (derivation 121401 as a
 * concept modifier of each, TID 300), then the pixel count. The outline hangs off the first
 * value, as Cornerstone's adapters do; without an outline that value cites its image.
 */
function roiStatsItems(
  annotation: HuRoiAnnotation | SignalRoiAnnotation,
  valueConcept: CodedConcept,
  valueUnit: CodedConcept,
  context: GroupContext,
): ContentItem[] {
  const { stats } = annotation;
  const image = context.image(annotation);
  const outline = context.outline(annotation);
  const derived = (value: number, derivation: CodedConcept) =>
    numItem('CONTAINS', valueConcept, value, valueUnit, [codeItem('HAS CONCEPT MOD', MEASUREMENTS.derivation, derivation)]);
  const items: ContentItem[] = [];
  if (stats.areaMm2 !== null) items.push(numItem('CONTAINS', MEASUREMENTS.area, stats.areaMm2, UNITS.mm2));
  items.push(
    derived(stats.mean, MEASUREMENTS.mean),
    derived(stats.sd, MEASUREMENTS.sd),
    derived(stats.min, MEASUREMENTS.min),
    derived(stats.max, MEASUREMENTS.max),
  );
  // Drawn in a reformat: its ellipse in patient mm (SCOORD3D); on an image: in its pixels.
  const source =
    worldEllipseItem(annotation) ??
    (outline
      ? scoordItem('INFERRED FROM', 'ELLIPSE', scoordData(majorFirst(outline)), image)
      : imageItem('INFERRED FROM', CODES.sourceOfMeasurement, image));
  const first = items[0] as ContentItem & { ContentSequence?: readonly ContentItem[] };
  items[0] = { ...first, ContentSequence: [source, ...(first.ContentSequence ?? [])] };
  items.push(numItem('CONTAINS', EMH_CODES.pixelCount, stats.pixelCount, UNITS.pixels));
  return items;
}

/** The automatic ratio and call of a lesion signal ROI, when it is the one the inventory used. */
function automaticSignalItems(signal: LesionSignalExport, concept: CodedConcept): ContentItem[] {
  const items: ContentItem[] = [];
  if (signal.ratio !== null) items.push(numItem('CONTAINS', EMH_CODES.signalRatio, signal.ratio, UNITS.ratio));
  if (signal.call !== null) items.push(callItem(concept, signal.call, EMH_CODES.automatic));
  return items;
}

// ------------------------------------------------------------------ groups

/** The group of an annotation that measures a lesion. */
export function lesionGroup(annotation: EmhAnnotation, lesionId: string, facts: LesionFacts, context: GroupContext): ContentItem {
  const image = context.image(annotation);
  const head = [...findingItems(toolMappingOf(annotation)), ...lesionSiteItems(facts.lesion)];
  const body: ContentItem[] = [];
  if (annotation.kind === 'lesionAxes') body.push(...axesItems(annotation, image));
  if (annotation.kind === 'huRoi') {
    body.push(...roiStatsItems(annotation, MEASUREMENTS.attenuation, UNITS.hu, context));
  }
  if (annotation.kind === 'signalRoi') {
    const concept = signalConcept(context.weighting(annotation));
    body.push(...roiStatsItems(annotation, concept, UNITS.signal, context));
    const lesion = facts.lesion;
    if (lesion?.t1.annotationUID === annotation.annotationUID) body.push(...automaticSignalItems(lesion.t1, SIGNAL_CONCEPTS.T1));
    if (lesion?.t2.annotationUID === annotation.annotationUID) body.push(...automaticSignalItems(lesion.t2, SIGNAL_CONCEPTS.T2));
  }
  body.push(...lesionRecordItems(facts.lesion, facts.record));
  return measurementGroup(lesionId, lesionTrackingUid(facts.lesion, annotation.annotationUID), annotation.annotationUID, head, body);
}

/** A lesion with no annotation at all still has a row: its site, notes and overrides. */
export function lesionRecordGroup(lesion: LesionExport): ContentItem {
  const head = [codeItem('CONTAINS', CODES.finding, LESION_FINDING), ...lesionSiteItems(lesion)];
  const trackingUid = lesionTrackingUid(lesion, `emh-lesion-record:${lesion.id}`);
  return measurementGroup(lesion.id, trackingUid, null, head, lesionRecordItems(lesion));
}

/**
 * A lesion resolved or not evaluable at the report's time point: no image to cite, so the
 * group says it in words a TID 1500 reader can follow: the lesion's tracking identifier and
 * UID, finding and site, the status as a qualitative evaluation and, for resolved, a long
 * axis of 0 mm (a resolved lesion counts 0 mm in the sum of long axes). The row's notes and
 * overrides go here when the lesion has no other group in the report.
 */
export function lesionStatusGroup(lesion: LesionExport, status: MarkedStatus, withRecord: boolean): ContentItem {
  const head = [codeItem('CONTAINS', CODES.finding, LESION_FINDING), ...lesionSiteItems(lesion)];
  const body: ContentItem[] = [
    codeItem('CONTAINS', EMH_CODES.lesionStatus, status === 'resolved' ? EMH_CODES.resolved : EMH_CODES.notEvaluable),
  ];
  if (status === 'resolved') body.push(numItem('CONTAINS', MEASUREMENTS.longAxis, 0, UNITS.mm));
  if (withRecord) body.push(...lesionRecordItems(lesion));
  return measurementGroup(lesion.id, lesionTrackingUid(lesion, `emh-lesion-record:${lesion.id}`), null, head, body);
}

function toolMappingOf(annotation: EmhAnnotation): ToolMapping {
  const mapping = mappingOfRecord(annotation);
  if (!mapping) throw new Error(`No EMH tool makes a ${annotation.kind} record`);
  return mapping;
}

/** The tool's finding, and its fixed finding site (a lesion's own site is added by the caller). */
function findingItems(mapping: ToolMapping): ContentItem[] {
  const { finding, site } = mapping.sr;
  return [
    ...(finding ? [codeItem('CONTAINS', CODES.finding, finding)] : []),
    ...(site ? [codeItem('HAS CONCEPT MOD', CODES.findingSite, site)] : []),
  ];
}

/**
 * An ROI that measures no lesion: liver and spleen HU (the organ is the finding site; no
 * finding, they are not lesions) or the skeletal-muscle reference of an MR series.
 */
export function referenceGroup(
  annotation: HuRoiAnnotation | SignalRoiAnnotation,
  trackingIdentifier: string,
  context: GroupContext,
): ContentItem {
  const mapping = toolMappingOf(annotation);
  const [concept, unit] =
    mapping.sr.measures === 'signal' ? [signalConcept(context.weighting(annotation)), UNITS.signal] : [MEASUREMENTS.attenuation, UNITS.hu];
  const body = roiStatsItems(annotation, concept, unit, context);
  // Organ and muscle ROIs belong to no lesion: each is tracked by its own annotation's UID.
  const trackingUid = annotationTrackingUid(annotation.annotationUID);
  return measurementGroup(trackingIdentifier, trackingUid, annotation.annotationUID, findingItems(mapping), body);
}
