import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OhifData, headerDataSetOf } from './ohifData';
import { OhifGeometry } from './ohifGeometry';
import type { OhifDisplaySet, OhifDisplaySetService } from '../ohifTypes';
import type { DicomwebServer } from '../../src/data/dicomweb/dicomwebServer';
import { readSourceBytes } from '../../src/data/instanceStore';

function ctInstance(n: number): Record<string, unknown> {
  return {
    SOPInstanceUID: `1.2.3.4.${n}`,
    SOPClassUID: '1.2.840.10008.5.1.4.1.1.2',
    StudyInstanceUID: '1.2.3',
    SeriesInstanceUID: '1.2.3.4',
    FrameOfReferenceUID: '1.2.3.9',
    Modality: 'CT',
    InstanceNumber: n,
    Rows: 256,
    Columns: 256,
    PixelSpacing: [0.8, 0.8],
    SliceThickness: 5,
    ImagePositionPatient: [-100, -100, -5 * n],
    ImageOrientationPatient: [1, 0, 0, 0, 1, 0],
    PatientName: { Alphabetic: 'EMH^Phantom' },
    PatientID: 'EMH-001',
    StudyDate: '20240312',
    SeriesNumber: 2,
    SeriesDescription: 'CT WITHOUT CONTRAST',
    // OHIF's own keys beside the DICOM ones: never written into the header.
    imageId: `wadors:/dicom-web/studies/1.2.3/series/1.2.3.4/instances/1.2.3.4.${n}/frames/1`,
    wadoRoot: '/dicom-web',
  };
}

const displaySet: OhifDisplaySet = {
  displaySetInstanceUID: 'ds-ct',
  StudyInstanceUID: '1.2.3',
  SeriesInstanceUID: '1.2.3.4',
  Modality: 'CT',
  SeriesDescription: 'CT WITHOUT CONTRAST',
  instances: [ctInstance(2), ctInstance(1)],
};

test("an OHIF instance's header reads as a parsed DICOM header (slice thickness, UIDs)", () => {
  const header = headerDataSetOf(ctInstance(1));
  assert.equal(header.floatString('x00180050'), 5);
  assert.equal(header.string('x00080018'), '1.2.3.4.1');
  assert.equal(header.string('x00100010'), 'EMH^Phantom');
});

test("OHIF's display sets fill our data model: series in our order, OHIF's imageIds, the patient active", () => {
  const listeners: (() => void)[] = [];
  const service: OhifDisplaySetService = {
    EVENTS: { DISPLAY_SETS_ADDED: 'added' },
    subscribe: (_event, listener) => {
      listeners.push(() => listener(undefined));
      return { unsubscribe: () => undefined };
    },
    getActiveDisplaySets: () => [displaySet],
    getDisplaySetByUID: () => displaySet,
  };
  const data = new OhifData();
  let changes = 0;
  data.subscribe(() => changes++);
  const stop = data.follow(service);
  const series = data.findSeries('1.2.3.4');
  assert.ok(series);
  assert.deepEqual(
    series.instances.map((i) => i.header.instanceNumber),
    [1, 2],
  );
  assert.equal(series.imageIds[0], ctInstance(1).imageId);
  const found = data.instanceForImageId(String(ctInstance(2).imageId));
  assert.equal(found?.instance.header.sopInstanceUID, '1.2.3.4.2');
  assert.equal(found?.frame, 1);
  assert.ok(data.activePatientKey());
  assert.equal(data.activeSeries().length, 1);
  assert.equal(changes, 1);
  // OHIF telling again of the same display sets adds nothing.
  listeners.forEach((l) => l());
  assert.equal(data.findSeries('1.2.3.4')?.instances.length, 2);
  assert.equal(changes, 1);
  stop();
});

test("pixels and patient mm on OHIF's images: our geometry, from the header OHIF holds", () => {
  const data = new OhifData();
  data.addDisplaySets([displaySet]);
  const geometry = new OhifGeometry(data);
  const imageId = String(ctInstance(2).imageId);
  // Pixel centres on integers: column 10, row 20 of 0.8 mm pixels from the first pixel's centre.
  assert.deepEqual(geometry.indexToWorld(imageId, [10, 20]), [-92, -84, -10]);
  assert.deepEqual(geometry.worldToIndex(imageId, [-92, -84, -10]), [10, 20]);
  assert.equal(
    geometry.calibrationAt(imageId, [
      [0, 0],
      [10, 0],
    ])?.rowSpacingMm,
    0.8,
  );
  assert.equal(geometry.plane('wadors:unknown'), undefined);
});

test("an OHIF image's own file is read whole from the data source, when asked; without one it says why", async () => {
  const asked: unknown[] = [];
  const file = new Uint8Array([1, 2, 3]);
  const server = {
    url: '/dicom-web',
    instance: async (uids: unknown) => {
      asked.push(uids);
      return file;
    },
  } as unknown as DicomwebServer;
  let connected: DicomwebServer | null = null;
  const data = new OhifData(() => connected);
  data.addDisplaySets([displaySet]);
  const [first] = data.findSeries('1.2.3.4')?.instances ?? [];
  assert.equal(asked.length, 0, 'nothing is read until a file is wanted');
  await assert.rejects(readSourceBytes(first.source), /OHIF's data source has no DICOMweb root/);
  connected = server;
  assert.equal(await readSourceBytes(first.source), file);
  assert.deepEqual(asked, [{ studyInstanceUID: '1.2.3', seriesInstanceUID: '1.2.3.4', sopInstanceUID: '1.2.3.4.1' }]);
});
