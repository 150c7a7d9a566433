import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sampleFile } from '../../../e2e/fixtures/dicomFixtures';
import { hasEarlyFrames, startEarlyFetch } from '../earlyFetch';
import { dcmjsData } from '../dcmjs';
import type { DicomJsonDataset } from '../dicomweb/dicomJson';
import { openingInstanceQuery } from '../dicomweb/openingOrder';
import { readInstance } from '../readInstance';
import type { WadoInstanceReader } from '../types';
import { startEarlyReading } from './earlyReading';
import { InProcessWorker } from './inProcessWorker';
import { WorkerReader } from './workerReader';

const VIEWER = 'http://viewer.test/';

/** A static server for a manifest and its files; counts what was fetched. */
function serve(folder: string, files: Record<string, Uint8Array | null>): { fetched: string[] } {
  const fetched: string[] = [];
  const manifest = `${VIEWER}${folder}/manifest.json`;
  globalThis.fetch = (async (input: string | URL | Request) => {
    const url = String(input);
    fetched.push(url);
    if (url === manifest) return new Response(JSON.stringify({ files: Object.keys(files) }));
    const bytes = files[url.slice(`${VIEWER}${folder}/`.length)];
    return bytes ? new Response(bytes as Uint8Array<ArrayBuffer>) : new Response('gone', { status: 404, statusText: 'Not Found' });
  }) as typeof fetch;
  Object.assign(globalThis, { location: { href: VIEWER } });
  return { fetched };
}

const urlSource = (folder: string, name: string) => ({ kind: 'url' as const, name, url: `${VIEWER}${folder}/${name}` });

async function settled(): Promise<void> {
  for (let i = 0; i < 30; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

test('the first files are read in the early worker, which the viewer then reads with: nothing fetched or decoded twice', async () => {
  const files = { 'IM-0001.dcm': sampleFile('ct-nc/IM-0001.dcm'), 'IM-0030.dcm': sampleFile('ct-nc/IM-0030.dcm') };
  const { fetched } = serve('a', files);
  const worker = new InProcessWorker();
  startEarlyReading(
    startEarlyFetch('?manifest=a/manifest.json').files,
    () => true,
    () => worker,
  );
  await settled();
  assert.equal(worker.posted, 2, 'both early files were handed to the worker before the viewer asked');
  const reader = new WorkerReader({ workers: 1, canRenderFloat: true, start: () => assert.fail('the early worker is taken') });
  const outcome = await reader.read(urlSource('a', 'IM-0030.dcm'));
  assert.equal(outcome.kind, 'image');
  if (outcome.kind !== 'image') return;
  const local = readInstance(files['IM-0030.dcm']);
  assert.equal(local.kind, 'image');
  if (local.kind !== 'image' || !local.fullDataSet) return;
  assert.deepEqual(outcome.header, local.header);
  // The decoded pixels are the file's stored values x slope + intercept (HU).
  const pixels = local.fullDataSet.elements.x7fe00010;
  const stored = new Int16Array(files['IM-0030.dcm'].slice(pixels.dataOffset, pixels.dataOffset + pixels.length).buffer);
  const intercept = local.fullDataSet.floatString('x00281052') ?? 0;
  const slope = local.fullDataSet.floatString('x00281053') ?? 1;
  const middle = (local.header.rows / 2) * local.header.columns + local.header.columns / 2;
  assert.equal(outcome.decoded?.pixelData[middle], stored[middle] * slope + intercept);
  assert.equal(outcome.fullDataSet, undefined, 'decoded in the worker, not parsed here');
  await reader.read(urlSource('a', 'IM-0001.dcm'));
  assert.equal(fetched.filter((url) => url.endsWith('.dcm')).length, 2, 'each file fetched once');
  assert.equal(worker.posted, 2, 'no file sent to a worker twice');
  assert.equal(reader.running, 1);
});

test('a file the server refuses early is asked for again by the viewer, and the refusal worded', async () => {
  const { fetched } = serve('b', { 'IM-0001.dcm': null });
  const worker = new InProcessWorker();
  startEarlyReading(
    startEarlyFetch('?manifest=b/manifest.json').files,
    () => true,
    () => worker,
  );
  await settled();
  const reader = new WorkerReader({ workers: 1, canRenderFloat: true });
  const outcome = await reader.read(urlSource('b', 'IM-0001.dcm'));
  assert.deepEqual(outcome, { kind: 'unread', reason: 'could not be read: HTTP 404 Not Found' });
  assert.equal(fetched.filter((url) => url.endsWith('IM-0001.dcm')).length, 2);
  assert.equal(worker.posted, 0);
});

test('an early worker that dies loses no file: its files are read on this thread', async () => {
  const bytes = sampleFile('ct-nc/IM-0002.dcm');
  serve('c', { 'IM-0002.dcm': bytes });
  startEarlyReading(
    startEarlyFetch('?manifest=c/manifest.json').files,
    () => true,
    () => new InProcessWorker(true),
  );
  await settled();
  const reader = new WorkerReader({ workers: 1, canRenderFloat: true, start: () => null });
  assert.equal(reader.running, 0, 'the dead worker is not handed over');
  const outcome = await reader.read(urlSource('c', 'IM-0002.dcm'));
  assert.equal(outcome.kind, 'image');
  if (outcome.kind === 'image') assert.ok(outcome.fullDataSet, 'read on this thread');
});

test('pixels decoded early for another float answer than the viewer gives are read again', async () => {
  serve('d', { 'IM-0003.dcm': sampleFile('ct-nc/IM-0003.dcm') });
  startEarlyReading(
    startEarlyFetch('?manifest=d/manifest.json').files,
    () => false,
    () => new InProcessWorker(),
  );
  await settled();
  const reader = new WorkerReader({ workers: 1, canRenderFloat: true });
  const outcome = await reader.read(urlSource('d', 'IM-0003.dcm'));
  assert.equal(outcome.kind, 'image');
  if (outcome.kind === 'image') assert.equal(outcome.decoded, undefined, 'not the early pixels');
});

test("the first look: the page fetches the manifest's first file once, the worker reads it, and the viewer reads with that answer", async () => {
  const files = { 'IM-0001.dcm': sampleFile('ct-nc/IM-0001.dcm'), 'IM-0002.dcm': sampleFile('ct-nc/IM-0002.dcm') };
  const { fetched } = serve('e', files);
  const worker = new InProcessWorker();
  const manifest = `${VIEWER}e/manifest.json`;
  // Node has no OffscreenCanvas: the file is read as the first look's, and nothing is drawn.
  const early = startEarlyFetch('?manifest=e/manifest.json', { manifest });
  const look = { opening: early.look, canvas: {} as OffscreenCanvas };
  startEarlyReading(
    early.files,
    () => true,
    () => worker,
    look,
  );
  await settled();
  assert.equal(worker.posted, 2, 'the first look, then the second file');
  assert.equal(fetched.filter((url) => url === manifest).length, 1, 'the manifest, by the page');
  const reader = new WorkerReader({ workers: 1, canRenderFloat: true, start: () => assert.fail('the early worker is taken') });
  for (const name of ['IM-0001.dcm', 'IM-0002.dcm']) {
    const outcome = await reader.read(urlSource('e', name));
    const local = readInstance(files[name as keyof typeof files]);
    assert.ok(outcome.kind === 'image' && local.kind === 'image');
    assert.equal(outcome.header.sopInstanceUID, local.header.sopInstanceUID);
    assert.ok(outcome.decoded, `${name} decoded in the worker`);
  }
  assert.deepEqual(
    fetched.filter((url) => url.endsWith('.dcm')).sort(),
    [`${VIEWER}e/IM-0001.dcm`, `${VIEWER}e/IM-0002.dcm`],
    'each file fetched once',
  );
  assert.equal(worker.posted, 2, 'nothing read twice');
});

/** A PACS holding one CT slice (instance number 1): QIDO-RS, WADO-RS metadata (from the file, by dcmjs) and frames. */
function servePacs(bytes: Uint8Array, server: string, study: string): { fetched: string[]; series: string; sop: string } {
  const dict = dcmjsData.DicomMessage.readFile(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
  ).dict;
  const text = (tag: string) => String(dict[tag].Value?.[0]);
  const metadata: DicomJsonDataset = Object.fromEntries(
    Object.entries(dict)
      .filter(([, element]) => !(element.Value ?? []).some((value) => value instanceof ArrayBuffer))
      .map(([tag, element]) => [tag, { vr: element.vr, Value: [...(element.Value ?? [])] }]),
  );
  const series = `${server}/studies/${study}/series/${text('0020000E')}`;
  const sop = text('00080018');
  const pixels = new Uint8Array(dict['7FE00010'].Value?.[0] as ArrayBuffer);
  const fetched: string[] = [];
  const json = (body: unknown) => new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/dicom+json' } });
  globalThis.fetch = (async (input: string | URL | Request) => {
    const url = String(input);
    fetched.push(url);
    if (url === `${server}/studies/${study}/series`) return json([{ '0020000E': dict['0020000E'], '00200011': { vr: 'IS', Value: [1] } }]);
    if (url === openingInstanceQuery(series)) return json([{ '00080018': dict['00080018'] }]);
    if (url === `${series}/instances/${sop}/metadata`) return json([metadata]);
    if (url === `${series}/instances/${sop}/frames/1`) {
      const head = new TextEncoder().encode('--b\r\nContent-Type: application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1\r\n\r\n');
      const tail = new TextEncoder().encode('\r\n--b--');
      return new Response(new Blob([head, pixels, tail]), { headers: { 'Content-Type': 'multipart/related; boundary=b' } });
    }
    return json([]);
  }) as typeof fetch;
  Object.assign(globalThis, { location: { href: VIEWER } });
  return { fetched, series, sop };
}

test("a PACS study's first look: the page finds the opening instance, the worker reads its frames, and the viewer reads with that answer", async () => {
  const server = 'http://pacs.test/dicom-web';
  const bytes = sampleFile('ct-nc/IM-0001.dcm');
  const { fetched, series, sop } = servePacs(bytes, server, '1.2.3');
  const worker = new InProcessWorker();
  const early = startEarlyFetch(`?dicomweb=${encodeURIComponent(server)}&study=1.2.3`, { study: '1.2.3' });
  startEarlyReading(
    early.files,
    () => true,
    () => worker,
    { opening: early.look, canvas: {} as OffscreenCanvas },
  );
  await settled();
  const instance = `${series}/instances/${sop}`;
  assert.equal(worker.posted, 1, 'the first look');
  assert.equal(hasEarlyFrames(instance), false, 'the page leaves the frames to the worker');
  const frameRequests = () => fetched.filter((url) => url.includes('/frames/'));
  assert.deepEqual(frameRequests(), [`${instance}/frames/1`]);
  const local = readInstance(bytes);
  assert.ok(local.kind === 'image' && local.fullDataSet);
  const wado: WadoInstanceReader = {
    server,
    read: () => assert.fail('the first look read it'),
    frameRequest: () => ({ url: `${instance}/frames/1`, headers: {}, frames: 1 }),
  };
  const reader = new WorkerReader({ workers: 1, canRenderFloat: true, start: () => assert.fail('the early worker is taken') });
  const outcome = await reader.read({ kind: 'dicomweb', name: 'CT #1', reader: wado, metadata: {} });
  assert.ok(outcome.kind === 'image' && outcome.decoded, 'decoded in the worker');
  assert.equal(outcome.header.sopInstanceUID, sop);
  // Its pixels are the file's stored values x slope + intercept (HU), as read from the PACS.
  const element = local.fullDataSet.elements.x7fe00010;
  const stored = new Int16Array(bytes.slice(element.dataOffset, element.dataOffset + element.length).buffer);
  const slope = local.fullDataSet.floatString('x00281053') ?? 1;
  const intercept = local.fullDataSet.floatString('x00281052') ?? 0;
  const middle = (local.header.rows / 2) * local.header.columns + local.header.columns / 2;
  assert.equal(outcome.decoded.pixelData[middle], stored[middle] * slope + intercept);
  assert.deepEqual(frameRequests(), [`${instance}/frames/1`], 'its frames fetched once');
  assert.equal(worker.posted, 1, 'nothing read twice');
});
