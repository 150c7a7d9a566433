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

/** The instance a series opens on: the lowest instance number of a QIDO-RS instance list. */
export function openingInstance(instances: DicomJsonDataset[]): DicomJsonDataset | undefined {
  return [...instances].sort(byNumber(TAG.instanceNumber))[0];
}
