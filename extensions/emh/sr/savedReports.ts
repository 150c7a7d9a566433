import { Observable } from '../../../src/state/observable';
import type { HostServices } from '../../../src/extensions/hostServices';
import type { DicomDocument } from '../../../src/data/types';
import { readSourceBytes } from '../../../src/data/instanceStore';
import { parseDicom } from '../../../src/data/parseDicom';
import type { InventoryAdapter } from '../annotations/inventoryAdapter';
import { measurementReport } from './srExport';
import { timepointReport } from './rules/srTimepoint';
import { inventoryContext } from '../inventory/inventoryContext';
import { importMeasurementReport, type SrImportReport } from './srImport';
import { errorMessage } from '../../../src/util/errorMessage';
import type { IronStore } from '../iron/rules/ironStore';
import type { SegmentStore } from '../volumes/rules/segmentStore';
import type { SegImports } from '../volumes/segImport';
import { caseSegs, reportVolumes, segBytes } from '../volumes/caseSegs';

const SR_SOP_CLASS_PREFIX = '1.2.840.10008.5.1.4.1.1.88.';

export type PacsSaveState =
  { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; sopInstanceUID: string; at: Date } | { kind: 'failed'; message: string };

/**
 * Measurement reports and the PACS: the SRs that came with the open studies (from a PACS or
 * dropped with the images), loading one back into the case, and saving the case's report to
 * the PACS its study came from (STOW-RS). A failed save changes nothing locally: the autosave
 * keeps the case, and the save can be tried again.
 */
export class SavedReports extends Observable {
  private saveState: PacsSaveState = { kind: 'idle' };

  constructor(
    private readonly services: HostServices,
    private readonly adapter: InventoryAdapter,
    private readonly iron: IronStore | null = null,
    private readonly volumes: { readonly segments: SegmentStore; readonly segImports: SegImports } | null = null,
  ) {
    super();
  }

  /** Every SR document of the active patient's studies, newest first. */
  reports(): DicomDocument[] {
    return this.services.data
      .activeStudies()
      .flatMap((study) => study.documents)
      .filter((d) => d.sopClassUID.startsWith(SR_SOP_CLASS_PREFIX))
      .sort((a, b) => b.dateTime.localeCompare(a.dateTime));
  }

  /** The study the latest time point's report is filed in (CT first) and its PACS, if any. */
  pacsTarget(): { studyInstanceUID: string; server: string } | null {
    const { store } = this.adapter;
    const filed =
      store.state().annotations.length > 0
        ? timepointReport(store.state(), store.thresholds, inventoryContext(this.services.data)).filedIn
        : null;
    const studies = filed ? [filed] : this.services.data.activeStudies().map((s) => s.studyInstanceUID);
    for (const study of studies) {
      const server = this.services.dicomweb.serverForStudy(study);
      if (server) return { studyInstanceUID: study, server: server.url };
    }
    return null;
  }

  /** Where the latest save to the PACS stands. */
  pacsSave(): PacsSaveState {
    return this.saveState;
  }

  /** STOW-RS of the TID 1500 report; resolves with the stored SOP Instance UID. */
  async storeToPacs(): Promise<string> {
    const target = this.pacsTarget();
    if (!target) throw new Error('These images did not come from a PACS: use "DICOM SR" to save the report as a file');
    const server = this.services.dicomweb.serverForStudy(target.studyInstanceUID);
    if (!server) throw new Error('The PACS of this study is no longer connected');
    if (this.adapter.store.state().annotations.length === 0 && (this.iron?.rois().length ?? 0) === 0) {
      throw new Error('Nothing to save: the case has no measurements yet');
    }
    const { store } = this.adapter;
    const volumes = this.volumes ? reportVolumes(this.services, store, this.volumes.segments) : undefined;
    const bytes = measurementReport(store, this.services.data, this.services.geometry, { iron: this.iron, volumes });
    const sopInstanceUID = (parseDicom(bytes, { untilTag: 'x00080020' }).string('x00080018') ?? '').trim();
    // The SEGs the report's volumes cite go first: the PACS never holds a report citing a SEG it lacks.
    const cited = new Set([...(volumes?.values() ?? [])].map((v) => v.seg.sopInstanceUID));
    const segs = this.volumes
      ? caseSegs(this.services, store, this.volumes.segments).filter((seg) => cited.has(seg.identity.sopInstanceUID))
      : [];
    this.setSave({ kind: 'saving' });
    try {
      for (const seg of segs) await server.store(segBytes(seg), seg.series.studyInstanceUID);
      await server.store(bytes, target.studyInstanceUID);
    } catch (error) {
      const message = errorMessage(error);
      this.setSave({ kind: 'failed', message });
      throw new Error(`The report was not saved to the PACS: ${message}. The case is kept in this browser; try again.`);
    }
    this.setSave({ kind: 'saved', sopInstanceUID, at: new Date() });
    // The stored report joins its study's documents, as it would on reopening from the PACS.
    void this.services.data.load([
      { kind: 'file', name: `${sopInstanceUID}.dcm`, blob: new Blob([bytes as BlobPart], { type: 'application/dicom' }) },
    ]);
    return sopInstanceUID;
  }

  /** Reads one of the study's reports into the case (same as importing the file). */
  async load(document: DicomDocument): Promise<SrImportReport> {
    const bytes = await readSourceBytes(document.source);
    const report = importMeasurementReport(bytes, this.adapter, this.services.data, this.services.geometry, this.iron);
    this.volumes?.segImports.fromReport(report.volumes);
    return report;
  }

  private setSave(state: PacsSaveState): void {
    this.saveState = state;
    this.notify();
  }
}
