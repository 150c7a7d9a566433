import { issuersAgree, patientIdentity, patientKey, patientLabel, samePatient, type PatientIdentity } from './patientIdentity';
import type { InstanceHeader } from './types';

/** One patient of the open studies: the level above studies, and the unit of a case. */
export interface PatientModel {
  /** Stable while the page is open; a conflicting identity gets `#2`, `#3`... after its ID key. */
  readonly key: string;
  readonly identity: PatientIdentity;
  /** Why this patient is kept apart from another with the same ID; null when there is none. */
  readonly conflict: string | null;
  /** Files of this patient's studies that name them differently (name, birth date, issuer). */
  readonly inconsistencies: string[];
  /** In the order they were opened. */
  readonly studyInstanceUIDs: string[];
}

type Header = Pick<InstanceHeader, 'patientID' | 'issuerOfPatientID' | 'patientName' | 'patientBirthDate' | 'studyInstanceUID'>;

/**
 * Assigns each study to a patient. A study belongs to one patient for good: an instance of a
 * known study that names another patient is refused, never merged. Pure (no DOM).
 */
export class PatientGroups {
  private readonly patients: PatientModel[] = [];
  private readonly byStudy = new Map<string, PatientModel>();

  list(): readonly PatientModel[] {
    return this.patients;
  }

  find(key: string): PatientModel | undefined {
    return this.patients.find((p) => p.key === key);
  }

  forStudy(studyInstanceUID: string): PatientModel | undefined {
    return this.byStudy.get(studyInstanceUID);
  }

  /**
   * Why an instance cannot join its study: it gives another PatientID than the study's
   * patient. Name, birth date or issuer that differ within one study are noted for the user
   * instead (see `assign`): the study binds its files, and a corrected name is common.
   */
  refusal(header: Header): string | null {
    const owner = this.byStudy.get(header.studyInstanceUID);
    if (!owner) return null;
    const identity = patientIdentity(header);
    if (identity.id === '' || owner.identity.id === '' || identity.id === owner.identity.id) return null;
    return `another patient in the study: the file names ${patientLabel(identity)}, but its study was opened as ${patientLabel(owner.identity)}; one study cannot hold two patients`;
  }

  /** The patient of a study, assigned on the study's first instance. */
  assign(header: Header): PatientModel {
    const known = this.byStudy.get(header.studyInstanceUID);
    const identity = patientIdentity(header);
    if (known) {
      this.noteDisagreement(known, identity);
      return known;
    }
    const sameId = this.patients.filter((p) => identity.id !== '' && p.identity.id === identity.id && issuersAgree(p.identity, identity));
    let patient = sameId.find((p) => samePatient(p.identity, identity).same);
    if (!patient) {
      const first = sameId[0];
      const match = first ? samePatient(first.identity, identity) : null;
      const conflict =
        first && match && !match.same && match.conflict
          ? `Same patient ID as ${patientLabel(first.identity)}, but another ${match.differences.join(', ')}: kept as a separate case`
          : null;
      patient = { key: this.unusedKey(patientKey(header)), identity, conflict, inconsistencies: [], studyInstanceUIDs: [] };
      this.patients.push(patient);
    }
    patient.studyInstanceUIDs.push(header.studyInstanceUID);
    this.byStudy.set(header.studyInstanceUID, patient);
    return patient;
  }

  private noteDisagreement(patient: PatientModel, identity: PatientIdentity): void {
    if (identity.id === '' || patient.identity.id === '') return;
    const match = samePatient(patient.identity, identity);
    const differences = match.same
      ? []
      : match.conflict
        ? [...match.differences]
        : [`issuer ${patient.identity.issuer} / ${identity.issuer}`];
    if (differences.length === 0) return;
    const note = `Some files of this patient's study give another ${differences.join(', ')}; they were kept with the study`;
    if (!patient.inconsistencies.includes(note)) patient.inconsistencies.push(note);
  }

  /** The ID key, or `#2`, `#3`... after it when another identity holds it already. */
  private unusedKey(base: string): string {
    const taken = new Set(this.patients.map((p) => p.key));
    if (!taken.has(base)) return base;
    let n = 2;
    while (taken.has(`${base}#${n}`)) n += 1;
    return `${base}#${n}`;
  }
}
