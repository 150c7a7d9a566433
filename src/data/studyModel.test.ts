import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StudyCollection, imageIndexIn, slicePosition, sliceNormal, sortInstances } from './studyModel';
import type { ImageInstance, InstanceHeader } from './types';

const AXIAL: InstanceHeader['imageOrientationPatient'] = [1, 0, 0, 0, 1, 0];

function header(overrides: Partial<InstanceHeader>): InstanceHeader {
  return {
    sopInstanceUID: '1.1',
    sopClassUID: '1.2.840.10008.5.1.4.1.1.2',
    studyInstanceUID: 'st1',
    seriesInstanceUID: 'se1',
    frameOfReferenceUID: 'for1',
    modality: 'CT',
    instanceNumber: 1,
    numberOfFrames: 1,
    rows: 256,
    columns: 256,
    pixelSpacing: [1.5, 1.5],
    imagePositionPatient: [0, 0, 0],
    imageOrientationPatient: AXIAL,
    transferSyntaxUID: '1.2.840.10008.1.2.1',
    patientName: 'EMH^Phantom',
    patientID: 'EMH-0001',
    issuerOfPatientID: '',
    patientBirthDate: '',
    patientSex: 'M',
    patientAge: '034Y',
    studyDate: '20240312',
    studyTime: '',
    studyDescription: '',
    accessionNumber: '',
    seriesNumber: 1,
    seriesDescription: 'AX',
    protocolName: '',
    sequenceName: '',
    repetitionTime: null,
    echoTime: null,
    inversionTime: null,
    contrastBolusAgent: '',
    hasContrastBolusAgentSequence: false,
    hasContrastBolusUsageSequence: false,
    ...overrides,
  };
}

let nextKey = 0;
function instance(overrides: Partial<InstanceHeader>): ImageInstance {
  const key = String(++nextKey);
  const h = header({ sopInstanceUID: `sop-${key}`, ...overrides });
  const frames = h.numberOfFrames;
  return {
    key,
    header: h,
    headerDataSet: {} as ImageInstance['headerDataSet'],
    imageIds: frames > 1 ? Array.from({ length: frames }, (_, i) => `instance:${key}?frame=${i + 1}`) : [`instance:${key}`],
    source: { kind: 'url', url: `http://x/${key}`, name: key },
  };
}

test('slice normal of an axial image points to the head', () => {
  assert.deepEqual(sliceNormal([1, 0, 0, 0, 1, 0]), [0, 0, 1]);
  assert.equal(slicePosition(header({ imagePositionPatient: [-190, -190, -25] })), -25);
});

test('axial slices sort superior first when instance 1 is the most superior', () => {
  // Arrive shuffled; z falls 5 mm per instance as in the sample case.
  const shuffled = [3, 1, 60, 2, 30].map((n) => instance({ instanceNumber: n, imagePositionPatient: [0, 0, -(n - 1) * 5] }));
  assert.deepEqual(
    sortInstances(shuffled).map((i) => i.header.instanceNumber),
    [1, 2, 3, 30, 60],
  );
});

test('geometry wins over instance numbers that disagree with it', () => {
  // Instance numbers rise with z, but one is out of place: position decides the order.
  const list = [
    instance({ instanceNumber: 1, imagePositionPatient: [0, 0, 0] }),
    instance({ instanceNumber: 3, imagePositionPatient: [0, 0, 5] }),
    instance({ instanceNumber: 2, imagePositionPatient: [0, 0, 10] }),
  ];
  assert.deepEqual(
    sortInstances(list).map((i) => i.header.imagePositionPatient?.[2]),
    [0, 5, 10],
  );
});

test('echoes at one position follow each other, shortest echo time first, before the next position', () => {
  // Two positions of three echoes, instance numbers running against the echo times.
  const list = [
    [1, -40, 5.1],
    [2, -40, 0.99],
    [3, -40, 2.4],
    [4, -30, 2.4],
    [5, -30, 0.99],
    [6, -30, 5.1],
  ].map(([n, z, te]) => instance({ instanceNumber: n, imagePositionPatient: [0, 0, z as number], echoTime: te }));
  assert.deepEqual(
    sortInstances([...list].reverse()).map((i) => i.header.instanceNumber),
    [2, 3, 1, 5, 4, 6],
  );
});

test('without geometry, instance number orders the stack', () => {
  const list = [5, 2, 9].map((n) => instance({ instanceNumber: n, imagePositionPatient: null }));
  assert.deepEqual(
    sortInstances(list).map((i) => i.header.instanceNumber),
    [2, 5, 9],
  );
});

test('instances group into studies and series by UID, series by series number', () => {
  const collection = new StudyCollection();
  collection.addImage(instance({ studyInstanceUID: 'ct', seriesInstanceUID: 'pv', seriesNumber: 3 }));
  collection.addImage(instance({ studyInstanceUID: 'ct', seriesInstanceUID: 'nc', seriesNumber: 2 }));
  collection.addImage(instance({ studyInstanceUID: 'mr', seriesInstanceUID: 't1', seriesNumber: 1, modality: 'MR' }));
  collection.addImage(
    instance({ studyInstanceUID: 'ct', seriesInstanceUID: 'nc', seriesNumber: 2, instanceNumber: 2, imagePositionPatient: [0, 0, -5] }),
  );
  const studies = collection.list();
  assert.equal(studies.length, 2);
  const ct = studies.find((s) => s.studyInstanceUID === 'ct');
  assert.deepEqual(
    ct?.series.map((s) => [s.seriesInstanceUID, s.imageIds.length]),
    [
      ['nc', 2],
      ['pv', 1],
    ],
  );
  assert.equal(collection.findSeries('t1')?.modality, 'MR');
});

test('the same SOP instance twice is added once', () => {
  const collection = new StudyCollection();
  assert.equal(collection.addImage(instance({ sopInstanceUID: 'dup' })), true);
  assert.equal(collection.addImage(instance({ sopInstanceUID: 'dup' })), false);
  assert.equal(collection.allSeries()[0].imageIds.length, 1);
});

test('a multi-frame instance is a stack of its frames, in frame order', () => {
  const collection = new StudyCollection();
  const multiFrame = instance({ numberOfFrames: 4, seriesInstanceUID: 'mf' });
  collection.addImage(multiFrame);
  const series = collection.findSeries('mf');
  assert.equal(series?.imageIds.length, 4);
  assert.deepEqual(series?.imageIds, multiFrame.imageIds);
  assert.match(series?.imageIds[3] ?? '', /\?frame=4$/);
});

test('documents join their study without becoming series', () => {
  const collection = new StudyCollection();
  const h = header({ sopInstanceUID: 'sr1', modality: 'SR', studyInstanceUID: 'ct' });
  collection.addDocument(
    {
      key: 'd',
      sopInstanceUID: 'sr1',
      sopClassUID: '1.2.840.10008.5.1.4.1.1.88.34',
      studyInstanceUID: 'ct',
      seriesInstanceUID: 'srs',
      modality: 'SR',
      description: 'Structured report',
      dateTime: '20261125101500',
      source: { kind: 'url', url: 'x', name: 'sr.dcm' },
    },
    h,
  );
  assert.equal(collection.list()[0].documents.length, 1);
  assert.equal(collection.allSeries().length, 0);
});

test('studies group under their patient; another patient opens beside, never inside', () => {
  const collection = new StudyCollection();
  collection.addImage(instance({ studyInstanceUID: 'ct' }));
  collection.addImage(instance({ studyInstanceUID: 'mr', seriesInstanceUID: 'mr1' }));
  collection.addImage(instance({ studyInstanceUID: 'jane', seriesInstanceUID: 'j1', patientID: 'JANCT000', patientName: 'DOE^JANE' }));
  assert.deepEqual(
    collection.patients().map((p) => [p.key, p.studyInstanceUIDs]),
    [
      ['id:EMH-0001', ['ct', 'mr']],
      ['id:JANCT000', ['jane']],
    ],
  );
  assert.deepEqual(
    collection.studiesOf('id:EMH-0001').map((s) => s.studyInstanceUID),
    ['ct', 'mr'],
  );
  assert.equal(collection.patientOfStudy('jane')?.identity.name, 'DOE^JANE');
  // A file that puts the other patient into the phantom's study is refused with both names.
  assert.match(
    collection.refusalFor(header({ studyInstanceUID: 'ct', patientID: 'JANCT000', patientName: 'DOE^JANE' })) ?? '',
    /DOE JANE · ID JANCT000.*EMH Phantom · ID EMH-0001/,
  );
  assert.equal(collection.refusalFor(header({ studyInstanceUID: 'ct' })), null);
});

test('a series opens at an instance number wherever it sorts, or at a clamped image index', () => {
  const collection = new StudyCollection();
  for (const n of [3, 1, 2]) collection.addImage(instance({ instanceNumber: n, imagePositionPatient: [0, 0, -(n - 1) * 5] }));
  const series = collection.list()[0].series[0];
  const positions = series.instances.map((i) => i.header.instanceNumber);
  assert.deepEqual(positions, [1, 2, 3]);
  assert.equal(imageIndexIn(series, { instanceNumber: 1 }), 0);
  assert.equal(imageIndexIn(series, { instanceNumber: 3 }), 2);
  assert.throws(() => imageIndexIn(series, { instanceNumber: 7 }), /no instance number 7/);
  assert.equal(imageIndexIn(series, { imageIndex: 99 }), 2);
  assert.equal(imageIndexIn(series, { imageIndex: -4 }), 0);
  assert.equal(imageIndexIn(series, {}), 0);
  // The first look's instance, wherever it sorts; one not in the series opens where it would have.
  const third = series.instances[2].header.sopInstanceUID;
  assert.equal(imageIndexIn(series, { sopInstanceUID: third }), 2);
  assert.equal(imageIndexIn(series, { sopInstanceUID: 'not.here' }), 0);
});
