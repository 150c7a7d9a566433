import { PatientGroups, type PatientModel } from './patientGroups';
import type { DicomDocument, ImageInstance, InstanceHeader } from './types';

/**
 * Patient > study > series, grouped by UID. Pure: no DOM, no Cornerstone, so grouping and slice
 * ordering are unit-tested on plain headers.
 */
export interface SeriesModel {
  seriesInstanceUID: string;
  studyInstanceUID: string;
  modality: string;
  description: string;
  seriesNumber: number | null;
  instances: ImageInstance[];
  /** One per frame, in display order (superior to inferior for axial images). */
  imageIds: string[];
}

/**
 * A series as its files arrive: sorted when it is next read rather than at every file, which
 * made opening a 1,000-slice series a million comparisons per file.
 */
class ArrivingSeries implements SeriesModel {
  readonly seriesInstanceUID: string;
  readonly studyInstanceUID: string;
  readonly modality: string;
  readonly description: string;
  readonly seriesNumber: number | null;
  readonly #arrived: ImageInstance[] = [];
  #sorted: ImageInstance[] | null = [];
  #imageIds: string[] | null = [];

  constructor(header: InstanceHeader) {
    this.seriesInstanceUID = header.seriesInstanceUID;
    this.studyInstanceUID = header.studyInstanceUID;
    this.modality = header.modality;
    this.description = header.seriesDescription || header.protocolName || '(no description)';
    this.seriesNumber = header.seriesNumber;
  }

  add(instance: ImageInstance): void {
    this.#arrived.push(instance);
    this.#sorted = null;
    this.#imageIds = null;
  }

  get instances(): ImageInstance[] {
    this.#sorted ??= sortInstances(this.#arrived);
    return this.#sorted;
  }

  get imageIds(): string[] {
    this.#imageIds ??= this.instances.flatMap((i) => i.imageIds);
    return this.#imageIds;
  }
}

export interface StudyModel {
  studyInstanceUID: string;
  /** The PatientModel this study belongs to (see patientGroups). */
  patientKey: string;
  patientName: string;
  patientID: string;
  studyDate: string;
  description: string;
  series: SeriesModel[];
  documents: DicomDocument[];
}

export class StudyCollection {
  private readonly studies = new Map<string, StudyModel>();
  private readonly sopInstances = new Set<string>();
  private readonly patientGroups = new PatientGroups();

  /** Why an instance cannot be added: its study was opened as another patient's. */
  refusalFor(header: InstanceHeader): string | null {
    return this.patientGroups.refusal(header);
  }

  patients(): readonly PatientModel[] {
    return this.patientGroups.list();
  }

  patientOfStudy(studyInstanceUID: string): PatientModel | undefined {
    return this.patientGroups.forStudy(studyInstanceUID);
  }

  /** The studies of one patient, in the order they were opened. */
  studiesOf(patientKey: string): StudyModel[] {
    return this.list().filter((study) => study.patientKey === patientKey);
  }

  /** False when the same SOP instance was already added (a file dropped twice). */
  addImage(instance: ImageInstance): boolean {
    const { header } = instance;
    if (this.sopInstances.has(header.sopInstanceUID)) return false;
    this.sopInstances.add(header.sopInstanceUID);
    const study = this.studyFor(header);
    let series = study.series.find((s) => s.seriesInstanceUID === header.seriesInstanceUID);
    if (!series) {
      series = new ArrivingSeries(header);
      study.series.push(series);
      study.series.sort(compareSeries);
    }
    (series as ArrivingSeries).add(instance);
    return true;
  }

  addDocument(document: DicomDocument, header: InstanceHeader): boolean {
    if (this.sopInstances.has(document.sopInstanceUID)) return false;
    this.sopInstances.add(document.sopInstanceUID);
    this.studyFor(header).documents.push(document);
    return true;
  }

  list(): StudyModel[] {
    return [...this.studies.values()];
  }

  allSeries(): SeriesModel[] {
    return this.list().flatMap((study) => study.series);
  }

  findSeries(seriesInstanceUID: string): SeriesModel | undefined {
    return this.allSeries().find((s) => s.seriesInstanceUID === seriesInstanceUID);
  }

  private studyFor(header: InstanceHeader): StudyModel {
    // Every instance is checked against its study's patient (differences are noted there).
    const patient = this.patientGroups.assign(header);
    let study = this.studies.get(header.studyInstanceUID);
    if (!study) {
      study = {
        studyInstanceUID: header.studyInstanceUID,
        patientKey: patient.key,
        patientName: header.patientName,
        patientID: header.patientID,
        studyDate: header.studyDate,
        description: header.studyDescription,
        series: [],
        documents: [],
      };
      this.studies.set(header.studyInstanceUID, study);
    }
    return study;
  }
}

/** By series number, then description: the order does not depend on which file arrived first. */
function compareSeries(a: SeriesModel, b: SeriesModel): number {
  const byNumber = (a.seriesNumber ?? Number.MAX_SAFE_INTEGER) - (b.seriesNumber ?? Number.MAX_SAFE_INTEGER);
  return byNumber || a.description.localeCompare(b.description) || a.seriesInstanceUID.localeCompare(b.seriesInstanceUID);
}

export function sliceNormal(orientation: readonly number[]): [number, number, number] {
  const [rx, ry, rz, cx, cy, cz] = orientation;
  return [ry * cz - rz * cy, rz * cx - rx * cz, rx * cy - ry * cx];
}

/** Position of an instance along its slice normal, in mm; null without geometry. */
export function slicePosition(header: InstanceHeader): number | null {
  const { imagePositionPatient: p, imageOrientationPatient: o } = header;
  if (!p || !o) return null;
  const n = sliceNormal(o);
  return p[0] * n[0] + p[1] * n[1] + p[2] * n[2];
}

/**
 * Sorts by position along the slice normal when every instance has geometry, else by
 * InstanceNumber. The direction follows the instance numbers, so image 1 of the stack is the
 * scanner's instance 1 (superior first for a usual axial CT), as radiologists expect. Images
 * at one position (the echoes of a multi-echo series) follow each other shortest EchoTime
 * first, so scrolling runs through one position's echoes before the next position.
 */
export function sortInstances(instances: ImageInstance[]): ImageInstance[] {
  const byNumber = (a: ImageInstance, b: ImageInstance): number => (a.header.instanceNumber ?? 0) - (b.header.instanceNumber ?? 0);
  const positions = instances.map((i) => slicePosition(i.header));
  if (positions.some((p) => p === null)) return [...instances].sort(byNumber);
  const keyed = instances.map((instance, index) => ({ instance, position: positions[index] as number }));
  keyed.sort((a, b) => a.position - b.position || byNumber(a.instance, b.instance));
  const first = keyed[0]?.instance.header.instanceNumber ?? null;
  const last = keyed[keyed.length - 1]?.instance.header.instanceNumber ?? null;
  const direction = first !== null && last !== null && first > last ? -1 : 1;
  const byEchoTime = (a: ImageInstance, b: ImageInstance): number =>
    a.header.echoTime !== null && b.header.echoTime !== null ? a.header.echoTime - b.header.echoTime : 0;
  keyed.sort(
    (a, b) => direction * (a.position - b.position) || byEchoTime(a.instance, b.instance) || direction * byNumber(a.instance, b.instance),
  );
  return keyed.map((k) => k.instance);
}

/** The stack position of an instance in a series: by SOP Instance UID (when there), instance number, or a clamped image index. */
export function imageIndexIn(
  series: SeriesModel,
  options: { instanceNumber?: number; imageIndex?: number; sopInstanceUID?: string },
): number {
  const instance = options.sopInstanceUID ? series.instances.find((i) => i.header.sopInstanceUID === options.sopInstanceUID) : undefined;
  if (instance) return series.imageIds.indexOf(instance.imageIds[0]);
  if (options.instanceNumber !== undefined) {
    const position = series.instances.findIndex((i) => i.header.instanceNumber === options.instanceNumber);
    if (position < 0) throw new Error(`Series has no instance number ${options.instanceNumber}`);
    return series.imageIds.indexOf(series.instances[position].imageIds[0]);
  }
  return Math.max(0, Math.min(series.imageIds.length - 1, options.imageIndex ?? 0));
}
