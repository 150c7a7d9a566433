import { type DicomJsonDataset, TAG, jsonNumber } from './dicomJson';

/**
 * The order a PACS study opens in, shared by the viewer and the page's early requests (which
 * guess the same first series and instance before the viewer's code has loaded). Pure.
 */
export function byNumber(tag: string) {
  return (a: DicomJsonDataset, b: DicomJsonDataset): number => (jsonNumber(a, tag) ?? Infinity) - (jsonNumber(b, tag) ?? Infinity);
}

/** Series in series-number order: the order the viewer opens and the early fetch guesses. */
export function seriesInOrder(series: DicomJsonDataset[]): DicomJsonDataset[] {
  return [...series].sort(byNumber(TAG.seriesNumber));
}

/** The instance number a series opens on (image 1 of the stack, as the scanner numbered it). */
export const OPENING_INSTANCE_NUMBER = 1;

/** The QIDO-RS search for a series' instance of that number, under `.../studies/{st}/series/{se}`. */
export function openingInstanceQuery(seriesUrl: string, instanceNumber = OPENING_INSTANCE_NUMBER): string {
  return `${seriesUrl}/instances?${TAG.instanceNumber}=${instanceNumber}`;
}
