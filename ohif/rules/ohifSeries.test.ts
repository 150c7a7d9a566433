import assert from 'node:assert/strict';
import { test } from 'node:test';
import { instanceHeaderOf, isImageInstance, seriesOfDisplaySet } from './ohifSeries';

/** One CT instance as OHIF's DICOMweb data source keeps it (naturalized attributes). */
const ctInstance = {
  SOPInstanceUID: '1.2.3.1',
  SOPClassUID: '1.2.840.10008.5.1.4.1.1.2',
  StudyInstanceUID: '1.2.3',
  SeriesInstanceUID: '1.2.3.4',
  FrameOfReferenceUID: '1.2.3.9',
  Modality: 'CT',
  InstanceNumber: '7',
  Rows: 256,
  Columns: 256,
  PixelSpacing: [0.8, 0.7],
  ImagePositionPatient: [-100, -100, 42.5],
  ImageOrientationPatient: [1, 0, 0, 0, 1, 0],
  PatientName: { Alphabetic: 'EMH^Phantom' },
  PatientID: 'EMH-001',
  StudyDate: '20240312',
  SeriesNumber: 3,
  SeriesDescription: 'CT ABDOMEN PORTAL VENOUS',
  ContrastBolusAgent: 'Iohexol',
  imageId: 'wadors:/dicom-web/studies/1.2.3/series/1.2.3.4/instances/1.2.3.1/frames/1',
};

test("an OHIF instance's naturalized attributes read as our instance header", () => {
  const header = instanceHeaderOf(ctInstance);
  assert.equal(header.patientName, 'EMH^Phantom');
  assert.equal(header.instanceNumber, 7);
  assert.deepEqual(header.pixelSpacing, [0.8, 0.7]);
  assert.deepEqual(header.imagePositionPatient, [-100, -100, 42.5]);
  assert.equal(header.numberOfFrames, 1);
  assert.equal(header.contrastBolusAgent, 'Iohexol');
  assert.equal(header.hasContrastBolusAgentSequence, false);
  // Missing or malformed geometry is null, as our own parser gives it.
  assert.equal(instanceHeaderOf({ ...ctInstance, PixelSpacing: [0.8] }).pixelSpacing, null);
  assert.equal(instanceHeaderOf({ ...ctInstance, ImageOrientationPatient: undefined }).imageOrientationPatient, null);
});

test('an image display set is a series; one without instances (an SR, say) is none', () => {
  const series = seriesOfDisplaySet({
    displaySetInstanceUID: 'ds-1',
    StudyInstanceUID: '1.2.3',
    SeriesInstanceUID: '1.2.3.4',
    Modality: 'CT',
    SeriesDescription: 'CT ABDOMEN PORTAL VENOUS',
    SeriesNumber: 3,
    instances: [ctInstance],
  });
  assert.equal(series?.seriesNumber, 3);
  assert.deepEqual(series?.imageIds, [ctInstance.imageId]);
  assert.equal(seriesOfDisplaySet({ displaySetInstanceUID: 'sr', StudyInstanceUID: '1', SeriesInstanceUID: '2', Modality: 'SR' }), null);
});

test('a report OHIF lists with its instance (and an imageId, as OHIF gives every instance one) is no series: it has no Rows', () => {
  const report = {
    SOPClassUID: '1.2.840.10008.5.1.4.1.1.88.34',
    SOPInstanceUID: '1.2.3.9.1',
    Modality: 'SR',
    imageId: 'wadors:/dicom-web/studies/1.2.3/series/1.2.3.9/instances/1.2.3.9.1/frames/1',
  };
  const sr = { displaySetInstanceUID: 'sr', StudyInstanceUID: '1.2.3', SeriesInstanceUID: '1.2.3.9', Modality: 'SR', instances: [report] };
  assert.equal(seriesOfDisplaySet(sr), null);
  assert.equal(isImageInstance(report), false);
  assert.equal(isImageInstance(ctInstance), true);
  assert.equal(isImageInstance({ ...ctInstance, SOPClassUID: '1.2.840.10008.5.1.4.1.1.66.4' }), false, 'a SEG is a document');
});
