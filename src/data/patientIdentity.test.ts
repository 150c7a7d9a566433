import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalisedName, patientIdentity, patientKey, patientLabel, samePatient } from './patientIdentity';
import { PatientGroups } from './patientGroups';
import { isReadableReason } from './fuzz/refusalPatterns';

const phantom = {
  patientID: 'EMH-0001',
  issuerOfPatientID: '',
  patientName: 'EMH^Phantom',
  patientBirthDate: '19900101',
  studyInstanceUID: 'st-ct',
};
const jane = {
  patientID: 'JANCT000',
  issuerOfPatientID: '',
  patientName: 'DOE^JANE',
  patientBirthDate: '19711203',
  studyInstanceUID: 'st-jane',
};

test('the key is the patient ID within its issuer; files without an ID are one patient per study', () => {
  assert.equal(patientKey(phantom), 'id:EMH-0001');
  assert.equal(patientKey({ ...phantom, issuerOfPatientID: 'HOSP-A' }), 'id:HOSP-A|EMH-0001');
  assert.notEqual(patientKey({ ...phantom, issuerOfPatientID: 'HOSP-A' }), patientKey({ ...phantom, issuerOfPatientID: 'HOSP-B' }));
  assert.equal(patientKey({ ...phantom, patientID: '  ' }), 'unknown-study:st-ct');
});

test('names compare without case, spacing or trailing empty components', () => {
  assert.equal(normalisedName('Doe^Jane^^^'), 'DOE^JANE');
  assert.equal(normalisedName(' doe ^ jane '), 'DOE^JANE');
  assert.notEqual(normalisedName('DOE^JANE'), normalisedName('DOE^JOHN'));
});

test('same ID with the same name and birth date is one patient; a missing value is no conflict', () => {
  const a = patientIdentity(phantom);
  assert.deepEqual(samePatient(a, patientIdentity({ ...phantom, patientName: 'EMH^PHANTOM^^' })), { same: true });
  assert.deepEqual(samePatient(a, patientIdentity({ ...phantom, patientBirthDate: '' })), { same: true });
  assert.deepEqual(samePatient(a, patientIdentity(jane)), { same: false, conflict: false });
  const fromA = patientIdentity({ ...phantom, issuerOfPatientID: 'HOSP-A' });
  assert.deepEqual(samePatient(fromA, patientIdentity({ ...phantom, issuerOfPatientID: 'HOSP-B' })), { same: false, conflict: false });
  // A report that leaves the issuer out names no other domain: it is the same patient.
  assert.deepEqual(samePatient(fromA, a), { same: true });
});

test('an object without an issuer joins the patient of that ID; another issuer is another patient', () => {
  const groups = new PatientGroups();
  const ct = groups.assign({ ...phantom, issuerOfPatientID: 'EMH-PHANTOM' });
  assert.equal(groups.assign({ ...phantom, studyInstanceUID: 'st-sr' }), ct);
  assert.equal(groups.refusal({ ...phantom }), null);
  const elsewhere = groups.assign({
    ...phantom,
    issuerOfPatientID: 'OTHER-HOSPITAL',
    patientName: 'DOE^JOHN',
    studyInstanceUID: 'st-other',
  });
  assert.notEqual(elsewhere, ct);
  assert.equal(elsewhere.conflict, null, 'two issuers are two ID domains: no conflict, two patients');
  assert.equal(elsewhere.key, 'id:OTHER-HOSPITAL|EMH-0001');
});

test('same ID with another name or birth date is a conflict that names both values', () => {
  const match = samePatient(
    patientIdentity(phantom),
    patientIdentity({ ...phantom, patientName: 'DOE^JANE', patientBirthDate: '19711203' }),
  );
  assert.equal(match.same, false);
  assert.ok(!match.same && match.conflict);
  assert.ok(!match.same && match.conflict && match.differences.length === 2);
  assert.match(JSON.stringify(match), /EMH Phantom \/ DOE JANE/);
  assert.match(JSON.stringify(match), /1990-01-01 \/ 1971-12-03/);
});

test('labels give name and ID, or say the patient is unknown', () => {
  assert.equal(patientLabel(patientIdentity(jane)), 'DOE JANE · ID JANCT000');
  assert.equal(patientLabel(patientIdentity({ ...jane, issuerOfPatientID: 'GE' })), 'DOE JANE · ID JANCT000 (GE)');
  assert.equal(patientLabel(patientIdentity({ ...jane, patientID: '', patientName: '' })), 'Unknown patient');
});

test('studies group by patient; two studies of one patient are one case', () => {
  const groups = new PatientGroups();
  const ct = groups.assign(phantom);
  const mr = groups.assign({ ...phantom, studyInstanceUID: 'st-mr' });
  const other = groups.assign(jane);
  assert.equal(ct, mr);
  assert.deepEqual(ct.studyInstanceUIDs, ['st-ct', 'st-mr']);
  assert.notEqual(other.key, ct.key);
  assert.deepEqual(
    groups.list().map((p) => p.key),
    ['id:EMH-0001', 'id:JANCT000'],
  );
  assert.equal(groups.forStudy('st-mr')?.key, 'id:EMH-0001');
});

test('a conflicting identity under a known ID is kept apart and says why', () => {
  const groups = new PatientGroups();
  groups.assign(phantom);
  const impostor = groups.assign({ ...phantom, patientName: 'DOE^JANE', studyInstanceUID: 'st-x' });
  assert.equal(impostor.key, 'id:EMH-0001#2');
  assert.match(impostor.conflict ?? '', /Same patient ID as EMH Phantom · ID EMH-0001, but another name EMH Phantom \/ DOE JANE/);
  // A later study of that same second identity joins it, not the first patient.
  assert.equal(groups.assign({ ...phantom, patientName: 'Doe^Jane', studyInstanceUID: 'st-y' }).key, 'id:EMH-0001#2');
  assert.equal(groups.list().length, 2);
});

test('files without a PatientID are one "Unknown patient" per study', () => {
  const groups = new PatientGroups();
  const a = groups.assign({ ...jane, patientID: '', studyInstanceUID: 'u1' });
  const b = groups.assign({ ...jane, patientID: '', studyInstanceUID: 'u2' });
  assert.notEqual(a.key, b.key);
  assert.equal(groups.refusal({ ...jane, patientID: '', patientName: 'X', studyInstanceUID: 'u1' }), null);
});

test('an instance naming another patient than its study is refused, not merged', () => {
  const groups = new PatientGroups();
  groups.assign(phantom);
  assert.equal(groups.refusal({ ...phantom, patientName: 'EMH^PHANTOM' }), null);
  assert.match(
    groups.refusal({ ...jane, studyInstanceUID: 'st-ct' }) ?? '',
    /^another patient in the study: the file names DOE JANE · ID JANCT000, but its study was opened as EMH Phantom · ID EMH-0001; one study cannot hold two patients$/,
  );
  assert.equal(groups.refusal(jane), null, 'a new study of another patient opens its own case');
  assert.ok(isReadableReason(groups.refusal({ ...jane, studyInstanceUID: 'st-ct' }) ?? ''), 'reads as the other refusals do');
});

test('within one study, another name or birth date under the same ID is noted, not refused; a missing ID joins', () => {
  const groups = new PatientGroups();
  const phantomPatient = groups.assign(phantom);
  const renamed = { ...phantom, patientName: 'EMH^PHANTOM^CORRECTED', patientBirthDate: '19900102' };
  assert.equal(groups.refusal(renamed), null);
  assert.equal(groups.assign(renamed), phantomPatient);
  assert.equal(groups.assign(renamed), phantomPatient);
  assert.deepEqual(phantomPatient.inconsistencies, [
    "Some files of this patient's study give another name EMH Phantom / EMH PHANTOM CORRECTED, birth date 1990-01-01 / 1990-01-02; they were kept with the study",
  ]);
  assert.equal(groups.refusal({ ...phantom, patientID: '' }), null, 'no ID is no evidence of another patient');
  assert.equal(groups.assign({ ...phantom, patientID: '' }), phantomPatient);
  assert.equal(phantomPatient.inconsistencies.length, 1);
});
