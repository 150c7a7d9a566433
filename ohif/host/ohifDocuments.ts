/**
 * OHIF's report and segmentation display sets as our documents. OHIF lists an SR or a SEG
 * found in the study but keeps its content to itself; our saved-reports list and the SEG
 * import read the file, so each one is read whole from the data source (WADO-RS), once, and
 * joins its study's documents as it does when our viewer opens a study from the PACS.
 */
import type { DataManager } from '../../src/data/dataManager';
import type { InstanceSource } from '../../src/data/types';
import { TAG, type DicomJsonDataset } from '../../src/data/dicomweb/dicomJson';
import { wadoReader } from '../../src/data/dicomweb/studySources';
import type { DicomwebService } from '../../src/data/dicomweb/dicomwebService';
import type { OhifDisplaySet, OhifDisplaySetService } from '../ohifTypes';

const SR_SOP_CLASS_PREFIX = '1.2.840.10008.5.1.4.1.1.88.';
const SEGMENTATION_SOP_CLASS = '1.2.840.10008.5.1.4.1.1.66.4';

/** What a WADO-RS read of a whole instance needs: its UIDs (no Rows: not an image). */
function wadoMetadata(instance: Record<string, unknown>): DicomJsonDataset | null {
  const text = (keyword: string): string => (typeof instance[keyword] === 'string' ? (instance[keyword] as string) : '');
  const sopClassUID = text('SOPClassUID');
  if (!sopClassUID.startsWith(SR_SOP_CLASS_PREFIX) && sopClassUID !== SEGMENTATION_SOP_CLASS) return null;
  const uid = (value: string) => ({ vr: 'UI', Value: [value] });
  return {
    [TAG.studyInstanceUID]: uid(text('StudyInstanceUID')),
    [TAG.seriesInstanceUID]: uid(text('SeriesInstanceUID')),
    [TAG.sopInstanceUID]: uid(text('SOPInstanceUID')),
    [TAG.sopClassUID]: uid(sopClassUID),
    [TAG.modality]: { vr: 'CS', Value: [text('Modality')] },
  };
}

/** Reads each SR and SEG of OHIF's display sets once; returns the unsubscribe. */
export function followDocuments(displaySets: OhifDisplaySetService, data: DataManager, dicomweb: DicomwebService): () => void {
  const asked = new Set<string>();
  const read = (sets: OhifDisplaySet[]): void => {
    const server = dicomweb.connected();
    if (!server) return;
    const reader = wadoReader(server);
    const sources: InstanceSource[] = [];
    for (const instance of sets.flatMap((set) => set.instances ?? (set.instance ? [set.instance] : []))) {
      const metadata = wadoMetadata(instance);
      const sop = metadata?.[TAG.sopInstanceUID]?.Value?.[0];
      if (!metadata || typeof sop !== 'string' || asked.has(sop)) continue;
      asked.add(sop);
      sources.push({ kind: 'dicomweb', name: `${String(instance.Modality ?? 'document')} ${sop}`, reader, metadata });
    }
    if (sources.length > 0) void data.load(sources);
  };
  read(displaySets.getActiveDisplaySets());
  const subscriptions = ['DISPLAY_SETS_ADDED', 'DISPLAY_SETS_CHANGED']
    .map((name) => displaySets.EVENTS[name])
    .filter((event): event is string => typeof event === 'string')
    .map((event) => displaySets.subscribe(event, () => read(displaySets.getActiveDisplaySets())));
  return () => subscriptions.forEach((s) => s.unsubscribe());
}
