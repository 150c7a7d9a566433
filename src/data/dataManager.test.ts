import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DataManager } from './dataManager';
import type { InstanceSource } from './types';
import { dcmjsData, EXPLICIT_VR_LITTLE_ENDIAN } from './dcmjs';

const file = (folder: string, name: string): InstanceSource => ({
  kind: 'file',
  name: `${folder}/${name}`,
  blob: new Blob([readFileSync(new URL(`../../sample-dicom/${folder}/${name}`, import.meta.url))]),
});
const slices = (folder: string, count: number) =>
  Array.from({ length: count }, (_, i) => file(folder, `ct-nc/IM-${String(i + 1).padStart(4, '0')}.dcm`));

test('a load of two visits: every first image is in before the viewer chooses, once; then the rest', async () => {
  const data = new DataManager();
  const studiesWhenChosen: string[][] = [];
  data.onFirstImagesRead(() => studiesWhenChosen.push(data.activeStudies().map((s) => s.studyDate)));
  const arrived: string[] = [];
  data.onImage((instance) => arrived.push(instance.source.name));
  const loading = data.loadGroups([slices('output', 8), slices('output-followup', 8)]);
  assert.equal(data.choosingFirstImage(), true);
  const report = await loading;
  assert.equal(report.loaded, 16);
  assert.equal(data.choosingFirstImage(), false);
  assert.deepEqual(studiesWhenChosen, [['20240312', '20240910']]);
  // Both first files are in the first batch read at once (six), not after the baseline's eight.
  for (const lead of ['output/ct-nc/IM-0001.dcm', 'output-followup/ct-nc/IM-0001.dcm']) assert.ok(arrived.indexOf(lead) < 6, lead);
});

test('a load of one group chooses nothing: the first image to arrive is shown as before', async () => {
  const data = new DataManager();
  let chosen = 0;
  data.onFirstImagesRead(() => (chosen += 1));
  const loading = data.load(slices('output', 3));
  assert.equal(data.choosingFirstImage(), false);
  await loading;
  assert.equal(chosen, 0);
  assert.ok(data.activePatientKey());
});

test('whenLoaded resolves at once when nothing loads, and only after every running load otherwise', async () => {
  const data = new DataManager();
  await data.whenLoaded();
  const first = data.load(slices('output', 4));
  const second = data.load(slices('output-followup', 4));
  let seen = -1;
  await data.whenLoaded().then(() => (seen = data.series().reduce((n, s) => n + s.instances.length, 0)));
  assert.equal(seen, 8, 'both loads were in when it resolved');
  await Promise.all([first, second]);
});

/** A small SR of the sample CT's study, written with dcmjs: a document, not an image. */
function reportOf(studyInstanceUID: string, sopInstanceUID: string): InstanceSource {
  const dict = new dcmjsData.DicomDict({
    '00020001': { vr: 'OB', Value: [new Uint8Array([0, 1]).buffer] },
    '00020002': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.88.34'] },
    '00020003': { vr: 'UI', Value: [sopInstanceUID] },
    '00020010': { vr: 'UI', Value: [EXPLICIT_VR_LITTLE_ENDIAN] },
  });
  dict.dict = dcmjsData.DicomMetaDictionary.denaturalizeDataset({
    SOPClassUID: '1.2.840.10008.5.1.4.1.1.88.34',
    SOPInstanceUID: sopInstanceUID,
    StudyInstanceUID: studyInstanceUID,
    SeriesInstanceUID: `${sopInstanceUID}.1`,
    Modality: 'SR',
    PatientName: 'EMH^Phantom',
    PatientID: 'EMH-0001',
    SeriesDescription: 'EMH measurement report',
  });
  return { kind: 'file', name: `report ${sopInstanceUID}`, blob: new Blob([dict.write()]) };
}

test('a document listener that starts after the load hears the documents already open, then each new one, once', async () => {
  const data = new DataManager();
  await data.load(slices('output', 2));
  const study = data.series()[0].studyInstanceUID;
  await data.load([reportOf(study, '2.25.1001')]);
  const heard: string[] = [];
  data.onDocument((document) => heard.push(document.sopInstanceUID));
  assert.deepEqual(heard, ['2.25.1001'], 'the report open before the listener started');
  await data.load([reportOf(study, '2.25.1002')]);
  assert.deepEqual(heard, ['2.25.1001', '2.25.1002']);
});
