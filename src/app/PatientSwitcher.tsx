import { useEffect, useRef } from 'react';
import type { HostServices } from '../extensions/hostServices';
import { displayDate, displayName, patientLabel } from '../data/patientIdentity';
import type { PatientModel } from '../data/patientGroups';
import { errorMessage } from '../util/errorMessage';

function reportError(services: HostServices, error: unknown): void {
  services.notifications.show('error', errorMessage(error));
}

/** Files without a PatientID are told apart by their study: its date and description. */
function unknownStudy(services: HostServices, patient: PatientModel): string {
  const study = services.data.collection.list().find((s) => s.studyInstanceUID === patient.studyInstanceUIDs[0]);
  return `No patient ID · ${[displayDate(study?.studyDate ?? ''), study?.description].filter(Boolean).join(' ') || 'study'}`;
}

/** Tells the user once about each patient that opened beside another, and about each doubt on who they are. */
function useNewPatientNotices(services: HostServices, patients: readonly PatientModel[], revision: number): void {
  const told = useRef(new Set<string>());
  useEffect(() => {
    for (const patient of patients) {
      const label = patientLabel(patient.identity);
      if (!told.current.has(patient.key)) {
        told.current.add(patient.key);
        if (patient.conflict) services.notifications.show('warning', `${label}: ${patient.conflict}.`, 0);
        else if (told.current.size > 1) {
          services.notifications.show(
            'info',
            `${label} opened as a separate case; the other patients stay open: switch with the patient list above the series.`,
          );
        }
      }
      for (const note of patient.inconsistencies) {
        const key = `${patient.key}\n${note}`;
        if (told.current.has(key)) continue;
        told.current.add(key);
        services.notifications.show('warning', `${label}: ${note}.`, 0);
      }
    }
  }, [services, patients, revision]);
}

/**
 * The open patients, one tab each, above the series: the active one is what the series list,
 * the viewports and every extension panel show. Always drawn, so a second patient adds a row
 * and switching never moves anything.
 */
export function PatientSwitcher({ services }: { services: HostServices }) {
  const { data } = services;
  const patients = data.patients();
  const activeKey = data.activePatientKey();
  useNewPatientNotices(services, patients, data.version());
  if (patients.length === 0) return null;
  return (
    <div className="patient-switcher" role="tablist" aria-label="Patients" data-testid="patient-switcher">
      {patients.map((patient) => {
        const { identity } = patient;
        const active = patient.key === activeKey;
        const name = displayName(identity.name) || (identity.id ? 'No name' : 'Unknown patient');
        const born = identity.birthDate ? ` · born ${displayDate(identity.birthDate)}` : '';
        return (
          <button
            key={patient.key}
            role="tab"
            aria-selected={active}
            className={`patient-tab${active ? ' active' : ''}${patient.conflict ? ' conflict' : ''}`}
            data-testid="patient-tab"
            data-patient-key={patient.key}
            title={[`${patientLabel(identity)}${born}`, patient.conflict, ...patient.inconsistencies].filter(Boolean).join('\n')}
            onClick={() => {
              services.commands.run('viewer.switchPatient', { key: patient.key }).catch((error: unknown) => reportError(services, error));
            }}
          >
            <span className="patient-name">{name}</span>
            <span className="patient-id">
              {identity.id ? `ID ${identity.id}${identity.issuer ? ` (${identity.issuer})` : ''}` : unknownStudy(services, patient)}
            </span>
            {patient.conflict && <span className="patient-conflict">⚠ Same ID, other name or birth date</span>}
            {!patient.conflict && patient.inconsistencies.length > 0 && (
              <span className="patient-conflict">⚠ Files disagree on who this is</span>
            )}
          </button>
        );
      })}
    </div>
  );
}
