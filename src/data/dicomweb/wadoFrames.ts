/**
 * Which instances come as WADO-RS frames, and the one URL their frames are asked at. Shared by
 * the early start (earlyFetch, in the entry chunk: kept free of dcmjs) and the DICOMweb client,
 * so that the client finds the answer the page asked for before the viewer's code had loaded.
 */
import { type DicomJsonDataset, TAG, jsonNumber, jsonString } from './dicomJson';

const SEGMENTATION_SOP_CLASS = '1.2.840.10008.5.1.4.1.1.66.4';

/**
 * An image has Rows; its Pixel Data cannot tell, as some servers (Orthanc) leave it out of the
 * metadata of compressed instances. A segmentation has Rows too, but is read as a document:
 * whole, its 1-bit frames as they were stored.
 */
export function comesAsFrames(metadata: DicomJsonDataset): boolean {
  return (jsonNumber(metadata, TAG.rows) ?? 0) > 0 && jsonString(metadata, TAG.sopClassUID) !== SEGMENTATION_SOP_CLASS;
}

export function frameCount(metadata: DicomJsonDataset): number {
  return Math.max(1, jsonNumber(metadata, TAG.numberOfFrames) ?? 1);
}

/** `frames/1,2,...`: every frame of the instance in one request. */
export function framesUrl(instanceUrl: string, frameNumbers: number[]): string {
  return `${instanceUrl}/frames/${frameNumbers.join(',')}`;
}

export function allFrames(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i + 1);
}

/** Frames in the syntax the server holds them: no transcoding on the way. */
export const FRAMES_ACCEPT = 'multipart/related; type="application/octet-stream"; transfer-syntax=*';
