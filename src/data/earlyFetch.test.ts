import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hasEarlyFrames, startEarlyFetch, takeEarlyFrames } from './earlyFetch';
import { openingInstanceQuery } from './dicomweb/openingOrder';

const SERVER = 'http://pacs.test/dicom-web';
const STUDY = '1.2.3';
const SERIES = `${SERVER}/studies/${STUDY}/series/1.2.3.4`;

function dataset(tags: Record<string, unknown>): Record<string, { vr: string; Value: unknown[] }> {
  return Object.fromEntries(
    Object.entries(tags).map(([tag, value]) => [tag, { vr: typeof value === 'number' ? 'US' : 'UI', Value: [value] }]),
  );
}

/** A PACS answering the early requests; records what was asked, with which Accept header. */
function fakePacs(instanceTags: Record<string, unknown>, sop: string): { asked: string[] } {
  const asked: string[] = [];
  const json = (body: unknown) => new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/dicom+json' } });
  globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    asked.push(`${url} ${new Headers(init?.headers).get('Accept') ?? ''}`);
    if (url === `${SERVER}/studies/${STUDY}/series`) return json([dataset({ '0020000E': '1.2.3.4', '00200011': 1 })]);
    if (url === openingInstanceQuery(SERIES)) return json([dataset({ '00080018': sop })]);
    if (url.endsWith(`/instances/${sop}/metadata`)) return json([dataset(instanceTags)]);
    if (url.includes('/frames/'))
      return new Response(new Uint8Array([1, 2]), { headers: { 'Content-Type': 'multipart/related; boundary=b' } });
    return json([]);
  }) as typeof fetch;
  return { asked };
}

async function settled(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

test("the opening image's frames are asked for with its metadata, all its frames at once, and handed out once", async () => {
  Object.assign(globalThis, { location: { href: 'http://viewer.test/' } });
  const { asked } = fakePacs({ '00080018': '9.1', '00280010': 512, '00280008': 3, '00080016': '1.2.840.10008.5.1.4.1.1.2' }, '9.1');
  startEarlyFetch(`?dicomweb=${encodeURIComponent(SERVER)}&study=${STUDY}`);
  await settled();
  const instance = `${SERIES}/instances/9.1`;
  assert.equal(hasEarlyFrames(instance), true);
  assert.ok(
    asked.includes(`${instance}/frames/1,2,3 multipart/related; type="application/octet-stream"; transfer-syntax=*`),
    asked.join('\n'),
  );
  assert.equal(await takeEarlyFrames(instance, `${instance}/frames/1`), null, 'another frame list is not this answer');
  assert.equal(hasEarlyFrames(instance), false);
});

test('the answer is found by its URL; a segmentation (read whole, not as frames) gets no early frame request', async () => {
  const image = fakePacs({ '00080018': '9.2', '00280010': 512, '00080016': '1.2.840.10008.5.1.4.1.1.4' }, '9.2');
  startEarlyFetch(`?dicomweb=${encodeURIComponent(SERVER)}&study=${STUDY}`);
  const instance = `${SERIES}/instances/9.2`;
  await settled();
  const response = await takeEarlyFrames(instance, `${instance}/frames/1`);
  assert.deepEqual([...new Uint8Array(await (response as Response).arrayBuffer())], [1, 2]);
  assert.equal(image.asked.filter((a) => a.includes('/frames/')).length, 1);

  const seg = fakePacs({ '00080018': '9.3', '00280010': 512, '00080016': '1.2.840.10008.5.1.4.1.1.66.4' }, '9.3');
  startEarlyFetch(`?dicomweb=${encodeURIComponent(SERVER)}&study=${STUDY}`);
  await settled();
  assert.equal(await takeEarlyFrames(`${SERIES}/instances/9.3`, `${SERIES}/instances/9.3/frames/1`), null);
  assert.equal(seg.asked.filter((a) => a.includes('/frames/')).length, 0);
});
