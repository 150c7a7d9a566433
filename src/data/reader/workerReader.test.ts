import assert from 'node:assert/strict';
import { test } from 'node:test';
import dicomParser from 'dicom-parser';
import { notDicomFile, sampleFile, unsupportedTransferSyntaxFile } from '../../../e2e/fixtures/dicomFixtures';
import { readInstance } from '../readInstance';
import type { InstanceSource, WadoInstanceReader } from '../types';
import { InProcessWorker } from './inProcessWorker';
import { WorkerReader, type ReadingWorker } from './workerReader';

const fileSource = (bytes: Uint8Array, name: string): InstanceSource => ({
  kind: 'file',
  name,
  blob: new Blob([bytes as Uint8Array<ArrayBuffer>]),
});

/** HU of one row, read from the file with dicom-parser: stored value x slope + intercept. */
function rowHu(bytes: Uint8Array, row: number): number[] {
  const dataSet = dicomParser.parseDicom(bytes);
  const slope = dataSet.floatString('x00281053') ?? 1;
  const intercept = dataSet.floatString('x00281052') ?? 0;
  const signed = dataSet.uint16('x00280103') === 1;
  const columns = dataSet.uint16('x00280011') ?? 0;
  const view = new DataView(bytes.buffer, bytes.byteOffset + (dataSet.elements.x7fe00010?.dataOffset ?? 0) + row * columns * 2);
  return Array.from({ length: columns }, (_, i) => (signed ? view.getInt16(2 * i, true) : view.getUint16(2 * i, true)) * slope + intercept);
}

test('a CT slice comes back decoded: header as read here, pixels in HU, the file not sent back', async () => {
  const bytes = sampleFile('ct-nc/IM-0030.dcm');
  const worker = new InProcessWorker();
  const reader = new WorkerReader({ workers: 1, canRenderFloat: true, start: () => worker });
  const outcome = await reader.read(fileSource(bytes, 'IM-0030.dcm'));
  assert.equal(outcome.kind, 'image');
  if (outcome.kind !== 'image') return;
  const local = readInstance(bytes);
  assert.equal(local.kind, 'image');
  if (local.kind !== 'image') return;
  assert.deepEqual(outcome.header, local.header);
  assert.equal(outcome.fullDataSet, undefined);
  assert.equal(outcome.headerDataSet.string('x00080018'), local.header.sopInstanceUID);
  assert.equal(outcome.headerDataSet.elements.x7fe00010, undefined);
  const frame = outcome.decoded;
  assert.ok(frame);
  assert.equal(frame.pixelData.constructor.name, 'Int16Array');
  const { rows, columns } = local.header;
  const middle = Math.floor(rows / 2);
  const expected = rowHu(bytes, middle);
  assert.ok(new Set(expected).size > 10, 'the middle row crosses the body, not just air');
  assert.deepEqual([...frame.pixelData.subarray(middle * columns, (middle + 1) * columns)], expected);
  assert.equal(frame.pixelData.length, local.header.rows * columns);
  assert.ok(frame.scaled);
  assert.equal(worker.posted, 1);
});

test('refusals and files the worker does not decode are read on the main thread, with the same reasons', async () => {
  const reader = new WorkerReader({ workers: 2, canRenderFloat: true, start: () => new InProcessWorker() });
  const notDicom = await reader.read(fileSource(notDicomFile(), 'notes.txt'));
  assert.deepEqual(notDicom, readInstance(notDicomFile()));
  const unsupported = await reader.read(fileSource(unsupportedTransferSyntaxFile(), 'video.dcm'));
  assert.equal(unsupported.kind, 'refused');
  assert.deepEqual(unsupported, readInstance(unsupportedTransferSyntaxFile()));
  const unreachable = await reader.read({ kind: 'url', name: 'gone.dcm', url: 'http://127.0.0.1:9/gone.dcm' });
  assert.deepEqual(unreachable, { kind: 'unread', reason: 'could not be read: the server did not answer' });
});

test('a worker that dies loses nothing: what it held and what comes next is read here', async () => {
  const bytes = sampleFile('ct-nc/IM-0001.dcm');
  const dying = new InProcessWorker(true);
  const reader = new WorkerReader({ workers: 1, canRenderFloat: true, start: () => dying });
  const [a, b] = await Promise.all([reader.read(fileSource(bytes, 'a.dcm')), reader.read(fileSource(bytes, 'b.dcm'))]);
  const after = await reader.read(fileSource(bytes, 'c.dcm'));
  for (const outcome of [a, b, after]) {
    assert.equal(outcome.kind, 'image');
    if (outcome.kind === 'image') assert.ok(outcome.fullDataSet, 'read on this thread: the parsed file, decoded later');
  }
  assert.equal(dying.posted, 2);
});

test('a WADO-RS request the worker cannot complete is asked again through the main thread reader', async () => {
  const bytes = sampleFile('ct-nc/IM-0001.dcm');
  let mainThreadReads = 0;
  const wado: WadoInstanceReader = {
    server: 'http://127.0.0.1:9/dicom-web',
    read: () => {
      mainThreadReads += 1;
      return Promise.resolve(bytes);
    },
    frameRequest: () => ({ url: 'http://127.0.0.1:9/dicom-web/studies/1/series/2/instances/3/frames/1', headers: {}, frames: 1 }),
  };
  const reader = new WorkerReader({ workers: 1, canRenderFloat: true, start: () => new InProcessWorker() });
  const outcome = await reader.read({ kind: 'dicomweb', name: 'CT #1', reader: wado, metadata: {} });
  assert.equal(outcome.kind, 'image');
  assert.equal(mainThreadReads, 1);
});

test('a second reading worker starts when a compressed image arrives, not for uncompressed ones', async () => {
  const bytes = sampleFile('ct-nc/IM-0001.dcm');
  let started = 0;
  let syntax = '1.2.840.10008.1.2.1';
  // Answers as the reading worker does, labelled with the transfer syntax this test sets.
  const start = (): ReadingWorker => {
    started += 1;
    return new InProcessWorker(false, (reply) =>
      reply.kind === 'decoded' ? { ...reply, header: { ...reply.header, transferSyntaxUID: syntax } } : reply,
    );
  };
  const reader = new WorkerReader({ workers: 2, canRenderFloat: true, start });
  await reader.read(fileSource(bytes, 'a.dcm'));
  await reader.read(fileSource(bytes, 'b.dcm'));
  assert.equal(reader.running, 1);
  syntax = '1.2.840.10008.1.2.4.80';
  await reader.read(fileSource(bytes, 'c.dcm'));
  assert.equal(reader.running, 2);
  await reader.read(fileSource(bytes, 'd.dcm'));
  assert.equal(reader.running, 2, 'never more than asked for');
  assert.equal(started, 2);
});
