/**
 * OHIF's display sets as our series model. OHIF keeps each instance's attributes "naturalized"
 * (DICOM keywords as keys, numbers as numbers, names as {Alphabetic}); our extension reads
 * InstanceHeader. Pure: no OHIF, no Cornerstone.
 */
import type { InstanceHeader } from '../../src/data/types';

export type OhifInstance = Record<string, unknown>;

/** A series as the EMH panel lists it: our model's facts plus OHIF's imageIds for viewing. */
export interface OhifSeries {
  displaySetInstanceUID: string;
  seriesInstanceUID: string;
  studyInstanceUID: string;
  modality: string;
  description: string;
  seriesNumber: number | null;
  headers: InstanceHeader[];
  imageIds: string[];
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map(text).join('\\');
  // A person name: OHIF keeps the PN's Alphabetic group.
  if (value && typeof value === 'object' && 'Alphabetic' in value) return text((value as { Alphabetic: unknown }).Alphabetic);
  return '';
}

function numberOrNull(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : null;
}

function numbers(value: unknown, count: number): number[] | null {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split('\\') : null;
  if (!list || list.length !== count) return null;
  const out = list.map(numberOrNull);
  return out.every((n): n is number => n !== null) ? out : null;
}

function hasItems(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : value !== undefined && value !== null && value !== '';
}

export function instanceHeaderOf(instance: OhifInstance): InstanceHeader {
  return {
    sopInstanceUID: text(instance.SOPInstanceUID),
    sopClassUID: text(instance.SOPClassUID),
    studyInstanceUID: text(instance.StudyInstanceUID),
    seriesInstanceUID: text(instance.SeriesInstanceUID),
    frameOfReferenceUID: text(instance.FrameOfReferenceUID),
    modality: text(instance.Modality),
    instanceNumber: numberOrNull(instance.InstanceNumber),
    numberOfFrames: numberOrNull(instance.NumberOfFrames) ?? 1,
    rows: numberOrNull(instance.Rows) ?? 0,
    columns: numberOrNull(instance.Columns) ?? 0,
    pixelSpacing: numbers(instance.PixelSpacing, 2) as [number, number] | null,
    imagePositionPatient: numbers(instance.ImagePositionPatient, 3) as [number, number, number] | null,
    imageOrientationPatient: numbers(instance.ImageOrientationPatient, 6) as InstanceHeader['imageOrientationPatient'],
    transferSyntaxUID: text(instance.AvailableTransferSyntaxUID ?? instance.TransferSyntaxUID),
    patientName: text(instance.PatientName),
    patientID: text(instance.PatientID),
    issuerOfPatientID: text(instance.IssuerOfPatientID),
    patientBirthDate: text(instance.PatientBirthDate),
    patientSex: text(instance.PatientSex),
    patientAge: text(instance.PatientAge),
    studyDate: text(instance.StudyDate),
    studyTime: text(instance.StudyTime),
    studyDescription: text(instance.StudyDescription),
    accessionNumber: text(instance.AccessionNumber),
    seriesNumber: numberOrNull(instance.SeriesNumber),
    seriesDescription: text(instance.SeriesDescription),
    protocolName: text(instance.ProtocolName),
    sequenceName: text(instance.SequenceName),
    repetitionTime: numberOrNull(instance.RepetitionTime),
    echoTime: numberOrNull(instance.EchoTime),
    inversionTime: numberOrNull(instance.InversionTime),
    contrastBolusAgent: text(instance.ContrastBolusAgent),
    hasContrastBolusAgentSequence: hasItems(instance.ContrastBolusAgentSequence),
    hasContrastBolusUsageSequence: hasItems(instance.ContrastBolusUsageSequence),
  };
}

export interface OhifDisplaySetLike {
  displaySetInstanceUID: string;
  StudyInstanceUID: string;
  SeriesInstanceUID: string;
  SeriesDescription?: string;
  SeriesNumber?: number | string;
  Modality?: string;
  imageIds?: string[];
  instances?: OhifInstance[];
}

const SEGMENTATION_SOP_CLASS = '1.2.840.10008.5.1.4.1.1.66.4';

/**
 * An image has Rows (OHIF gives every instance an imageId, reports too); a segmentation has
 * Rows as well but is a document to us, read whole.
 */
export function isImageInstance(instance: OhifInstance): boolean {
  return Number(instance.Rows ?? 0) > 0 && instance.SOPClassUID !== SEGMENTATION_SOP_CLASS;
}

/** One display set of images as a series; null for one without images (SR, SEG, PDF...). */
export function seriesOfDisplaySet(displaySet: OhifDisplaySetLike): OhifSeries | null {
  const instances = (displaySet.instances ?? []).filter(isImageInstance);
  if (instances.length === 0) return null;
  const headers = instances.map(instanceHeaderOf);
  const imageIds = displaySet.imageIds ?? instances.map((i) => text(i.imageId)).filter((id) => id !== '');
  return {
    displaySetInstanceUID: displaySet.displaySetInstanceUID,
    seriesInstanceUID: displaySet.SeriesInstanceUID,
    studyInstanceUID: displaySet.StudyInstanceUID,
    modality: displaySet.Modality ?? headers[0].modality,
    description: displaySet.SeriesDescription ?? headers[0].seriesDescription,
    seriesNumber: numberOrNull(displaySet.SeriesNumber) ?? headers[0].seriesNumber,
    headers,
    imageIds,
  };
}
