/**
 * The frames request of a series' opening instance, found as the viewer finds it (studySources'
 * lead): QIDO-RS for instance number 1, then that instance's WADO-RS metadata. The page's early
 * start (earlyFetch) asks these before the viewer's code has loaded, through its `get` (which
 * keeps the responses for the viewer), then fetches the frames or hands their request to the
 * first look's reading worker. Free of dcmjs: it is part of the entry chunk.
 */
import { type DicomJsonDataset, TAG, isDicomJsonDataset, jsonString } from './dicomJson';
import { openingInstanceQuery } from './openingOrder';
import { allFrames, comesAsFrames, FRAMES_ACCEPT, frameCount, framesUrl } from './wadoFrames';

export type Get = (url: string, init: RequestInit) => Promise<Response>;

export const DICOM_JSON: RequestInit = { headers: { Accept: 'application/dicom+json' } };

export interface OpeningFrames {
  url: string;
  headers: Record<string, string>;
  frames: number;
  metadata: DicomJsonDataset;
}

/** A JSON list answer's datasets; none for a failed answer. The body is read from a copy: the viewer may take the response. */
export function jsonList(response: Response): Promise<DicomJsonDataset[]> {
  if (!response.ok) return Promise.resolve([]);
  return response
    .clone()
    .json()
    .then((body: unknown) => (Array.isArray(body) ? body.filter(isDicomJsonDataset) : []));
}

/** The opening instance's URL (`.../series/{se}/instances/{sop}`), or null if the series has none of that number. */
export async function openingInstanceUrl(seriesUrl: string, get: Get): Promise<string | null> {
  const [opening] = await jsonList(await get(openingInstanceQuery(seriesUrl), DICOM_JSON));
  const sopInstanceUID = opening ? jsonString(opening, TAG.sopInstanceUID) : '';
  return sopInstanceUID ? `${seriesUrl}/instances/${sopInstanceUID}` : null;
}

/**
 * Every frame of the instance in one request, at the URL and with the media type the viewer's
 * DICOMweb client asks for them; null when its metadata is missing or it has no frames.
 */
export async function instanceFrames(instanceUrl: string, get: Get): Promise<OpeningFrames | null> {
  const [metadata] = await jsonList(await get(`${instanceUrl}/metadata`, DICOM_JSON));
  if (!metadata || !comesAsFrames(metadata)) return null;
  const frames = frameCount(metadata);
  return { url: framesUrl(instanceUrl, allFrames(frames)), headers: { Accept: FRAMES_ACCEPT }, frames, metadata };
}
