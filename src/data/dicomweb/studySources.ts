import type { InstanceSource, WadoInstanceReader } from '../types';
import { type DicomJsonDataset, TAG, jsonNumber, jsonString } from './dicomJson';
import type { DicomwebServer } from './dicomwebServer';
import { part10FromWado } from './part10FromWado';

const SEGMENTATION_SOP_CLASS = '1.2.840.10008.5.1.4.1.1.66.4';

/**
 * An image has Rows; its Pixel Data cannot tell, as some servers (Orthanc) leave it out of the
 * metadata of compressed instances. A segmentation has Rows too, but is read as a document:
 * whole, its 1-bit frames as they were stored.
 */
function isImage(metadata: DicomJsonDataset): boolean {
  return (jsonNumber(metadata, TAG.rows) ?? 0) > 0 && jsonString(metadata, TAG.sopClassUID) !== SEGMENTATION_SOP_CLASS;
}

function uidsOf(metadata: DicomJsonDataset): { studyInstanceUID: string; seriesInstanceUID: string; sopInstanceUID: string } {
  return {
    studyInstanceUID: jsonString(metadata, TAG.studyInstanceUID),
    seriesInstanceUID: jsonString(metadata, TAG.seriesInstanceUID),
    sopInstanceUID: jsonString(metadata, TAG.sopInstanceUID),
  };
}

/**
 * Images come as WADO-RS frames (every frame of an instance in one request) wrapped into a
 * Part 10 file; documents (SR, PDF) have no frames and come whole.
 */
export function wadoReader(server: DicomwebServer): WadoInstanceReader {
  return {
    server: server.url,
    async read(metadata) {
      const uids = uidsOf(metadata);
      if (!isImage(metadata)) return server.instance(uids);
      const count = Math.max(1, jsonNumber(metadata, TAG.numberOfFrames) ?? 1);
      const frames = await server.frames(
        uids,
        Array.from({ length: count }, (_, i) => i + 1),
      );
      return part10FromWado(metadata, frames);
    },
  };
}

function instanceName(metadata: DicomJsonDataset): string {
  const series = jsonString(metadata, TAG.seriesDescription) || jsonString(metadata, TAG.modality) || 'series';
  const number = jsonString(metadata, TAG.instanceNumber);
  return `${series} #${number || jsonString(metadata, TAG.sopInstanceUID)}`;
}

function byNumber(tag: string) {
  return (a: DicomJsonDataset, b: DicomJsonDataset): number => (jsonNumber(a, tag) ?? Infinity) - (jsonNumber(b, tag) ?? Infinity);
}

/**
 * Every instance of a study as a source: series from QIDO-RS, instances from each series'
 * WADO-RS metadata. Series are listed in series-number order and instances in instance-number
 * order, so the first image a viewport shows is the first to arrive.
 */
export async function studySources(server: DicomwebServer, studyInstanceUID: string): Promise<InstanceSource[]> {
  const series = (await server.studySeries(studyInstanceUID)).sort(byNumber(TAG.seriesNumber));
  if (series.length === 0) throw new Error(`the PACS has no series for study ${studyInstanceUID}`);
  const reader = wadoReader(server);
  const metadata = await Promise.all(series.map((s) => server.seriesMetadata(studyInstanceUID, jsonString(s, TAG.seriesInstanceUID))));
  return metadata.flatMap((instances) =>
    instances
      .sort(byNumber(TAG.instanceNumber))
      .map((m): InstanceSource => ({ kind: 'dicomweb', name: instanceName(m), reader, metadata: m })),
  );
}
