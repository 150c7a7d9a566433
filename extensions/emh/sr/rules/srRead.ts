/**
 * Reads a TID 1500 measurement report back (docs/exports.md#sr-import: importing it back restores
 * the same inventory). Our own reports come back whole: lesion ids, sites, notes, overrides, every
 * annotation with its index-space points and the ROI statistics as stored. Another producer's
 * report is read as far as it goes (lengths, bidirectionals, ellipses, finding sites, tracking
 * ids); whatever cannot be mapped is listed in `notUnderstood`, never dropped.
 */

import { scoordDataToIndex } from '../../../../src/geometry/scoord';
import type { SeriesOverride } from '../../inventory/rules/inventoryTypes';
import { blankLesionFields } from '../../lesions/rules/lesionEdit';
import type { IndexPoint } from '../../lesions/rules/lesionMeasurement';
import type { LiverCall } from '../../liver/rules/liverAttenuation';
import type { SignalCall } from '../../signal/rules/signalRatio';
import { LATERALITY_CODES, SITE_DEFINITIONS, type CodedConcept, type Laterality } from '../../lesions/rules/sites';
import {
  CODES,
  EMH_CODES,
  EMH_MANUFACTURER,
  EMH_SCHEME,
  LESION_FINDING,
  MEASUREMENTS,
  sameCode,
  weightingOfSignalConcept,
} from './srCodes';
import { describeCode, describeNode, readSrDocument, type EvidenceEntry, type SrDocument, type SrImageReference } from './srDicom';
import { readSeriesDecisions } from './srDecisions';
import { worldAxesOf, worldEllipseOf } from './srScoord3dRead';
import { parseGroup, type GroupMeasurement, type ParsedGroup, type Scoord3dLocator } from './srReadGroup';
import { describesGroup, type ToolMapping } from '../../annotations/rules/mappings/toolMapping';
import { HU_ROI_MAPPINGS, SIGNAL_ROI_MAPPINGS } from '../../annotations/rules/mappings/toolMappings';
import { geometry, readLibrary, type LibraryEntry } from './srReadLibrary';
import type { EllipseIndexPoints, MeasurementReportRead, ReadAnnotation, ReadImageRef, ReadLesion, ReadSite } from './srTypes';
import { uuidOfUid } from './srUids';
import { IronReportReader, isIronGroup } from './srIronRead';
import { isVolumeGroup, readVolumeGroup, type ReadLesionVolume } from './srVolumeRead';
import type { MarkedStatus } from '../../followUp/rules/followUpTypes';

const MM_PER_UNIT: Readonly<Record<string, number>> = { mm: 1, cm: 10, um: 0.001, m: 1000 };

function ellipseOf(data: readonly number[]): EllipseIndexPoints | null {
  const [a, b, c, d] = toPoints(data);
  return data.length === 8 && a && b && c && d ? [a, b, c, d] : null;
}

function toPoints(data: readonly number[]): IndexPoint[] {
  return scoordDataToIndex(data);
}

/** An EMH site from a coded (or free-text) finding site; unknown codes become `other` with their meaning. */
export function siteOf(site: ReadSite | null): Pick<ReadLesion, 'site' | 'siteText' | 'laterality'> {
  const laterality =
    (Object.entries(LATERALITY_CODES) as [Laterality, CodedConcept][]).find(([, c]) => sameCode(site?.laterality, c))?.[0] ?? null;
  if (!site) return { site: null, siteText: null, laterality };
  if (site.text !== null) return { site: 'other', siteText: site.text, laterality };
  if (sameCode(site.code, EMH_CODES.otherSite)) return { site: 'other', siteText: null, laterality };
  const known = Object.values(SITE_DEFINITIONS).find(
    (d) => d.code && sameCode(site.code, d.code) && (d.modifier ? sameCode(site.modifier, d.modifier) : true),
  );
  if (known) return { site: known.key, siteText: null, laterality };
  return { site: 'other', siteText: site.code?.meaning || site.code?.value || null, laterality };
}

class ReportReader {
  readonly notUnderstood: string[] = [];
  readonly annotations: ReadAnnotation[] = [];
  readonly lesions = new Map<string, { -readonly [K in keyof ReadLesion]: ReadLesion[K] }>();
  /** Tracking UID per lesion id, as written on its groups (first one wins). */
  readonly lesionTracking = new Map<string, string>();
  readonly statuses = new Map<string, MarkedStatus>();
  /** Whether any group names its annotation by ObservationUID: the writer that tracks lesions by UID. */
  observationUIDs = false;
  readonly refs = new Map<string, ReadImageRef>();
  /** Images found for SCOORD3D outlines: open images, not cited in the report's evidence. */
  readonly located = new Map<string, EvidenceEntry>();
  readonly library: Map<string, LibraryEntry>;
  readonly emh: boolean;
  storedLiverCall: LiverCall | null = null;
  liverCallOverride: LiverCall | null = null;

  constructor(readonly doc: SrDocument) {
    this.library = readLibrary(doc.root);
    this.emh = doc.manufacturer === EMH_MANUFACTURER || doc.codingSchemes.includes(EMH_SCHEME.designator);
  }

  ref(image: SrImageReference): ReadImageRef {
    const frame = image.frames[0] ?? 1;
    const key = `${image.sopInstanceUID}#${frame}`;
    const known = this.refs.get(key);
    if (known) return known;
    const evidence = this.doc.evidence.get(image.sopInstanceUID) ?? this.located.get(image.sopInstanceUID);
    if (!evidence) this.notUnderstood.push(`Image ${image.sopInstanceUID} is cited but not listed in the evidence sequences`);
    const { spacing, slice, modality } = geometry(this.library.get(image.sopInstanceUID)?.descriptors);
    const ref: ReadImageRef = {
      studyInstanceUID: evidence?.studyInstanceUID ?? null,
      seriesInstanceUID: evidence?.seriesInstanceUID ?? null,
      sopInstanceUID: image.sopInstanceUID,
      sopClassUID: image.sopClassUID || evidence?.sopClassUID || '',
      frame,
      modality,
      pixelSpacing: spacing,
      slicePositionMm: slice,
    };
    this.refs.set(key, ref);
    return ref;
  }

  label(group: ParsedGroup): string {
    return `Measurement group ${group.node.path}${group.trackingIdentifier ? ` "${group.trackingIdentifier}"` : ''}`;
  }

  group(group: ParsedGroup): void {
    for (const place of group.located) {
      const { studyInstanceUID, seriesInstanceUID, image } = place;
      this.located.set(image.sopInstanceUID, { studyInstanceUID, seriesInstanceUID, sopClassUID: image.sopClassUID });
    }
    const lesionId = this.emh && sameCode(group.finding, LESION_FINDING) ? group.trackingIdentifier : null;
    if (group.observationUID) this.observationUIDs = true;
    const consumed = new Set<GroupMeasurement>();
    if (lesionId && group.status) {
      this.statuses.set(lesionId, group.status);
      // The 0 mm long axis of a resolved lesion is the status said as a size, not a drawing.
      for (const m of group.measurements) if (!m.outline && !m.image && m.value === 0) consumed.add(m);
    }
    const usedCalls = new Set<number>();
    const annotation = this.annotationOf(group, lesionId, consumed, usedCalls);
    if (annotation) this.annotations.push(annotation);
    // The liver summary; a call of unstated source is taken for the automatic one.
    for (const item of group.liverCalls) {
      if (item.source === 'override') this.liverCallOverride ??= item.call;
      else this.storedLiverCall ??= item.call;
    }
    if (lesionId && group.trackingUID && !this.lesionTracking.has(lesionId)) this.lesionTracking.set(lesionId, group.trackingUID);
    if (lesionId) this.lesionRecord(lesionId, group, usedCalls);
    else if (!annotation && group.measurements.length === 0 && group.liverCalls.length === 0 && !group.status)
      this.notUnderstood.push(`${this.label(group)}: no measurement in it`);
    for (const m of group.measurements) {
      if (!consumed.has(m)) this.notUnderstood.push(`${this.label(group)}: ${describeNode(m.node)} not understood`);
    }
    group.calls.forEach((call, i) => {
      if (!usedCalls.has(i))
        this.notUnderstood.push(`${this.label(group)}: call ${describeCode(call.concept)} = ${call.call} not understood`);
    });
    for (const node of group.unknown) this.notUnderstood.push(`${this.label(group)}: ${describeNode(node)} not understood`);
  }

  lesionRecord(id: string, group: ParsedGroup, usedCalls: Set<number>): void {
    const lesion = this.lesions.get(id) ?? { ...blankLesionFields(id) };
    if (lesion.site === null && group.site) Object.assign(lesion, siteOf(group.site));
    if (group.comment !== null && lesion.notes === '') lesion.notes = group.comment;
    group.calls.forEach((call, i) => {
      if (call.source !== 'override') return;
      const weighting = weightingOfSignalConcept(call.concept);
      if (weighting === 'T1') lesion.t1Override = call.call;
      else if (weighting === 'T2') lesion.t2Override = call.call;
      else return;
      usedCalls.add(i);
    });
    this.lesions.set(id, lesion);
  }

  annotationUidOf(group: ParsedGroup): string {
    const uid = group.observationUID ?? group.trackingUID;
    return (uid && uuidOfUid(uid)) || uid || `${this.doc.sopInstanceUID}/${group.node.path}`;
  }

  annotationOf(
    group: ParsedGroup,
    lesionId: string | null,
    consumed: Set<GroupMeasurement>,
    usedCalls: Set<number>,
  ): ReadAnnotation | null {
    const find = (concept: CodedConcept) => group.measurements.filter((m) => sameCode(m.concept, concept));
    const cited = (ms: readonly GroupMeasurement[]) => ms.map((m) => m.outline?.image ?? m.image).find((i) => i) ?? null;
    const base = (image: SrImageReference) => ({
      // The annotation's own name: its ObservationUID where written (the tracking UID is then the
      // lesion's), else the tracking UID of older reports, where each annotation had its own.
      annotationUID: this.annotationUidOf(group),
      trackingIdentifier: group.trackingIdentifier,
      trackingUID: group.trackingUID,
      lesionId,
      ref: this.ref(image),
      finding: group.finding,
      site: group.site,
      comment: lesionId ? null : group.comment,
    });
    const [long] = find(MEASUREMENTS.longAxis);
    const [short] = find(MEASUREMENTS.shortAxis);
    if (long && short) {
      const image = cited([long, short]);
      const [longPoints, shortPoints] = [long, short].map((m) => toPoints(m.outline?.graphicType === 'POLYLINE' ? m.outline.data : []));
      if (!image || longPoints?.length !== 2 || shortPoints?.length !== 2) {
        this.notUnderstood.push(`${this.label(group)}: long and short axis without two-point image coordinates`);
        return null;
      }
      consumed.add(long).add(short);
      // A length in a UCUM length unit is calibrated (and kept in mm); any other unit, ours
      // "{pixels}" included, is a pixel length of an uncalibrated image.
      const mmPer = (m: GroupMeasurement) => (m.unit?.scheme === 'UCUM' ? MM_PER_UNIT[m.unit.value] : undefined);
      const calibrated = mmPer(long) !== undefined && mmPer(short) !== undefined;
      const toMm = (m: GroupMeasurement) => m.value * (mmPer(m) ?? 1);
      return {
        ...base(image),
        kind: 'lesionAxes',
        longAxis: [longPoints[0]!, longPoints[1]!],
        shortAxis: [shortPoints[0]!, shortPoints[1]!],
        longAxisLength: toMm(long),
        shortAxisLength: toMm(short),
        calibrated,
        ...worldAxesOf(long.outline, short.outline),
      };
    }
    const valueConcept = group.measurements.find(
      (m) => sameCode(m.concept, MEASUREMENTS.attenuation) || weightingOfSignalConcept(m.concept) !== null,
    )?.concept;
    if (valueConcept) {
      const values = find(valueConcept);
      const stat = (d: CodedConcept) => values.find((m) => sameCode(m.derivation, d));
      const [mean, sd, min, max] = [MEASUREMENTS.mean, MEASUREMENTS.sd, MEASUREMENTS.min, MEASUREMENTS.max].map(stat);
      const [area] = find(MEASUREMENTS.area);
      const [pixels] = find(EMH_CODES.pixelCount);
      const roiPart = [mean, sd, min, max, area, pixels].filter((m): m is GroupMeasurement => m !== undefined);
      const image = cited(roiPart);
      const outline = roiPart.find((m) => m.outline)?.outline ?? null;
      const { worldEllipse } = worldEllipseOf(outline);
      // A reformat's ROI has no outline on its nearest image (a projection would not be its shape).
      const ellipse = outline?.graphicType === 'ELLIPSE' && !worldEllipse ? ellipseOf(outline.data) : null;
      const isHu = sameCode(valueConcept, MEASUREMENTS.attenuation);
      // The tool whose group this is, told by its finding or its fixed site (see its mapping).
      const ofGroup = (mapping: ToolMapping) => describesGroup(mapping, group.finding, group.site?.code);
      const organ = HU_ROI_MAPPINGS.find(ofGroup)?.record.organ ?? null;
      const role = SIGNAL_ROI_MAPPINGS.find(ofGroup)?.record.role ?? null;
      if (mean && sd && min && max && pixels && image && (outline === null || ellipse || worldEllipse) && (isHu ? organ : role)) {
        roiPart.forEach((m) => consumed.add(m));
        const stats = {
          mean: mean.value,
          sd: sd.value,
          min: min.value,
          max: max.value,
          areaMm2: area?.value ?? null,
          pixelCount: pixels.value,
        };
        if (isHu) return { ...base(image), kind: 'huRoi', organ: organ!, ellipse, stats, ...(worldEllipse ? { worldEllipse } : {}) };
        const [ratio] = find(EMH_CODES.signalRatio);
        if (ratio) consumed.add(ratio);
        const callIndex = group.calls.findIndex((c) => c.source !== 'override' && sameCode(c.concept, valueConcept));
        if (callIndex >= 0) usedCalls.add(callIndex);
        return {
          ...base(image),
          kind: 'signalRoi',
          role: role!,
          weighting: weightingOfSignalConcept(valueConcept) ?? 'unknown',
          ellipse,
          stats,
          ...(worldEllipse ? { worldEllipse } : {}),
          storedRatio: ratio?.value ?? null,
          storedCall: (group.calls[callIndex]?.call as SignalCall | undefined) ?? null,
        };
      }
    }
    const [length] = find(MEASUREMENTS.length);
    if (length?.outline && length.outline.image && length.unit) {
      consumed.add(length);
      return {
        ...base(length.outline.image),
        kind: 'length',
        points: toPoints(length.outline.data),
        length: length.value,
        unit: length.unit,
      };
    }
    // Anything else drawn on an image: an ROI with its values as they are.
    const drawn = group.measurements.find((m) => m.outline?.image && m.outline.graphicType !== '');
    if (drawn?.outline?.image) {
      const values = group.measurements.filter((m) => m.unit && !consumed.has(m));
      values.forEach((m) => consumed.add(m));
      return {
        ...base(drawn.outline.image),
        kind: 'roi',
        graphicType: drawn.outline.graphicType,
        points: toPoints(drawn.outline.data),
        values: values.map((m) => ({
          concept: m.concept,
          derivation: m.derivation,
          value: m.value,
          unit: m.unit as CodedConcept,
        })),
      };
    }
    return null;
  }
}

/**
 * `locate` places SCOORD3D outlines (patient coordinates, as other producers and volume views
 * write them) on an open image; without it they are listed as not understood.
 */
export function readMeasurementReport(bytes: Uint8Array, locate?: Scoord3dLocator): MeasurementReportRead {
  const doc = readSrDocument(bytes);
  const measurements = doc.root.children.find((c) => c.valueType === 'CONTAINER' && sameCode(c.concept, CODES.imagingMeasurements));
  if (!measurements) {
    throw new Error(`Not a TID 1500 measurement report: "${doc.root.concept?.meaning ?? 'untitled'}" has no Imaging Measurements`);
  }
  const reader = new ReportReader(doc);
  for (const child of doc.root.children) {
    const understood =
      child === measurements ||
      child.relationship === 'HAS OBS CONTEXT' ||
      sameCode(child.concept, CODES.language) ||
      sameCode(child.concept, CODES.procedureReported) ||
      sameCode(child.concept, CODES.imageLibrary);
    if (!understood) reader.notUnderstood.push(`Report ${describeNode(child)} not understood`);
  }
  // Iron groups are ours alone: another producer's R2* is read as any other ROI value.
  const iron = new IronReportReader((sop) => doc.evidence.get(sop));
  const volumes: ReadLesionVolume[] = [];
  for (const child of measurements.children) {
    const group = child.valueType === 'CONTAINER' && sameCode(child.concept, CODES.measurementGroup);
    if (group && reader.emh && isIronGroup(child)) iron.group(child);
    else if (group && isVolumeGroup(child)) volumes.push(readVolumeGroup(child, reader.notUnderstood));
    else if (group) reader.group(parseGroup(child, locate));
    else reader.notUnderstood.push(`Imaging Measurements ${describeNode(child)} not understood`);
  }
  // Every image the library lists, including any no measurement cites.
  for (const [sop, entry] of reader.library) {
    if (![...reader.refs.values()].some((r) => r.sopInstanceUID === sop)) reader.ref(entry.image);
  }
  const seriesDecisions: Record<string, SeriesOverride> = {};
  for (const library of doc.root.children.filter((c) => sameCode(c.concept, CODES.imageLibrary))) {
    const read = readSeriesDecisions(library, (sop) => doc.evidence.get(sop)?.seriesInstanceUID ?? null);
    Object.assign(seriesDecisions, read.decisions);
    reader.notUnderstood.push(...read.notUnderstood);
  }
  return {
    producer: reader.emh ? 'emh' : 'other',
    sopInstanceUID: doc.sopInstanceUID,
    studyInstanceUID: doc.studyInstanceUID,
    studyDate: doc.studyDate,
    annotations: reader.annotations,
    lesions: [...reader.lesions.values()],
    // Older EMH reports wrote one tracking UID per annotation: no lesion identity to keep there.
    lesionTrackingUids: reader.emh && (reader.observationUIDs || reader.statuses.size > 0) ? Object.fromEntries(reader.lesionTracking) : {},
    statuses: [...reader.statuses].map(([lesionId, status]) => ({ lesionId, status })),
    imageRefs: [...reader.refs.values()],
    liver: { storedCall: reader.storedLiverCall, callOverride: reader.liverCallOverride },
    seriesDecisions,
    notUnderstood: reader.notUnderstood,
    iron: iron.result(),
    volumes,
  };
}
