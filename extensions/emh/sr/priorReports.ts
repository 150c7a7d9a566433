import type { HostServices } from '../../../src/extensions/hostServices';
import type { DicomwebServer } from '../../../src/data/dicomweb/dicomwebServer';
import { jsonString } from '../../../src/data/dicomweb/dicomJson';
import { errorMessage } from '../../../src/util/errorMessage';
import type { InventoryAdapter } from '../annotations/inventoryAdapter';
import { inventoryContext } from '../inventory/inventoryContext';
import { isoDate } from '../followUp/rules/timepoints';
import { newestPerStudy, priorReportCandidate, type PriorReportCandidate } from './rules/priorReportChoice';
import { importMeasurementReport } from './srImport';

const MODALITY = '00080060';

/**
 * The prior reports of a follow-up (docs/exports.md#prior-reports-from-the-pacs): when the
 * active patient's study was opened from the PACS, our reports in that patient's earlier
 * studies on the PACS (the newest of each) are read into the case as its history, once per
 * study, with one notice of what is left to measure. A report of another patient is never
 * read (PatientID and issuer here; the import checks the PatientID again).
 */
export class PriorReports {
  /** Studies already looked at in this session, by patient: each is asked once. */
  readonly #asked = new Set<string>();
  #running: Promise<void> = Promise.resolve();

  constructor(
    private readonly services: HostServices,
    private readonly adapter: InventoryAdapter,
  ) {}

  /** Follows the patient's studies over time; returns the unsubscribe. */
  start(): () => void {
    return this.services.timeline.subscribe(() => {
      this.#running = this.#running.then(() => this.check());
    });
  }

  /** Resolves when the reports found so far are read (tests, commands). */
  settled(): Promise<void> {
    return this.#running;
  }

  /** The earlier studies on the PACS to look in, and the server: none unless a study came from it. */
  #priorStudies(): { server: DicomwebServer; studies: string[] } | null {
    const { timeline: timelineService, dicomweb } = this.services;
    const timeline = timelineService.timeline();
    if (!timeline.patientID || timeline.searching) return null;
    const loaded = timeline.studies.filter((s) => s.loaded);
    const server = loaded.map((s) => dicomweb.serverForStudy(s.studyInstanceUID)).find((s) => s !== null);
    if (!server) return null;
    const order = timeline.timepoints.map((t) => t.id);
    const latestOpen = Math.max(...loaded.map((s) => order.indexOf(s.timepoint ?? '')));
    const measured = new Set(this.adapter.store.state().annotations.map((a) => a.ref.studyInstanceUID));
    const studies = timeline.studies
      .filter((s) => !s.loaded && order.indexOf(s.timepoint ?? '') < latestOpen && !measured.has(s.studyInstanceUID))
      .map((s) => s.studyInstanceUID)
      .filter((uid) => !this.#asked.has(`${timeline.patientID}|${uid}`));
    studies.forEach((uid) => this.#asked.add(`${timeline.patientID}|${uid}`));
    return studies.length > 0 ? { server, studies } : null;
  }

  async check(): Promise<void> {
    const found = this.#priorStudies();
    const patient = this.services.data.activePatient()?.identity;
    if (!found || !patient?.id) return;
    try {
      const candidates: PriorReportCandidate[] = [];
      for (const studyInstanceUID of found.studies) {
        const series = await found.server.studySeries(studyInstanceUID);
        for (const s of series.filter((d) => jsonString(d, MODALITY) === 'SR')) {
          const metadata = await found.server.seriesMetadata(studyInstanceUID, jsonString(s, '0020000E'));
          candidates.push(...metadata.flatMap((m) => priorReportCandidate(m) ?? []));
        }
      }
      const chosen = newestPerStudy(candidates, { id: patient.id, issuer: patient.issuer });
      if (chosen.length === 0) return;
      for (const report of chosen) {
        const bytes = await found.server.instance(report);
        importMeasurementReport(bytes, this.adapter, this.services.data, this.services.geometry);
      }
      this.#announce(chosen);
    } catch (error) {
      this.services.notifications.show('warning', `The prior report could not be loaded: ${errorMessage(error)}`);
    }
  }

  /** One notice: which reports, and how many of their lesions are not measured on the open visit yet. */
  #announce(chosen: readonly PriorReportCandidate[]): void {
    const inventory = this.adapter.store.inventory(inventoryContext(this.services.data));
    const toMeasure = inventory.lesions.filter((l) => l.status === 'not-measured').length;
    const dates = chosen.map((c) => isoDate(c.studyDate) ?? 'an undated study').join(', ');
    const what = chosen.length === 1 ? `Prior report of ${dates}` : `Prior reports of ${dates}`;
    this.services.notifications.show('info', `${what} loaded: ${toMeasure} ${toMeasure === 1 ? 'lesion' : 'lesions'} to measure`);
  }
}
