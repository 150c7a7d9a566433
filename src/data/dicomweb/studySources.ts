import type { InstanceSource, WadoInstanceReader } from '../types';
import { type DicomJsonDataset, TAG, jsonString } from './dicomJson';
import type { DicomwebServer } from './dicomwebServer';
import { part10FromWado } from './part10FromWado';
import { byNumber, OPENING_INSTANCE_NUMBER, seriesInOrder } from './openingOrder';
import { allFrames, comesAsFrames, frameCount } from './wadoFrames';

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
      if (!comesAsFrames(metadata)) return server.instance(uids);
      return part10FromWado(metadata, await server.frames(uids, allFrames(frameCount(metadata))));
    },
    frameRequest(metadata) {
      if (!comesAsFrames(metadata)) return null;
      const frames = frameCount(metadata);
      return { ...server.framesRequest(uidsOf(metadata), frames), frames };
    },
    startedEarly(metadata) {
      return comesAsFrames(metadata) && server.hasEarlyFrames(uidsOf(metadata));
    },
  };
}

function instanceName(metadata: DicomJsonDataset): string {
  const series = jsonString(metadata, TAG.seriesDescription) || jsonString(metadata, TAG.modality) || 'series';
  const number = jsonString(metadata, TAG.instanceNumber);
  return `${series} #${number || jsonString(metadata, TAG.sopInstanceUID)}`;
}

export interface StudyOpening {
  /** The first series' first instance, read while the whole study's metadata is on its way. */
  lead: InstanceSource[];
  /** Every other instance of the study, once its metadata has arrived. */
  rest: Promise<InstanceSource[]>;
}

/**
 * A study's instances as sources: series from QIDO-RS, instances from each series' WADO-RS
 * metadata, in series-number then instance-number order, so the first image a viewport shows
 * is the first to arrive. A thin-slice series' metadata is a megabyte or more that the PACS
 * reads from every file; the image the viewer opens on does not wait for it: its own metadata
 * is asked for at once (QIDO-RS for instance number 1, then that instance's metadata).
 */
export async function studyOpening(server: DicomwebServer, studyInstanceUID: string): Promise<StudyOpening> {
  const series = seriesInOrder(await server.studySeries(studyInstanceUID));
  if (series.length === 0) throw new Error(`the PACS has no series for study ${studyInstanceUID}`);
  const reader = wadoReader(server);
  const toSource = (m: DicomJsonDataset): InstanceSource => ({ kind: 'dicomweb', name: instanceName(m), reader, metadata: m });
  const everything = Promise.all(series.map((s) => server.seriesMetadata(studyInstanceUID, jsonString(s, TAG.seriesInstanceUID))));
  everything.catch(() => undefined); // awaited below; the lead must not make it unhandled meanwhile
  const lead = await leadMetadata(server, studyInstanceUID, jsonString(series[0] as DicomJsonDataset, TAG.seriesInstanceUID));
  const leadUid = lead ? jsonString(lead, TAG.sopInstanceUID) : null;
  return {
    lead: lead ? [toSource(lead)] : [],
    rest: everything.then((metadata) =>
      metadata.flatMap((instances) =>
        instances
          .sort(byNumber(TAG.instanceNumber))
          .filter((m) => jsonString(m, TAG.sopInstanceUID) !== leadUid)
          .map(toSource),
      ),
    ),
  };
}

/** The opening instance's metadata; null if the PACS cannot list or describe it (the rest still opens). */
async function leadMetadata(server: DicomwebServer, studyInstanceUID: string, seriesInstanceUID: string): Promise<DicomJsonDataset | null> {
  try {
    const [first] = await server.instanceByNumber(studyInstanceUID, seriesInstanceUID, OPENING_INSTANCE_NUMBER);
    if (!first) return null;
    const sopInstanceUID = jsonString(first, TAG.sopInstanceUID);
    const [metadata] = await server.instanceMetadata({ studyInstanceUID, seriesInstanceUID, sopInstanceUID });
    return metadata && comesAsFrames(metadata) ? metadata : null;
  } catch {
    return null;
  }
}
