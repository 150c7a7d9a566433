/**
 * Our DataManager filled from OHIF's display sets instead of from files: the extension finds
 * series, instances and headers through it as in our viewer, while the images stay OHIF's
 * (their imageIds are OHIF's `wadors:` ones, which OHIF's Cornerstone loads). Nothing is read
 * twice: headers come from the metadata OHIF already holds.
 */
import type { DataSet } from 'dicom-parser';
import { parseDicom } from '../../src/data/parseDicom';
import { DataManager } from '../../src/data/dataManager';
import { dcmjsData, EXPLICIT_VR_LITTLE_ENDIAN, type NaturalDataset } from '../../src/data/dcmjs';
import type { ImageInstance, WadoInstanceReader } from '../../src/data/types';
import type { DicomwebServer } from '../../src/data/dicomweb/dicomwebServer';
import { TAG, type DicomJsonDataset } from '../../src/data/dicomweb/dicomJson';
import type { OhifDisplaySet, OhifDisplaySetService } from '../ohifTypes';
import { instanceHeaderOf, isImageInstance, type OhifInstance } from '../rules/ohifSeries';

/** Attributes OHIF keeps beside the DICOM ones (imageId, URLs, functions) are not written. */
function dicomAttributes(instance: OhifInstance): NaturalDataset {
  const { nameMap } = dcmjsData.DicomMetaDictionary;
  const out: Record<string, unknown> = {};
  for (const [keyword, value] of Object.entries(instance)) {
    if (keyword === 'PixelData' || !nameMap[keyword] || value === undefined || value === null || typeof value === 'function') continue;
    out[keyword] = value;
  }
  return out as NaturalDataset;
}

/**
 * The instance's attributes as a parsed header (dicom-parser's DataSet, no pixel data), what
 * our code reads attributes from (slice thickness, field strength...).
 */
export function headerDataSetOf(instance: OhifInstance): DataSet {
  const dict = new dcmjsData.DicomDict({
    '00020001': { vr: 'OB', Value: [new Uint8Array([0, 1]).buffer] },
    '00020002': { vr: 'UI', Value: [String(instance.SOPClassUID ?? '')] },
    '00020003': { vr: 'UI', Value: [String(instance.SOPInstanceUID ?? '')] },
    '00020010': { vr: 'UI', Value: [EXPLICIT_VR_LITTLE_ENDIAN] },
  });
  dict.dict = dcmjsData.DicomMetaDictionary.denaturalizeDataset(dicomAttributes(instance));
  return parseDicom(new Uint8Array(dict.write({ allowInvalidVRLength: true })));
}

/** The imageIds of one instance, one per frame, as OHIF's display set lists them. */
function imageIdsOf(instance: OhifInstance, displaySet: OhifDisplaySet): string[] {
  const own = typeof instance.imageId === 'string' ? instance.imageId : null;
  const frames = Number(instance.NumberOfFrames ?? 1);
  if (own && frames <= 1) return [own];
  const sop = String(instance.SOPInstanceUID ?? '');
  const listed = (displaySet.imageIds ?? []).filter((id) => id.includes(sop));
  return listed.length > 0 ? listed : own ? [own] : [];
}

/**
 * An image's own file, for the code that needs its bytes (the teaching file's de-identified
 * DICOM): read whole from the data source (WADO-RS instance retrieval) when asked, never
 * before. OHIF's viewports load frames, not files, so there is nothing to reuse.
 */
export function wholeInstanceReader(server: () => DicomwebServer | null): WadoInstanceReader {
  return {
    get server() {
      return server()?.url ?? '';
    },
    async read(metadata) {
      const connected = server();
      if (!connected) throw new Error("The image's DICOM file cannot be read: OHIF's data source has no DICOMweb root");
      const uid = (tag: string): string => String(metadata[tag]?.Value?.[0] ?? '');
      return connected.instance({
        studyInstanceUID: uid(TAG.studyInstanceUID),
        seriesInstanceUID: uid(TAG.seriesInstanceUID),
        sopInstanceUID: uid(TAG.sopInstanceUID),
      });
    },
  };
}

/** The UIDs a whole-instance read needs, and no Rows (so no reader takes it for frames). */
function instanceUids(instance: ImageInstance['header']): DicomJsonDataset {
  const uid = (value: string) => ({ vr: 'UI', Value: [value] });
  return {
    [TAG.studyInstanceUID]: uid(instance.studyInstanceUID),
    [TAG.seriesInstanceUID]: uid(instance.seriesInstanceUID),
    [TAG.sopInstanceUID]: uid(instance.sopInstanceUID),
    [TAG.sopClassUID]: uid(instance.sopClassUID),
  };
}

export class OhifData extends DataManager {
  private readonly byImageId = new Map<string, { instance: ImageInstance; frame: number }>();
  private readonly files: WadoInstanceReader;

  /** `server`: the data source's DICOMweb server, asked each time a file is read (it follows the mode). */
  constructor(server: () => DicomwebServer | null = () => null) {
    super();
    this.files = wholeInstanceReader(server);
  }

  /** Adds every image display set OHIF has now and each one it adds later; returns the unsubscribe. */
  follow(displaySets: OhifDisplaySetService): () => void {
    this.addDisplaySets(displaySets.getActiveDisplaySets());
    const subscriptions = ['DISPLAY_SETS_ADDED', 'DISPLAY_SETS_CHANGED']
      .map((name) => displaySets.EVENTS[name])
      .filter((event): event is string => typeof event === 'string')
      .map((event) => displaySets.subscribe(event, () => this.addDisplaySets(displaySets.getActiveDisplaySets())));
    return () => subscriptions.forEach((s) => s.unsubscribe());
  }

  addDisplaySets(displaySets: OhifDisplaySet[]): void {
    let added = 0;
    for (const displaySet of displaySets) {
      for (const meta of (displaySet.instances ?? []).filter(isImageInstance)) {
        const imageIds = imageIdsOf(meta, displaySet);
        if (imageIds.length === 0) continue;
        const header = instanceHeaderOf(meta);
        const instance: ImageInstance = {
          key: header.sopInstanceUID,
          header,
          headerDataSet: headerDataSetOf(meta),
          imageIds,
          source: { kind: 'dicomweb', name: header.sopInstanceUID, reader: this.files, metadata: instanceUids(header) },
        };
        if (!this.collection.addImage(instance)) continue;
        imageIds.forEach((imageId, i) => this.byImageId.set(imageId, { instance, frame: i + 1 }));
        added += 1;
      }
    }
    if (added === 0) return;
    // The viewer shows one patient: the first OHIF opened is the active one.
    const first = this.collection.allSeries()[0];
    const patient = first ? this.collection.patientOfStudy(first.studyInstanceUID) : undefined;
    if (this.activePatientKey() === null && patient) this.setActivePatient(patient.key);
    this.notify();
  }

  override instanceForImageId(imageId: string): { instance: ImageInstance; frame: number } | undefined {
    return this.byImageId.get(imageId) ?? super.instanceForImageId(imageId);
  }
}
