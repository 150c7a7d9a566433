/**
 * Starts reading the study while the viewer's code is still downloading and compiling.
 * The entry chunk is tiny and runs this first; the loaders then take the responses from here
 * instead of asking again. Without it, the first request waits a second for the bundle.
 */
import { readingOrder } from './readingOrder';
import { manifestFiles } from './manifestFiles';
import { type DicomJsonDataset, TAG, isDicomJsonDataset, jsonString } from './dicomweb/dicomJson';
import { openingInstanceQuery, seriesInOrder } from './dicomweb/openingOrder';
import { allFrames, comesAsFrames, FRAMES_ACCEPT, frameCount, framesUrl } from './dicomweb/wadoFrames';

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

/**
 * The manifests and first files of what the page's URL asks to open (see main.tsx): the files
 * the loader reads first (readingOrder: every manifest's first file, then turns), so with a
 * follow-up and its baseline both first images are on their way. Resolves to those files, in
 * that order; the first of `lookedManifest`'s is not fetched here (the first look fetches it).
 */
export function startEarlyFetch(search: string, lookedManifest: string | null = null): Promise<string[]> {
  const params = new URLSearchParams(search);
  startEarlyStudy(params);
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
  return Promise.all(lists).then((groups) => {
    const files = readingOrder(groups).order.slice(0, EARLY_FILES);
    // The first look's file: the reading worker fetches it (firstLookPainter.ts).
    const lookedFile = manifests.length === 1 && lookedManifest === absolute(manifests[0]) ? groups[0][0] : undefined;
    for (const url of files) if (url !== lookedFile) start(url);
    return [...urls, ...files];
  });
}

const DICOM_JSON = { headers: { Accept: 'application/dicom+json' } };
const FRAMES = { headers: { Accept: FRAMES_ACCEPT } };

function jsonList(response: Response): Promise<DicomJsonDataset[]> {
  if (!response.ok) return Promise.resolve([]);
  return response
    .clone()
    .json()
    .then((body: unknown) => (Array.isArray(body) ? body.filter(isDicomJsonDataset) : []));
}

/**
 * `?dicomweb=<server>&study=<uid>`: the QIDO-RS series search, every series' WADO-RS metadata,
 * and the first series' instance number 1 (QIDO-RS), its metadata and its frames, at the URLs the
 * viewer's DICOMweb client asks (studySources), which takes these answers instead of asking
 * again. A PACS that wants credentials answers 401 here; the viewer then asks itself, with them.
 */
function startEarlyStudy(params: URLSearchParams): void {
  const server = params.get('dicomweb');
  const study = params.get('study');
  if (!server || !study) return;
  const base = `${absolute(server).replace(/\/+$/, '')}/studies/${study}`;
  void start(`${base}/series`, DICOM_JSON)
    .then(jsonList)
    .then((found) => {
      const series = seriesInOrder(found).map((s) => jsonString(s, TAG.seriesInstanceUID));
      if (series.length === 0) return;
      const first = `${base}/series/${series[0]}`;
      void start(openingInstanceQuery(first), DICOM_JSON)
        .then(jsonList)
        .then(([opening]) => {
          if (!opening) return;
          const instance = `${first}/instances/${jsonString(opening, TAG.sopInstanceUID)}`;
          // Its frames follow its metadata (which tells how many there are, and whether it
          // has any), at the URL and with the media type the DICOMweb client asks for them.
          const frames = start(`${instance}/metadata`, DICOM_JSON)
            .then(jsonList)
            .then(([metadata]) => {
              if (!metadata || !comesAsFrames(metadata)) return null;
              const url = framesUrl(instance, allFrames(frameCount(metadata)));
              start(url, FRAMES);
              return url;
            })
            .catch(() => null);
          framesPending.set(instance, frames);
        });
      for (const uid of series) start(`${base}/series/${uid}/metadata`, DICOM_JSON);
    })
    .catch(() => undefined);
}
