/**
 * Starts reading the study while the viewer's code is still downloading and compiling.
 * The entry chunk is tiny and runs this first; the loaders then take the responses from here
 * instead of asking again. Without it, the first request waits a second for the bundle.
 */
import { readingOrder } from './readingOrder';
import { manifestFiles } from './manifestFiles';
import { TAG, jsonString } from './dicomweb/dicomJson';
import { seriesInOrder } from './dicomweb/openingOrder';
import { DICOM_JSON, instanceFrames, jsonList, openingInstanceUrl, type OpeningFrames } from './dicomweb/openingFrames';
import type { FirstLookOpening } from './reader/readerMessages';
import type { LookedOpening } from '../firstLook/firstLookCanvas';

const pending = new Map<string, Promise<Response>>();
const EARLY_FILES = 6;
/** The opening instance's URL -> its frames' URL, once asked for (null: it has none). */
const framesPending = new Map<string, Promise<string | null>>();

function absolute(url: string, base: string = location.href): string {
  return new URL(url, base).href;
}

function start(url: string, init?: RequestInit): Promise<Response> {
  const promise = fetch(url, init);
  promise.catch(() => undefined); // the loader that takes it reports the failure
  pending.set(url, promise);
  return promise;
}

export function hasEarlyResponse(url: string): boolean {
  return pending.has(url);
}

/**
 * Whether this instance's frames are asked for early: known once the opening instance is
 * found, before its metadata (which the request waits for) has arrived.
 */
export function hasEarlyFrames(instanceUrl: string): boolean {
  return framesPending.has(instanceUrl);
}

/** The early answer for these frames, once its request has started; null if there is none. */
export async function takeEarlyFrames(instanceUrl: string, url: string): Promise<Response | null> {
  const pendingUrl = framesPending.get(instanceUrl);
  framesPending.delete(instanceUrl);
  return pendingUrl && (await pendingUrl) === url ? ((await takeEarlyResponse(url)?.catch(() => null)) ?? null) : null;
}

/** Takes a response started early, if any; each is handed out once. */
export function takeEarlyResponse(url: string): Promise<Response> | undefined {
  const promise = pending.get(url);
  pending.delete(url);
  return promise;
}

/** What the page opens with no parameters: the sample patient's follow-up visit and the baseline as its prior. */
export const DEFAULT_MANIFESTS = ['sample-followup/manifest.json', 'sample/manifest.json'];

export interface EarlyStart {
  /** The first files of the manifests (`?manifest=`, or the sample case) and `?url=`s, in reading order. */
  files: Promise<string[]>;
  /** What the first look shows, once known; null when it has none. */
  look: Promise<FirstLookOpening | null>;
}

/**
 * Starts what the page's URL asks to open (see main.tsx): the manifests and the files the loader
 * reads first (readingOrder: every manifest's first file, then turns), so with a follow-up and its
 * baseline both first images are on their way; or a PACS study's searches. With `look` (a PACS
 * study), the opening image's frames are left to the first look's reading worker.
 */
export function startEarlyFetch(search: string, look: LookedOpening | null = null): EarlyStart {
  const params = new URLSearchParams(search);
  const lookedManifest = look && 'manifest' in look ? look.manifest : null;
  const lookedFrames = startEarlyStudy(params, look !== null && 'study' in look);
  const urls = params
    .getAll('url')
    .slice(0, EARLY_FILES)
    .map((url) => absolute(url));
  for (const url of urls) start(url);
  const manifests = params.getAll('manifest');
  const otherSource = params.has('url') || params.has('empty') || params.has('dicomweb') || params.has('config');
  if (manifests.length === 0 && !otherSource) manifests.push(...DEFAULT_MANIFESTS);
  // Each manifest's body is read twice: here for the first files, and by manifestSources.
  const lists = manifests.map((manifest) => {
    const manifestUrl = absolute(manifest);
    return start(manifestUrl)
      .then((response) => (response.ok ? response.clone().json() : null))
      .then((body: unknown) => (manifestFiles(body, manifestUrl) ?? []).slice(0, EARLY_FILES))
      .catch(() => []);
  });
  const files = Promise.all(lists).then((groups) => {
    const order = readingOrder(groups).order.slice(0, EARLY_FILES);
    for (const url of order) start(url);
    return [...urls, ...order];
  });
  const lookedAt: Promise<FirstLookOpening | null> = lookedManifest
    ? files.then(([file]) => (file && manifests.length === 1 && absolute(manifests[0]) === lookedManifest ? { file } : null))
    : lookedFrames.then((frames) => (frames ? { frames } : null));
  return { files, look: lookedAt };
}

/**
 * `?dicomweb=<server>&study=<uid>`: the QIDO-RS series search, every series' WADO-RS metadata,
 * and the first series' instance number 1 (QIDO-RS), its metadata and its frames, at the URLs the
 * viewer's DICOMweb client asks (studySources), which takes these answers instead of asking
 * again. A PACS that wants credentials answers 401 here; the viewer then asks itself, with them.
 * With `look`, the frames are left to the first look's worker: resolves to their request.
 */
function startEarlyStudy(params: URLSearchParams, look: boolean): Promise<OpeningFrames | null> {
  const server = params.get('dicomweb');
  const study = params.get('study');
  if (!server || !study) return Promise.resolve(null);
  const base = `${absolute(server).replace(/\/+$/, '')}/studies/${study}`;
  return start(`${base}/series`, DICOM_JSON)
    .then(jsonList)
    .then((found) => {
      const series = seriesInOrder(found).map((s) => jsonString(s, TAG.seriesInstanceUID));
      if (series.length === 0) return null;
      const opening = startOpeningInstance(`${base}/series/${series[0]}`, look);
      for (const uid of series) start(`${base}/series/${uid}/metadata`, DICOM_JSON);
      return opening;
    })
    .catch(() => null);
}

/** The opening instance's metadata, then its frames (which the metadata says how to ask for), unless a first look asks for them. */
async function startOpeningInstance(seriesUrl: string, look: boolean): Promise<OpeningFrames | null> {
  const instance = await openingInstanceUrl(seriesUrl, start);
  if (!instance) return null;
  const frames = instanceFrames(instance, start);
  if (look) return frames;
  framesPending.set(
    instance,
    frames
      .then((opening) => {
        if (!opening) return null;
        start(opening.url, { headers: opening.headers });
        return opening.url;
      })
      .catch(() => null),
  );
  return null;
}
