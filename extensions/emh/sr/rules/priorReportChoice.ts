/**
 * Which reports on the PACS are the patient's prior EMH reports: from the instances' DICOM JSON
 * metadata (WADO-RS), our TID 1500 reports (EMH manufacturer, or the 99EMH scheme declared),
 * of this patient only, the newest of each study.
 */

import { jsonString, type DicomJsonDataset } from '../../../../src/data/dicomweb/dicomJson';
import { EMH_MANUFACTURER, EMH_SCHEME } from './srCodes';

export interface PriorReportCandidate {
  readonly studyInstanceUID: string;
  readonly seriesInstanceUID: string;
  readonly sopInstanceUID: string;
  readonly patientID: string;
  readonly issuerOfPatientID: string;
  /** StudyDate, YYYYMMDD ('' when absent). */
  readonly studyDate: string;
  /** ContentDate + ContentTime, for "newest". */
  readonly contentDateTime: string;
}

const SR_CLASS_PREFIX = '1.2.840.10008.5.1.4.1.1.88.';
const TAGS = {
  sopClassUID: '00080016',
  sopInstanceUID: '00080018',
  studyDate: '00080020',
  contentDate: '00080023',
  contentTime: '00080033',
  manufacturer: '00080070',
  codingSchemes: '00080110',
  codingSchemeDesignator: '00080102',
  patientID: '00100020',
  issuerOfPatientID: '00100021',
  studyInstanceUID: '0020000D',
  seriesInstanceUID: '0020000E',
  contentTemplate: '0040A504',
  templateIdentifier: '0040DB00',
} as const;

function items(dataset: DicomJsonDataset, tag: string): DicomJsonDataset[] {
  return (dataset[tag]?.Value ?? []).filter((v): v is DicomJsonDataset => typeof v === 'object' && v !== null);
}

/** An EMH measurement report's metadata as a candidate; null for any other instance. */
export function priorReportCandidate(dataset: DicomJsonDataset): PriorReportCandidate | null {
  if (!jsonString(dataset, TAGS.sopClassUID).startsWith(SR_CLASS_PREFIX)) return null;
  const template = items(dataset, TAGS.contentTemplate).map((t) => jsonString(t, TAGS.templateIdentifier));
  // A server may leave the template out of the metadata; when it is there it must be TID 1500.
  if (template.length > 0 && !template.includes('1500')) return null;
  const ours =
    jsonString(dataset, TAGS.manufacturer) === EMH_MANUFACTURER ||
    items(dataset, TAGS.codingSchemes).some((s) => jsonString(s, TAGS.codingSchemeDesignator) === EMH_SCHEME.designator);
  if (!ours) return null;
  return {
    studyInstanceUID: jsonString(dataset, TAGS.studyInstanceUID),
    seriesInstanceUID: jsonString(dataset, TAGS.seriesInstanceUID),
    sopInstanceUID: jsonString(dataset, TAGS.sopInstanceUID),
    patientID: jsonString(dataset, TAGS.patientID).trim(),
    issuerOfPatientID: jsonString(dataset, TAGS.issuerOfPatientID).trim(),
    studyDate: jsonString(dataset, TAGS.studyDate).trim(),
    contentDateTime: `${jsonString(dataset, TAGS.contentDate)}${jsonString(dataset, TAGS.contentTime)}`,
  };
}

/**
 * The newest report of each study, of this patient only (ID, and issuer when both have one),
 * oldest study first.
 */
export function newestPerStudy(
  candidates: readonly PriorReportCandidate[],
  patient: { readonly id: string; readonly issuer?: string | null },
): PriorReportCandidate[] {
  const newest = new Map<string, PriorReportCandidate>();
  for (const c of candidates) {
    if (c.patientID !== patient.id) continue;
    if (patient.issuer && c.issuerOfPatientID && c.issuerOfPatientID !== patient.issuer) continue;
    const known = newest.get(c.studyInstanceUID);
    if (!known || c.contentDateTime > known.contentDateTime) newest.set(c.studyInstanceUID, c);
  }
  return [...newest.values()].sort((a, b) => a.studyDate.localeCompare(b.studyDate));
}
