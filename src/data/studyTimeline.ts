/**
 * The active patient's studies over time: the ones open in the viewer and, with a DICOMweb
 * server connected, the ones it holds for the same PatientID (QIDO-RS), grouped into time
 * points. What the priors list shows and `viewer.studies` returns.
 */
import { Observable } from '../state/observable';
import type { DataManager } from './dataManager';
import type { DicomwebService } from './dicomweb/dicomwebService';
import type { StudySummary } from './dicomweb/dicomJson';
import { DEFAULT_TIMEPOINT_WINDOW_DAYS, groupTimepoints, timepointOf, type Timepoint } from './timepoints';
import { errorMessage } from '../util/errorMessage';

export interface TimelineStudy {
  studyInstanceUID: string;
  /** YYYYMMDD, null when the study has none. */
  date: string | null;
  description: string;
  modalities: string[];
  /** Open in the viewer; else only on the PACS (opening it retrieves it). */
  loaded: boolean;
  timepoint: string | null;
}

export interface Timeline {
  patientID: string | null;
  timepoints: Timepoint[];
  /** Oldest first, as the time points order them. */
  studies: TimelineStudy[];
  /** Why the PACS could not be asked, if it was and failed. */
  pacsError: string | null;
  searching: boolean;
}

export class StudyTimeline extends Observable {
  /** QIDO answers per server and PatientID: asked once per patient, again on refresh(). */
  private readonly pacsStudies = new Map<string, StudySummary[]>();
  private readonly errors = new Map<string, string>();
  private readonly pending = new Set<string>();

  constructor(
    private readonly data: DataManager,
    private readonly dicomweb: DicomwebService,
    private readonly windowDays = DEFAULT_TIMEPOINT_WINDOW_DAYS,
  ) {
    super();
    data.subscribe(() => {
      this.askPacs();
      this.notify();
    });
    dicomweb.subscribe(() => this.askPacs());
  }

  /** Asks the PACS again for the active patient's studies (a study may have arrived since). */
  async refresh(): Promise<void> {
    const key = this.queryKey();
    if (key) this.pacsStudies.delete(key);
    await this.askPacs();
  }

  timeline(): Timeline {
    const patientID = this.patientID();
    const loaded = this.data.activeStudies().map((study): TimelineStudy => ({
      studyInstanceUID: study.studyInstanceUID,
      date: study.studyDate.trim() || null,
      description: study.description,
      modalities: [...new Set(study.series.map((s) => s.modality).concat(study.documents.map((d) => d.modality)))],
      loaded: true,
      timepoint: null,
    }));
    const known = new Set(loaded.map((s) => s.studyInstanceUID));
    const key = this.queryKey();
    const remote = (key ? (this.pacsStudies.get(key) ?? []) : [])
      .filter((s) => s.patientID === patientID && !known.has(s.studyInstanceUID))
      .map((s): TimelineStudy => ({
        studyInstanceUID: s.studyInstanceUID,
        date: s.studyDate.trim() || null,
        description: s.description,
        modalities: s.modalities,
        loaded: false,
        timepoint: null,
      }));
    const all = [...loaded, ...remote];
    const timepoints = groupTimepoints(
      all.map((s) => ({ studyInstanceUID: s.studyInstanceUID, date: s.date })),
      this.windowDays,
    );
    const order = timepoints.flatMap((t) => t.studyInstanceUIDs);
    const studies = order.map((uid) => {
      const study = all.find((s) => s.studyInstanceUID === uid) as TimelineStudy;
      return { ...study, timepoint: timepointOf(timepoints, uid) };
    });
    return {
      patientID,
      timepoints,
      studies,
      pacsError: key ? (this.errors.get(key) ?? null) : null,
      searching: key !== null && this.pending.has(key),
    };
  }

  private patientID(): string | null {
    return this.data.activePatient()?.identity.id || null;
  }

  private queryKey(): string | null {
    const server = this.dicomweb.connected();
    const id = this.patientID();
    return server && id ? `${server.url}|${id}` : null;
  }

  private async askPacs(): Promise<void> {
    const server = this.dicomweb.connected();
    const patientID = this.patientID();
    const key = this.queryKey();
    if (!server || !patientID || !key || this.pacsStudies.has(key) || this.pending.has(key)) return;
    this.pending.add(key);
    this.notify();
    try {
      this.pacsStudies.set(key, await server.searchStudies({ patientID }));
      this.errors.delete(key);
    } catch (error) {
      // Kept so the list says the PACS was not reachable; the open studies still show.
      this.pacsStudies.set(key, []);
      this.errors.set(key, errorMessage(error));
    } finally {
      this.pending.delete(key);
      this.notify();
    }
  }
}
