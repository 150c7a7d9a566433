/**
 * What the viewer makes of one file, decided in Node by the viewer's own code: readInstance,
 * then every frame through the image loader's extraction and decode (nodeDecode.ts), checked as
 * the loader checks a decoded frame. Used by the fuzz test and, as the expected outcome, by the
 * browser fuzz spec.
 */
import { readInstance } from '../readInstance';
import { decodedFrameBytes, decodedFrameProblem, describeDecodeFailure, readPixelLayout } from '../pixelAttributes';
import { decodeFrameInNode } from './nodeDecode';

export type Outcome =
  | { status: 'image'; frames: number; largestDecodedBytes: number; frameByteLimit: number }
  | { status: 'document' }
  | { status: 'refused'; stage: 'read' | 'decode'; reason: string };

export async function classify(bytes: Uint8Array): Promise<Outcome> {
  const result = readInstance(bytes);
  if (result.kind === 'refused') return { status: 'refused', stage: 'read', reason: result.reason };
  if (result.kind === 'document') return { status: 'document' };
  const { fullDataSet, header } = result;
  const layout = readPixelLayout(fullDataSet);
  if (typeof layout === 'string') throw new Error(`accepted with an impossible layout: ${layout}`);
  let largestDecodedBytes = 0;
  for (let frame = 0; frame < header.numberOfFrames; frame++) {
    let problem: string | null;
    try {
      const decoded = await decodeFrameInNode(fullDataSet, header.transferSyntaxUID, frame);
      largestDecodedBytes = Math.max(largestDecodedBytes, decoded.pixelData.byteLength);
      problem = decodedFrameProblem(
        { rows: header.rows, columns: header.columns, samplesPerPixel: layout.samplesPerPixel },
        { rows: decoded.rows, columns: decoded.columns, values: decoded.pixelData.length },
      );
    } catch (error) {
      problem = describeDecodeFailure(error, header.transferSyntaxUID);
    }
    if (problem) return { status: 'refused', stage: 'decode', reason: problem };
  }
  return { status: 'image', frames: header.numberOfFrames, largestDecodedBytes, frameByteLimit: decodedFrameBytes(layout) };
}
