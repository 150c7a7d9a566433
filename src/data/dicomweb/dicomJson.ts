/**
 * The DICOM JSON model (PS3.18 F.2) as QIDO-RS and WADO-RS metadata return it, and the few
 * readers the host needs. Pure: unit-tested without a server.
 */
export interface DicomJsonElement {
  vr: string;
  Value?: unknown[];
  InlineBinary?: string;
  BulkDataURI?: string;
}

export type DicomJsonDataset = Record<string, DicomJsonElement>;

export function isDicomJsonDataset(value: unknown): value is DicomJsonDataset {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The first value of an attribute as text; person names give their alphabetic form. */
export function jsonString(dataset: DicomJsonDataset, tag: string): string {
  const value = dataset[tag]?.Value?.[0];
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') {
    const alphabetic = (value as { Alphabetic?: unknown }).Alphabetic;
    return typeof alphabetic === 'string' ? alphabetic : '';
  }
  return String(value);
}

export function jsonStrings(dataset: DicomJsonDataset, tag: string): string[] {
  return (dataset[tag]?.Value ?? []).filter((v): v is string | number => typeof v === 'string' || typeof v === 'number').map(String);
}

export function jsonNumber(dataset: DicomJsonDataset, tag: string): number | null {
  const text = jsonString(dataset, tag);
  if (text === '') return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

export const TAG = {
  transferSyntaxUID: '00020010',
  specificCharacterSet: '00080005',
  sopClassUID: '00080016',
  sopInstanceUID: '00080018',
  studyDate: '00080020',
  seriesDate: '00080021',
  contentDate: '00080023',
  studyTime: '00080030',
  contentTime: '00080033',
  accessionNumber: '00080050',
  modality: '00080060',
  modalitiesInStudy: '00080061',
  studyDescription: '00081030',
  seriesDescription: '0008103E',
  patientName: '00100010',
  patientID: '00100020',
  patientBirthDate: '00100030',
  studyInstanceUID: '0020000D',
  seriesInstanceUID: '0020000E',
  seriesNumber: '00200011',
  instanceNumber: '00200013',
  numberOfStudyRelatedSeries: '00201206',
  numberOfSeriesRelatedInstances: '00201209',
  numberOfFrames: '00280008',
  rows: '00280010',
  bitsAllocated: '00280100',
  documentTitle: '0040A043',
} as const;

/** One study as a QIDO-RS study search describes it: what the study list shows. */
export interface StudySummary {
  studyInstanceUID: string;
  patientName: string;
  patientID: string;
  /** YYYYMMDD as in DICOM, '' when absent. */
  studyDate: string;
  description: string;
  modalities: string[];
  seriesCount: number | null;
  accessionNumber: string;
}

export function studySummary(dataset: DicomJsonDataset): StudySummary {
  return {
    studyInstanceUID: jsonString(dataset, TAG.studyInstanceUID),
    patientName: jsonString(dataset, TAG.patientName),
    patientID: jsonString(dataset, TAG.patientID),
    studyDate: jsonString(dataset, TAG.studyDate),
    description: jsonString(dataset, TAG.studyDescription),
    modalities: jsonStrings(dataset, TAG.modalitiesInStudy),
    seriesCount: jsonNumber(dataset, TAG.numberOfStudyRelatedSeries),
    accessionNumber: jsonString(dataset, TAG.accessionNumber),
  };
}

/** What the study list's search form asks for; empty fields are left out of the query. */
export interface StudySearch {
  patientName?: string;
  patientID?: string;
  /** YYYY-MM-DD (an <input type=date>) or YYYYMMDD. */
  dateFrom?: string;
  dateTo?: string;
  modality?: string;
}

function dicomDate(text: string | undefined): string {
  return (text ?? '').replace(/-/g, '').trim();
}

/**
 * QIDO-RS query parameters. A name is matched anywhere and without regard to case as a
 * radiologist types it ("phantom" finds EMH^Phantom): servers match wildcards, and fuzzy
 * matching is optional in the standard (Orthanc ignores it), so the query asks for `*phantom*`.
 */
export function studyQuery(search: StudySearch): Record<string, string> {
  const query: Record<string, string> = {};
  const name = (search.patientName ?? '').trim();
  // Name components (^), spaces and commas become wildcards: "EMH^Phantom", "emh phantom" and
  // "Phantom, EMH" all search, and no character is left that a server must percent-decode.
  if (name)
    query.PatientName = `*${name
      .split(/[\s^,]+/)
      .filter(Boolean)
      .join('*')}*`;
  const id = (search.patientID ?? '').trim();
  if (id) query.PatientID = id;
  const from = dicomDate(search.dateFrom);
  const to = dicomDate(search.dateTo);
  if (from || to) query.StudyDate = from === to ? from : `${from}-${to}`;
  const modality = (search.modality ?? '').trim().toUpperCase();
  if (modality) query.ModalitiesInStudy = modality;
  // Modalities and series count are default QIDO-RS study attributes (PS3.18 table 10.6.3-3);
  // the description is not. One value only: some servers (Orthanc) do not split an encoded comma.
  query.includefield = TAG.studyDescription;
  return query;
}

/** Newest first, then by patient name: the order a worklist is read in. */
export function sortStudies(studies: StudySummary[]): StudySummary[] {
  return [...studies].sort((a, b) => b.studyDate.localeCompare(a.studyDate) || a.patientName.localeCompare(b.patientName));
}
