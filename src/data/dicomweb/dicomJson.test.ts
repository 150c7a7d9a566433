import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sortStudies, studyQuery, studySummary, type DicomJsonDataset } from './dicomJson';

describe('QIDO-RS study search', () => {
  it('asks for a name anywhere, a date range and a modality', () => {
    assert.deepEqual(studyQuery({ patientName: 'phantom', dateFrom: '2024-03-01', dateTo: '2024-03-31', modality: 'mr' }), {
      PatientName: '*phantom*',
      StudyDate: '20240301-20240331',
      ModalitiesInStudy: 'MR',
      includefield: '00081030',
    });
  });

  it('leaves empty fields out and keeps open-ended ranges open', () => {
    assert.deepEqual(studyQuery({ patientName: '  ', dateFrom: '2024-03-12' }), { StudyDate: '20240312-', includefield: '00081030' });
    assert.deepEqual(studyQuery({ dateTo: '20240314' }).StudyDate, '-20240314');
    assert.equal(studyQuery({ patientName: 'emh phantom' }).PatientName, '*emh*phantom*');
    assert.equal(studyQuery({ patientName: 'EMH^Phantom' }).PatientName, '*EMH*Phantom*');
    assert.equal(studyQuery({ patientName: 'Phantom, EMH' }).PatientName, '*Phantom*EMH*');
  });

  it('reads what the study list shows from the DICOM JSON model', () => {
    const study: DicomJsonDataset = {
      '0020000D': { vr: 'UI', Value: ['1.2.3'] },
      '00100010': { vr: 'PN', Value: [{ Alphabetic: 'EMH^Phantom' }] },
      '00100020': { vr: 'LO', Value: ['EMH-0001'] },
      '00080020': { vr: 'DA', Value: ['20240312'] },
      '00080061': { vr: 'CS', Value: ['CT', 'SR'] },
      '00201206': { vr: 'IS', Value: [3] },
      '00081030': { vr: 'LO' },
    };
    assert.deepEqual(studySummary(study), {
      studyInstanceUID: '1.2.3',
      patientName: 'EMH^Phantom',
      patientID: 'EMH-0001',
      studyDate: '20240312',
      description: '',
      modalities: ['CT', 'SR'],
      seriesCount: 3,
      accessionNumber: '',
    });
  });

  it('lists the newest study first', () => {
    const base = studySummary({});
    const sorted = sortStudies([
      { ...base, studyDate: '20240312', patientName: 'B' },
      { ...base, studyDate: '20240314', patientName: 'A' },
    ]);
    assert.deepEqual(
      sorted.map((s) => s.studyDate),
      ['20240314', '20240312'],
    );
  });
});
