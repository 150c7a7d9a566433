import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readInstance } from './readInstance';
import {
  corruptFile,
  missingRowsFile,
  noPixelSpacingFile,
  notDicomFile,
  sampleFile,
  structuredReport,
  truncatedFile,
  unsupportedTransferSyntaxFile,
} from '../../e2e/fixtures/dicomFixtures';

test('a sample CT slice reads as an image with its geometry', () => {
  const result = readInstance(sampleFile('ct-nc/IM-0001.dcm'));
  assert.equal(result.kind, 'image');
  if (result.kind !== 'image') return;
  const { header } = result;
  assert.equal(header.modality, 'CT');
  assert.equal(header.instanceNumber, 1);
  assert.deepEqual(header.pixelSpacing, [1.5, 1.5]);
  assert.equal(header.rows, 256);
  assert.equal(header.patientName, 'EMH^Phantom');
  assert.equal(header.seriesDescription, 'CT CHEST ABDOMEN PELVIS WITHOUT CONTRAST');
  assert.deepEqual(header.imageOrientationPatient, [1, 0, 0, 0, 1, 0]);
  // The kept header stops before the pixel data and does not hold the file's bytes.
  assert.equal(result.headerDataSet.elements.x7fe00010, undefined);
  assert.ok(result.headerDataSet.byteArray.length < 4096, `header bytes ${result.headerDataSet.byteArray.length}`);
});

test('MR timing is read for weighting', () => {
  const result = readInstance(sampleFile('mr-t2/IM-0010.dcm'));
  assert.equal(result.kind, 'image');
  if (result.kind !== 'image') return;
  assert.equal(result.header.repetitionTime, 4000);
  assert.equal(result.header.echoTime, 100);
});

test('contrast attributes: present on the portal venous series only', () => {
  const pv = readInstance(sampleFile('ct-pv/IM-0001.dcm'));
  const nc = readInstance(sampleFile('ct-nc/IM-0001.dcm'));
  assert.ok(pv.kind === 'image' && pv.header.contrastBolusAgent === 'IOHEXOL');
  assert.ok(nc.kind === 'image' && nc.header.contrastBolusAgent === '' && !nc.header.hasContrastBolusAgentSequence);
});

test('refusals say what is wrong in words a person understands', () => {
  const reasons = {
    truncated: readInstance(truncatedFile()),
    notDicom: readInstance(notDicomFile()),
    corrupt: readInstance(corruptFile()),
    missingRows: readInstance(missingRowsFile()),
    unsupported: readInstance(unsupportedTransferSyntaxFile()),
  };
  for (const [name, result] of Object.entries(reasons)) assert.equal(result.kind, 'refused', name);
  const text = (r: ReturnType<typeof readInstance>): string => (r.kind === 'refused' ? r.reason : '');
  assert.match(text(reasons.truncated), /^truncated/);
  assert.match(text(reasons.notDicom), /^not a DICOM file/);
  assert.match(text(reasons.corrupt), /^(corrupt DICOM|truncated)/);
  assert.match(text(reasons.missingRows), /missing attributes: Rows/);
  assert.match(text(reasons.unsupported), /unsupported transfer syntax: MPEG2/);
});

test('a structured report is a document, not an error', () => {
  const result = readInstance(structuredReport());
  assert.equal(result.kind, 'document');
  assert.ok(result.kind === 'document' && result.description.startsWith('Structured report'));
});

test('an image without pixel spacing still reads, uncalibrated', () => {
  const result = readInstance(noPixelSpacingFile());
  assert.equal(result.kind, 'image');
  assert.ok(result.kind === 'image' && result.header.pixelSpacing === null);
});
