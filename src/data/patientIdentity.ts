import type { InstanceHeader } from './types';

/**
 * Who an instance belongs to. Pure: the grouping rules are unit-tested on plain headers.
 *
 * A patient is identified by PatientID within its IssuerOfPatientID (the same ID from two
 * hospitals is two people). Name and birth date are a cross-check only: an ID that comes with
 * another name or birth date is a conflict that the user must see, never a silent merge.
 */
export interface PatientIdentity {
  /** PatientID; '' when the files carry none. */
  readonly id: string;
  readonly issuer: string;
  /** PatientName as stored (DICOM PN, components separated by ^). */
  readonly name: string;
  /** YYYYMMDD, or '' when unknown. */
  readonly birthDate: string;
}

type IdentityFields = Pick<InstanceHeader, 'patientID' | 'issuerOfPatientID' | 'patientName' | 'patientBirthDate'>;

export function patientIdentity(header: IdentityFields): PatientIdentity {
  return {
    id: header.patientID.trim(),
    issuer: header.issuerOfPatientID.trim(),
    name: header.patientName.trim(),
    birthDate: header.patientBirthDate.trim(),
  };
}

/**
 * The key of the identifier: issuer and ID. Files without any PatientID cannot be told apart
 * from anyone, so each of their studies is a patient of its own ("Unknown patient").
 */
export function patientKey(header: IdentityFields & Pick<InstanceHeader, 'studyInstanceUID'>): string {
  const { id, issuer } = patientIdentity(header);
  if (id === '') return `unknown-study:${header.studyInstanceUID}`;
  return issuer === '' ? `id:${id}` : `id:${issuer}|${id}`;
}

/** Case, spacing and trailing empty components do not make another name ("DOE^JANE^^" = "Doe^Jane"). */
export function normalisedName(name: string): string {
  return name
    .split('=')[0]
    .split('^')
    .map((part) => part.trim().replace(/\s+/g, ' ').toUpperCase())
    .join('^')
    .replace(/\^+$/, '');
}

export type PatientMatch =
  | { readonly same: true }
  | { readonly same: false; readonly conflict: false }
  /** Same issuer and ID, yet another name or birth date: shown to the user, kept apart. */
  | { readonly same: false; readonly conflict: true; readonly differences: readonly string[] };

/**
 * Two issuers given and different are two ID domains. A missing issuer is the domain left
 * unsaid (many objects, reports especially, omit it), not another one.
 */
export function issuersAgree(a: PatientIdentity, b: PatientIdentity): boolean {
  return a.issuer === '' || b.issuer === '' || a.issuer === b.issuer;
}

/**
 * Whether two identities are one patient. A value missing on either side is no evidence
 * against it (many files carry no birth date); a value present on both sides must agree.
 */
export function samePatient(a: PatientIdentity, b: PatientIdentity): PatientMatch {
  if (a.id === '' || b.id === '' || a.id !== b.id || !issuersAgree(a, b)) return { same: false, conflict: false };
  const differences: string[] = [];
  const nameA = normalisedName(a.name);
  const nameB = normalisedName(b.name);
  if (nameA !== '' && nameB !== '' && nameA !== nameB) differences.push(`name ${displayName(a.name)} / ${displayName(b.name)}`);
  if (a.birthDate !== '' && b.birthDate !== '' && a.birthDate !== b.birthDate) {
    differences.push(`birth date ${displayDate(a.birthDate)} / ${displayDate(b.birthDate)}`);
  }
  return differences.length === 0 ? { same: true } : { same: false, conflict: true, differences };
}

/** "DOE^JANE" -> "DOE JANE"; '' when there is no name. */
export function displayName(name: string): string {
  return name.split('=')[0].replace(/\^+$/, '').replace(/\^/g, ' ').trim();
}

export function displayDate(da: string): string {
  return /^\d{8}$/.test(da) ? `${da.slice(0, 4)}-${da.slice(4, 6)}-${da.slice(6, 8)}` : da;
}

/** How a patient is named to the user: "DOE JANE · ID JANCT000", or "Unknown patient". */
export function patientLabel(identity: PatientIdentity): string {
  const name = displayName(identity.name) || (identity.id === '' ? 'Unknown patient' : 'No name');
  if (identity.id === '') return name;
  const issuer = identity.issuer ? ` (${identity.issuer})` : '';
  return `${name} · ID ${identity.id}${issuer}`;
}
