import type { DataSet } from 'dicom-parser';
import type { DicomJsonDataset } from './dicomweb/dicomJson';

/** Where an instance's bytes can be read again after its decoded pixels leave the cache. */
export type InstanceSource =
  | { kind: 'file'; name: string; blob: Blob }
  | { kind: 'url'; name: string; url: string }
  | { kind: 'dicomweb'; name: string; reader: WadoInstanceReader; metadata: DicomJsonDataset };

/** Reads one instance of a DICOMweb server as a Part 10 file (WADO-RS metadata and frames). */
export interface WadoInstanceReader {
  readonly server: string;
  read(metadata: DicomJsonDataset): Promise<Uint8Array>;
  /**
   * The WADO-RS request of an image's frames, for a reader that fetches them itself (the
   * reading worker); null for documents, which come whole.
   */
  frameRequest?(metadata: DicomJsonDataset): { url: string; headers: Record<string, string>; frames: number } | null;
  /** The page asked for these frames before the viewer's code had loaded: read() takes that answer. */
  startedEarly?(metadata: DicomJsonDataset): boolean;
}

/** The attributes the host needs to group, sort and label an instance. */
export interface InstanceHeader {
  sopInstanceUID: string;
  sopClassUID: string;
  studyInstanceUID: string;
  seriesInstanceUID: string;
  frameOfReferenceUID: string;
  modality: string;
  instanceNumber: number | null;
  numberOfFrames: number;
  rows: number;
  columns: number;
  /** [row spacing, column spacing] in mm, or null when the image is uncalibrated. */
  pixelSpacing: [number, number] | null;
  imagePositionPatient: [number, number, number] | null;
  imageOrientationPatient: [number, number, number, number, number, number] | null;
  transferSyntaxUID: string;
  patientName: string;
  patientID: string;
  /** IssuerOfPatientID (0010,0021): the authority that gave the ID; '' when absent. */
  issuerOfPatientID: string;
  patientBirthDate: string;
  patientSex: string;
  patientAge: string;
  studyDate: string;
  studyTime: string;
  studyDescription: string;
  accessionNumber: string;
  seriesNumber: number | null;
  seriesDescription: string;
  protocolName: string;
  sequenceName: string;
  repetitionTime: number | null;
  echoTime: number | null;
  inversionTime: number | null;
  contrastBolusAgent: string;
  hasContrastBolusAgentSequence: boolean;
  hasContrastBolusUsageSequence: boolean;
}

/** An image instance known to the host; its imageIds are one per frame. */
export interface ImageInstance {
  key: string;
  header: InstanceHeader;
  /** The parsed header without pixel data: the metadata provider reads it for ever. */
  headerDataSet: DataSet;
  imageIds: string[];
  source: InstanceSource;
}

/** A non-image DICOM object (SR, PDF, KOS...), kept as a document of its study. */
export interface DicomDocument {
  key: string;
  sopInstanceUID: string;
  sopClassUID: string;
  studyInstanceUID: string;
  seriesInstanceUID: string;
  modality: string;
  description: string;
  /** ContentDate + ContentTime (YYYYMMDDHHMMSS), else the series date; '' when unknown. */
  dateTime: string;
  source: InstanceSource;
}

export interface Refusal {
  file: string;
  reason: string;
}

export interface LoadReport {
  loaded: number;
  refused: Refusal[];
  documents: number;
}
