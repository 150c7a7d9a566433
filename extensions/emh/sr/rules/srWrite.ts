/**
 * The inventory as a DICOM SR: a TID 1500 Measurement Report (docs/exports.md#sr-document).
 *
 * IOD: Comprehensive 3D SR. Every coordinate written today is a 2D SCOORD, which Enhanced
 * SR would also allow, but Comprehensive 3D is what Cornerstone's and OHIF's SR tools write
 * and read, and it leaves room for SCOORD3D (world coordinates from volume viewports)
 * without a new SOP class. Both dcmtk and dicom3tools check it.
 *
 * The content tree is built as a dcmjs naturalized dataset (dcmjs 0.52's `sr.templates` are
 * broken) and encoded by part10Writer.ts, which writes the bytes dcmjs's own writer would
 * (1,000 lesions: 0.3 s in Chromium instead of 14 s; see there why).
 */

import { belongsToLesion, type EmhAnnotation, type HuRoiAnnotation, type SignalRoiAnnotation } from '../../inventory/rules/annotationTypes';
import type { ImageRef } from '../../inventory/rules/common';
import type { LesionExport, SeriesExport } from '../../inventory/rules/inventoryTypes';
import type { Weighting } from '../../signal/rules/seriesWeighting';
import type { CodedConcept } from '../../lesions/rules/sites';
import type { NaturalDataset, Part10Meta } from '../../../../src/data/dcmjs';
import { writePart10 } from './part10Writer';
import {
  codeItem,
  codeSequence,
  container,
  imageItem,
  numItem,
  personItem,
  templateSequence,
  textItem,
  uidItem,
  type ContentItem,
} from './srContent';
import { CODES, EMH_MODEL_NAME, IMAGING_PROCEDURE, MODALITY_CODES, PROCEDURE_CODES, UNITS, sameCode } from './srCodes';
import { liverSummaryGroup, seriesDecisionItems } from './srDecisions';
import { lesionGroup, lesionRecordGroup, lesionStatusGroup, referenceGroup, type GroupContext } from './srGroups';
import { isRecordOf } from '../../annotations/rules/mappings/toolMapping';
import { REFERENCE_MAPPINGS } from '../../annotations/rules/mappings/toolMappings';
import type { ImageFacts, MeasurementReportInput } from './srTypes';
import {
  defaultStudy,
  EMH_DEVICE_OBSERVER_UID,
  evidence,
  header,
  IMPLEMENTATION_CLASS_UID,
  inventoryPatient,
  type PlacedImage,
} from './srHeader';
import { randomUid } from './srUids';
import { ironGroups, ironRois } from './srIronWrite';
import { lesionVolumeGroup, segEvidence } from './srVolumeWrite';
import type { IronRoiJson } from '../../iron/rules/ironReport';

const imageKey = (ref: ImageRef) => `${ref.sopInstanceUID}#${ref.frame}`;

/** Lesion annotations in a stable order: size first, then CT, then MR, each in arrival order. */
const KIND_ORDER: Readonly<Record<EmhAnnotation['kind'], number>> = { lesionAxes: 0, huRoi: 1, signalRoi: 2 };

export { COMPREHENSIVE_3D_SR } from './srHeader';

/** The Part 10 file meta information every EMH report is written with. */
export const SR_PART10_META: Part10Meta = {
  implementationClassUID: IMPLEMENTATION_CLASS_UID,
  implementationVersionName: 'EMH_SR_1',
};

export function writeMeasurementReport(input: MeasurementReportInput): Uint8Array {
  return writePart10(measurementReportDataset(input), SR_PART10_META);
}

/**
 * The report as a dcmjs naturalized dataset, before encoding: what the bench hands to
 * dcmjs alone, to tell the cost of building the content tree from that of encoding it.
 */
export function measurementReportDataset(input: MeasurementReportInput): NaturalDataset {
  const { inventory } = input;
  const newUid = input.newUid ?? randomUid;
  const images = new Map<string, PlacedImage>();
  const placeRef = (ref: ImageRef, seriesModality: string): PlacedImage => {
    const key = imageKey(ref);
    const known = images.get(key);
    if (known) return known;
    const facts = input.images(ref);
    if (!facts) throw new Error(`No facts for image ${ref.sopInstanceUID}: its SOP class is needed to cite it`);
    const multiFrame = (facts.numberOfFrames ?? 1) > 1;
    const placed: PlacedImage = {
      ref,
      facts,
      modality: (facts.modality ?? seriesModality).trim().toUpperCase(),
      reference: {
        sopClassUID: facts.sopClassUID,
        sopInstanceUID: ref.sopInstanceUID,
        frame: multiFrame ? ref.frame : null,
      },
    };
    images.set(key, placed);
    return placed;
  };
  const place = (annotation: EmhAnnotation): PlacedImage => placeRef(annotation.ref, annotation.series.modality);
  // The weighting in force: the radiologist's override, else the automatic one.
  const weightingBySeries = new Map(inventory.series.map((s) => [s.seriesInstanceUID, s.weightingOverride ?? s.weighting]));
  const context: GroupContext = {
    image: (annotation) => place(annotation).reference,
    outline: (annotation: SignalRoiAnnotation | HuRoiAnnotation) => input.roiOutline?.(annotation) ?? null,
    weighting: (annotation): Weighting => weightingBySeries.get(annotation.ref.seriesInstanceUID) ?? annotation.series.weighting,
  };

  const groups = measurementGroups(input, context);
  // Iron ROIs are drawn on single-frame echo images (an enhanced object's frame is frame 1 of it).
  const ironImage = ({ ref }: IronRoiJson) => {
    const { studyInstanceUID, seriesInstanceUID, sopInstanceUID, instanceNumber } = ref;
    return placeRef({ studyInstanceUID, seriesInstanceUID, sopInstanceUID, frame: 1, instanceNumber }, 'MR').reference;
  };
  // Placed before the study is chosen: a report of iron alone is filed in the ROIs' study.
  if (input.iron) ironRois(input.iron.inventory).forEach(ironImage);
  const study = input.study ?? defaultStudy(input, [...images.values()]);
  const patient = input.patient ?? inventoryPatient(input);
  // After the study is known: the summary's tracking UID derives from it, so re-exports of
  // the same study keep tracking the same summary.
  const liverSummary = liverSummaryGroup(inventory.liver, study.studyInstanceUID);
  if (liverSummary) groups.push(liverSummary);
  // After the lesions' and organs' groups; the summaries' tracking UIDs also derive from the study.
  if (input.iron) groups.push(...ironGroups(input.iron, ironImage, study.studyInstanceUID));
  const seriesByUid = new Map(inventory.series.map((s) => [s.seriesInstanceUID, s]));
  const root = [
    ...documentContext(input, [...images.values()]),
    imageLibrary([...images.values()], seriesByUid),
    container('CONTAINS', CODES.imagingMeasurements, groups),
  ];

  const sopInstanceUID = newUid();
  return {
    ...header(input, patient, study, sopInstanceUID, newUid()),
    ...evidence(study.studyInstanceUID, [...images.values(), ...segEvidence(input.volumes?.values() ?? [])]),
    ValueType: 'CONTAINER',
    ConceptNameCodeSequence: codeSequence(CODES.report),
    ContinuityOfContent: 'SEPARATE',
    ContentTemplateSequence: templateSequence('1500'),
    ContentSequence: root,
  };
}

// ------------------------------------------------------------------ measurement groups

function measurementGroups(input: MeasurementReportInput, context: GroupContext): ContentItem[] {
  const { inventory, annotations } = input;
  const lesionAnnotations = annotations.filter(belongsToLesion);
  for (const annotation of lesionAnnotations) {
    if (!annotation.lesionId) throw new Error(`Lesion annotation ${annotation.annotationUID} has no lesion id`);
  }
  const groups: ContentItem[] = [];
  // Each lesion's annotations in arrival order, gathered in one pass (a scan of every
  // annotation per lesion is quadratic: seconds with 1,000 lesions). Rows first, in
  // inventory order; a lesion annotation whose row is missing is still written, never dropped.
  const byLesion = new Map<string, EmhAnnotation[]>(inventory.lesions.map((l) => [l.id, []]));
  for (const annotation of lesionAnnotations) {
    const lesionId = annotation.lesionId as string;
    const list = byLesion.get(lesionId);
    if (list) list.push(annotation);
    else byLesion.set(lesionId, [annotation]);
  }
  const rows = new Map(inventory.lesions.map((l) => [l.id, l]));
  for (const [lesionId, arrived] of byLesion) {
    const lesion: LesionExport | null = rows.get(lesionId) ?? null;
    // Array.prototype.sort is stable: equal kinds keep their arrival order.
    const own = [...arrived].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
    const status = input.statuses?.[lesionId];
    if (lesion && status) groups.push(lesionStatusGroup(lesion, status, own.length === 0));
    if (own.length === 0) {
      if (lesion && !status) groups.push(lesionRecordGroup(lesion));
      continue;
    }
    // Each override sits beside its automatic call when that ROI is written; notes, and
    // overrides with no ROI to sit beside, go with the lesion's first group.
    const written = new Set(own.map((a) => a.annotationUID));
    const t1Home = lesion?.t1.annotationUID && written.has(lesion.t1.annotationUID) ? lesion.t1.annotationUID : own[0]!.annotationUID;
    const t2Home = lesion?.t2.annotationUID && written.has(lesion.t2.annotationUID) ? lesion.t2.annotationUID : own[0]!.annotationUID;
    own.forEach((annotation, index) => {
      const record = {
        notes: index === 0,
        t1Override: t1Home === annotation.annotationUID,
        t2Override: t2Home === annotation.annotationUID,
      };
      groups.push(lesionGroup(annotation, lesionId, { lesion, record }, context));
    });
    // The lesion's volume (TID 1411) beside its measurements, citing the SEG written with the report.
    const volume = input.volumes?.get(lesionId);
    if (lesion && volume) groups.push(lesionVolumeGroup(lesion, own[0]!.annotationUID, volume));
  }
  const counters = new Map<string, number>();
  const nextLabel = (label: string) => {
    const n = (counters.get(label) ?? 0) + 1;
    counters.set(label, n);
    return `${label} ${n}`;
  };
  // Liver ROIs, then spleen, then muscle references, each numbered under its own label.
  for (const mapping of REFERENCE_MAPPINGS) {
    const label = mapping.sr.trackingLabel;
    for (const annotation of annotations) {
      if (label && annotation.kind !== 'lesionAxes' && isRecordOf(mapping, annotation)) {
        groups.push(referenceGroup(annotation, nextLabel(label(context.weighting(annotation))), context));
      }
    }
  }
  return groups;
}

// ------------------------------------------------------------------ document context

function documentContext(input: MeasurementReportInput, images: readonly PlacedImage[]): ContentItem[] {
  const items: ContentItem[] = [codeItem('HAS CONCEPT MOD', CODES.language, CODES.english)];
  // TID 1002: each Observer Type starts an observer; the person (if named) and this viewer.
  if (input.observerName) {
    items.push(
      codeItem('HAS OBS CONTEXT', CODES.observerType, CODES.person),
      personItem('HAS OBS CONTEXT', CODES.personObserverName, input.observerName),
    );
  }
  items.push(
    codeItem('HAS OBS CONTEXT', CODES.observerType, CODES.device),
    uidItem('HAS OBS CONTEXT', CODES.deviceObserverUID, EMH_DEVICE_OBSERVER_UID),
    textItem('HAS OBS CONTEXT', CODES.deviceObserverName, EMH_MODEL_NAME),
  );
  const modalities = [...new Set(images.map((i) => i.modality))].filter((m) => PROCEDURE_CODES[m]);
  const procedures = modalities.length > 0 ? modalities.map((m) => PROCEDURE_CODES[m]!) : [IMAGING_PROCEDURE];
  for (const procedure of procedures) items.push(codeItem('HAS CONCEPT MOD', CODES.procedureReported, procedure));
  return items;
}

/**
 * TID 1600: one group per series, one entry per image. Descriptors every image of the series
 * shares (modality, spacing, orientation) are said once on the group; the rest (the slice
 * position) on each entry, which is how TID 1600 means its two levels to be used. The user's
 * weighting and contrast decisions are facts of the whole series, so they go on the group.
 */
function imageLibrary(images: readonly PlacedImage[], seriesFacts: ReadonlyMap<string, SeriesExport>): ContentItem {
  const bySeries = new Map<string, PlacedImage[]>();
  for (const image of images) {
    const list = bySeries.get(image.ref.seriesInstanceUID) ?? [];
    list.push(image);
    bySeries.set(image.ref.seriesInstanceUID, list);
  }
  const groups = [...bySeries.entries()].map(([seriesUID, series]) => {
    const modality = MODALITY_CODES[series[0]!.modality];
    const lists = series.map((image) => descriptors(image.facts));
    const same = (a: Descriptor, b: Descriptor) => sameCode(a.concept, b.concept) && a.value === b.value;
    const shared = (lists[0] ?? []).filter((d) => lists.every((list) => list.some((e) => same(d, e))));
    const groupItems = [
      ...(modality ? [codeItem('HAS ACQ CONTEXT', CODES.modality, modality)] : []),
      ...shared.map(descriptorItem),
      ...seriesDecisionItems(seriesFacts.get(seriesUID)),
    ];
    const entries = series.map((image, i) =>
      imageItem('CONTAINS', null, image.reference, (lists[i] ?? []).filter((d) => !shared.some((e) => same(d, e))).map(descriptorItem)),
    );
    return container('CONTAINS', CODES.imageLibraryGroup, [...groupItems, ...entries]);
  });
  return container('CONTAINS', CODES.imageLibrary, groups);
}

interface Descriptor {
  readonly concept: CodedConcept;
  readonly value: number;
  readonly unit: CodedConcept;
}

const descriptorItem = (d: Descriptor): ContentItem => numItem('HAS ACQ CONTEXT', d.concept, d.value, d.unit);

/** TID 1602 descriptors the importer needs before the images load: spacing and geometry. */
function descriptors(facts: ImageFacts): Descriptor[] {
  const list: Descriptor[] = [];
  const mm = (concept: CodedConcept, value: number) => list.push({ concept, value, unit: UNITS.mm });
  if (facts.pixelSpacing) {
    // PixelSpacing is [row, column]: column spacing is horizontal, row spacing vertical.
    mm(CODES.horizontalPixelSpacing, facts.pixelSpacing[1]);
    mm(CODES.verticalPixelSpacing, facts.pixelSpacing[0]);
  }
  const position = facts.imagePositionPatient;
  if (position?.length === 3) [CODES.ippX, CODES.ippY, CODES.ippZ].forEach((concept, i) => mm(concept, position[i]!));
  const orientation = facts.imageOrientationPatient;
  if (orientation?.length === 6) {
    const concepts = [CODES.iopRowX, CODES.iopRowY, CODES.iopRowZ, CODES.iopColumnX, CODES.iopColumnY, CODES.iopColumnZ];
    concepts.forEach((concept, i) => list.push({ concept, value: orientation[i]!, unit: UNITS.directionCosine }));
  }
  return list;
}
