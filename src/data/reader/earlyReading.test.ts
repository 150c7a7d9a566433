import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sampleFile } from '../../../e2e/fixtures/dicomFixtures';
import { startEarlyFetch } from '../earlyFetch';
import { readInstance } from '../readInstance';
import { startEarlyReading } from './earlyReading';
import { InProcessWorker } from './inProcessWorker';
import type { ReadReply, ReadRequest } from './readerMessages';
import type { ReadingWorker } from './readingWorker';
import type { WadoInstanceReader } from '../types';
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
  startEarlyReading(startEarlyFetch('?manifest=a/manifest.json'), true, () => worker);
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
  startEarlyReading(startEarlyFetch('?manifest=b/manifest.json'), true, () => worker);
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
  startEarlyReading(startEarlyFetch('?manifest=c/manifest.json'), true, () => new InProcessWorker(true));
  await settled();
  const reader = new WorkerReader({ workers: 1, canRenderFloat: true, start: () => null });
  assert.equal(reader.running, 0, 'the dead worker is not handed over');
  const outcome = await reader.read(urlSource('c', 'IM-0002.dcm'));
  assert.equal(outcome.kind, 'image');
  if (outcome.kind === 'image') assert.ok(outcome.fullDataSet, 'read on this thread');
});

test('pixels decoded early for another float answer than the viewer gives are read again', async () => {
  serve('d', { 'IM-0003.dcm': sampleFile('ct-nc/IM-0003.dcm') });
  startEarlyReading(startEarlyFetch('?manifest=d/manifest.json'), false, () => new InProcessWorker());
  await settled();
  const reader = new WorkerReader({ workers: 1, canRenderFloat: true });
  const outcome = await reader.read(urlSource('d', 'IM-0003.dcm'));
  assert.equal(outcome.kind, 'image');
  if (outcome.kind === 'image') assert.equal(outcome.decoded, undefined, 'not the early pixels');
});

/** A worker that records what it is sent and answers each with `answer` (default: declines it). */
class RecordingWorker implements ReadingWorker {
  onmessage: ((event: MessageEvent<ReadReply>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  readonly sent: ReadRequest[] = [];
  constructor(private readonly answer: (id: number) => ReadReply = (id) => ({ id, kind: 'declined' })) {}
  postMessage(message: ReadRequest): void {
    this.sent.push(message);
    setTimeout(() => this.onmessage?.({ data: this.answer(message.id) } as MessageEvent<ReadReply>), 1);
  }
  terminate(): void {}
}

const PACS = 'http://pacs.test/dicom-web';
const OPENING = `${PACS}/studies/1.2/series/1.2.3/instances/9.1`;
const OPENING_FRAMES = `${OPENING}/frames/1`;
const OPENING_METADATA = {
  '00080018': { vr: 'UI', Value: ['9.1'] },
  '00280010': { vr: 'US', Value: [512] },
  '00080016': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.2'] },
};

/** A PACS answering the early requests; the opening instance's metadata waits for `metadataSent`. */
function fakePacs(metadataSent: Promise<void> = Promise.resolve()): { fetched: string[] } {
  const fetched: string[] = [];
  const json = (body: unknown) => new Response(JSON.stringify(body));
  globalThis.fetch = (async (input: string | URL | Request) => {
    const url = String(input);
    fetched.push(url);
    if (url === `${PACS}/studies/1.2/series`) return json([{ '0020000E': { vr: 'UI', Value: ['1.2.3'] } }]);
    if (url.includes('/instances?')) return json([OPENING_METADATA]);
    if (url === `${OPENING}/metadata`) return metadataSent.then(() => json([OPENING_METADATA]));
    return json([]);
  }) as typeof fetch;
  return { fetched };
}

/** The viewer's reader of the opening instance; counts the reads it makes itself. */
function openingReader(): { wado: WadoInstanceReader; asked: () => number } {
  let asked = 0;
  const wado: WadoInstanceReader = {
    server: PACS,
    read: () => {
      asked += 1;
      return Promise.resolve(sampleFile('ct-nc/IM-0001.dcm'));
    },
    frameRequest: () => ({ url: OPENING_FRAMES, headers: {}, frames: 1 }),
  };
  return { wado, asked: () => asked };
}

test("a PACS's opening frames are fetched by the early worker, not here; declined, the viewer asks for them itself", async () => {
  const { fetched } = fakePacs();
  const worker = new RecordingWorker();
  startEarlyReading(startEarlyFetch(`?dicomweb=${encodeURIComponent(PACS)}&study=1.2`), true, () => worker);
  await settled();
  assert.deepEqual(
    worker.sent.map((m) => (m.kind === 'wado' ? `${m.kind} ${m.url} ${m.frames}` : m.kind)),
    [`wado ${OPENING_FRAMES} 1`],
  );
  assert.ok(!fetched.some((url) => url.includes('/frames/')), 'the frames were not fetched on this thread');
  const { wado, asked } = openingReader();
  const reader = new WorkerReader({ workers: 1, canRenderFloat: true });
  const outcome = await reader.read({ kind: 'dicomweb', name: 'CT #1', reader: wado, metadata: OPENING_METADATA });
  assert.equal(outcome.kind, 'image');
  assert.equal(asked(), 1, "declined early: read through the viewer's own request");
  assert.equal(worker.sent.length, 1, 'the early answer was the one taken, not a second request');
});

test('the viewer asking for the opening instance before its metadata has arrived waits for the early answer', async () => {
  let sendMetadata: () => void = () => undefined;
  fakePacs(new Promise((resolve) => (sendMetadata = resolve)));
  const bytes = sampleFile('ct-nc/IM-0001.dcm');
  const worker = new RecordingWorker((id) => ({ id, kind: 'bytes', bytes }));
  startEarlyReading(startEarlyFetch(`?dicomweb=${encodeURIComponent(PACS)}&study=1.2`), true, () => worker);
  await settled();
  assert.equal(worker.sent.length, 0, 'no frames asked for before the metadata');
  const { wado, asked } = openingReader();
  const reader = new WorkerReader({ workers: 1, canRenderFloat: true });
  const reading = reader.read({ kind: 'dicomweb', name: 'CT #1', reader: wado, metadata: OPENING_METADATA });
  sendMetadata();
  const outcome = await reading;
  assert.equal(outcome.kind, 'image');
  const local = readInstance(bytes);
  if (outcome.kind === 'image' && local.kind === 'image') assert.equal(outcome.header.sopInstanceUID, local.header.sopInstanceUID);
  assert.equal(asked(), 0, 'the early answer was used, no second request');
  assert.equal(worker.sent.length, 1);
});
