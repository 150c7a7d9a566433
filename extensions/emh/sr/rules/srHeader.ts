/**
 * The SR's header: patient and study modules copied from the measured images' study, the SR
 * document series and general modules, and the evidence of every image the tree cites.
 */

import type { ImageRef } from '../../inventory/rules/common';
import type { NaturalDataset } from '../../../../src/data/dcmjs';
import type { ImageReference } from './srContent';
import { EMH_MANUFACTURER, EMH_MODEL_NAME, EMH_SCHEME, EMH_SOFTWARE_VERSION } from './srCodes';
import type { ImageFacts, MeasurementReportInput, SrPatient, SrStudy } from './srTypes';
import { nameUid } from './srUids';

export const COMPREHENSIVE_3D_SR = '1.2.840.10008.5.1.4.1.1.88.34';
export const EMH_DEVICE_OBSERVER_UID = nameUid('emh-viewer/device-observer');
export const IMPLEMENTATION_CLASS_UID = nameUid('emh-viewer/implementation-class');

/** A cited image with what the SR says about it. */
export interface PlacedImage {
  readonly ref: ImageRef;
  readonly facts: ImageFacts;
  readonly modality: string;
  readonly reference: ImageReference;
}

export function inventoryPatient(input: MeasurementReportInput): SrPatient {
  const p = input.inventory.patient;
  return {
    name: p?.name ?? null,
    id: p?.id ?? null,
    birthDate: p?.birthDate ?? null,
    sex: p?.sex ?? null,
    age: p?.age ?? null,
  };
}

/** The study of the first measured image (a lesion's size, usually), as the inventory knows it. */
export function defaultStudy(input: MeasurementReportInput, images: readonly PlacedImage[]): SrStudy {
  const studyInstanceUID = input.filedIn ?? images[0]?.ref.studyInstanceUID;
  if (!studyInstanceUID) throw new Error('Nothing to report: no annotation, and no study given to file the SR in');
  const known = input.inventory.studies?.find((s) => s.studyInstanceUID === studyInstanceUID);
  return {
    studyInstanceUID,
    date: known?.date ?? null,
    accessionNumber: known?.accessionNumber ?? null,
    description: known?.description ?? null,
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const dicomDate = (d: Date) => `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
const dicomTime = (d: Date) => `${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;

export function header(
  input: MeasurementReportInput,
  patient: SrPatient,
  study: SrStudy,
  sopInstanceUID: string,
  seriesInstanceUID: string,
): NaturalDataset {
  const date = dicomDate(input.now);
  const time = dicomTime(input.now);
  return {
    SpecificCharacterSet: 'ISO_IR 192', // dcmjs writes UTF-8
    InstanceCreationDate: date,
    InstanceCreationTime: time,
    // Dates and times are written in UTC, and say so.
    TimezoneOffsetFromUTC: '+0000',
    SOPClassUID: COMPREHENSIVE_3D_SR,
    SOPInstanceUID: sopInstanceUID,
    StudyDate: study.date ?? '',
    ContentDate: date,
    StudyTime: study.time ?? '',
    ContentTime: time,
    AccessionNumber: study.accessionNumber ?? '',
    Modality: 'SR',
    Manufacturer: EMH_MANUFACTURER,
    ReferringPhysicianName: study.referringPhysicianName ?? '',
    CodingSchemeIdentificationSequence: [
      {
        CodingSchemeDesignator: EMH_SCHEME.designator,
        CodingSchemeName: EMH_SCHEME.name,
        CodingSchemeResponsibleOrganization: EMH_SCHEME.responsibleOrganization,
      },
    ],
    ...(study.description ? { StudyDescription: study.description } : {}),
    SeriesDescription: input.seriesDescription ?? 'EMH measurement report',
    ManufacturerModelName: EMH_MODEL_NAME,
    ReferencedPerformedProcedureStepSequence: [],
    PatientName: patient.name ?? '',
    PatientID: patient.id ?? '',
    ...(patient.issuer ? { IssuerOfPatientID: patient.issuer } : {}),
    PatientBirthDate: patient.birthDate ?? '',
    PatientSex: patient.sex ?? '',
    ...(patient.age ? { PatientAge: patient.age } : {}),
    SoftwareVersions: EMH_SOFTWARE_VERSION,
    StudyInstanceUID: study.studyInstanceUID,
    SeriesInstanceUID: seriesInstanceUID,
    StudyID: study.id ?? '',
    SeriesNumber: input.seriesNumber ?? 9001,
    InstanceNumber: 1,
    // The export is the radiologist's working state: complete, but nobody has signed it.
    CompletionFlag: 'COMPLETE',
    VerificationFlag: 'UNVERIFIED',
    PerformedProcedureCodeSequence: [],
  };
}

/**
 * Every cited image, by study and series, in CurrentRequestedProcedureEvidenceSequence, whose
 * definition covers instances "referenced in the content tree" (PS3.3 C.17.2): one item per
 * study, the SR's own first. Readers that link an SR to studies look there.
 */
export function evidence(studyInstanceUID: string, images: readonly PlacedImage[]): NaturalDataset {
  const tree = new Map<string, Map<string, Map<string, string>>>();
  for (const { ref, reference } of images) {
    const series = tree.get(ref.studyInstanceUID) ?? new Map<string, Map<string, string>>();
    const sops = series.get(ref.seriesInstanceUID) ?? new Map<string, string>();
    sops.set(reference.sopInstanceUID, reference.sopClassUID);
    series.set(ref.seriesInstanceUID, sops);
    tree.set(ref.studyInstanceUID, series);
  }
  const item = (study: string): NaturalDataset => ({
    ReferencedSeriesSequence: [...(tree.get(study) ?? new Map<string, Map<string, string>>()).entries()].map(([series, sops]) => ({
      ReferencedSOPSequence: [...sops.entries()].map(([sop, sopClass]) => ({
        ReferencedSOPClassUID: sopClass,
        ReferencedSOPInstanceUID: sop,
      })),
      SeriesInstanceUID: series,
    })),
    StudyInstanceUID: study,
  });
  const studies = [...tree.keys()].sort((a, b) => Number(b === studyInstanceUID) - Number(a === studyInstanceUID));
  return studies.length > 0 ? { CurrentRequestedProcedureEvidenceSequence: studies.map(item) } : {};
}
