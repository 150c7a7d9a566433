import { StudyCollection } from './studyModel';
import { imageIdFor, instanceStore } from './instanceStore';
import { thisThreadReader, type InstanceReader } from './reader/instanceReader';
import { ReadingPace } from './readingPace';
import type { DicomDocument, ImageInstance, InstanceSource, LoadReport, Refusal } from './types';
import { errorMessage } from '../util/errorMessage';

export interface IngestProgress {
  total: number;
  done: number;
  refused: Refusal[];
}

export interface IngestListener {
  onImage(instance: ImageInstance): void;
  onDocument(document: DicomDocument): void;
  onProgress(progress: IngestProgress): void;
  /** A source that could not be fetched (network, server): reading it again may work. */
  onUnread?(source: InstanceSource, refusal: Refusal): void;
  /** A source was read (or refused): sources finish out of order, a few being read at once. */
  onSourceDone?(source: InstanceSource): void;
}

/**
 * Reads every source, a few at a time (readingPace.ts) and in the order given, into the study collection. A file that cannot be shown
 * becomes a refusal with a reason and never stops the others. Resolves once every source was
 * read or refused; decoding pixels is the viewport layer's business.
 */
export async function ingest(
  sources: InstanceSource[],
  collection: StudyCollection,
  listener: IngestListener,
  reader: InstanceReader = thisThreadReader,
  pace: ReadingPace = new ReadingPace(),
): Promise<LoadReport> {
  const report: LoadReport = { loaded: 0, refused: [], documents: 0 };
  const progress: IngestProgress = { total: sources.length, done: 0, refused: report.refused };
  let next = 0;
  listener.onProgress(progress);

  async function readOne(source: InstanceSource): Promise<void> {
    const result = await reader.read(source);
    if (result.kind === 'unread') {
      const refusal = { file: source.name, reason: result.reason };
      report.refused.push(refusal);
      listener.onUnread?.(source, refusal);
      return;
    }
    if (result.kind === 'refused') {
      report.refused.push({ file: source.name, reason: result.reason });
      return;
    }
    const otherPatient = collection.refusalFor(result.header);
    if (otherPatient) {
      report.refused.push({ file: source.name, reason: otherPatient });
      return;
    }
    const key = instanceStore.newKey();
    if (result.kind === 'document') {
      const { header } = result;
      const document: DicomDocument = {
        key,
        sopInstanceUID: header.sopInstanceUID,
        sopClassUID: header.sopClassUID,
        studyInstanceUID: header.studyInstanceUID,
        seriesInstanceUID: header.seriesInstanceUID,
        modality: header.modality,
        description: result.description,
        dateTime: result.dateTime,
        source,
      };
      // Already open (or another copy of it): counted, as an image already open is, so every
      // file shows in the report once.
      report.documents += 1;
      if (collection.addDocument(document, header)) listener.onDocument(document);
      return;
    }
    const frames = result.header.numberOfFrames;
    const instance: ImageInstance = {
      key,
      header: result.header,
      headerDataSet: result.headerDataSet,
      imageIds: frames > 1 ? Array.from({ length: frames }, (_, i) => imageIdFor(key, i + 1)) : [imageIdFor(key, null)],
      source,
    };
    if (!collection.addImage(instance)) {
      report.loaded += 1; // already open: counts as loaded, nothing to add
      return;
    }
    if (result.decoded) instanceStore.addDecoded(instance, result.decoded);
    else if (result.fullDataSet) instanceStore.add(instance, result.fullDataSet);
    else instanceStore.addUnread(instance);
    report.loaded += 1;
    listener.onImage(instance);
  }

  async function slot(index: number): Promise<void> {
    while (next < sources.length) {
      for (let wait = pace.waitFor(index); wait > 0; wait = pace.waitFor(index)) {
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
      if (next >= sources.length) return;
      const source = sources[next++];
      try {
        await readOne(source);
      } catch (error) {
        report.refused.push({ file: source.name, reason: `unexpected error: ${describe(error)}` });
      }
      progress.done += 1;
      listener.onSourceDone?.(source);
      listener.onProgress(progress);
    }
  }

  await Promise.all(Array.from({ length: Math.min(ReadingPace.FULL, sources.length) }, (_, index) => slot(index)));
  return report;
}

function describe(error: unknown): string {
  if (error instanceof TypeError && /fetch/i.test(error.message)) return 'the server did not answer';
  return errorMessage(error);
}
