import { Observable } from '../../state/observable';
import type { DataManager } from '../dataManager';
import type { LoadReport } from '../types';
import type { StudySearch, StudySummary } from './dicomJson';
import { type CredentialsPrompt, type DicomwebCredentials, DicomwebServer } from './dicomwebServer';
import { studyOpening } from './studySources';
import { errorMessage } from '../../util/errorMessage';

export interface StudyListState {
  server: string | null;
  search: StudySearch;
  studies: StudySummary[];
  searching: boolean;
  error: string | null;
  open: boolean;
}

/**
 * The viewer's PACS: which DICOMweb server is connected, the study list and its search, opening
 * a study into the data manager, and storing objects back. The UI and extensions share it.
 */
export class DicomwebService extends Observable {
  private server: DicomwebServer | null = null;
  private listState: StudyListState = { server: null, search: {}, studies: [], searching: false, error: null, open: false };
  /** Studies opened from the PACS: where a report about them is stored. */
  private readonly studyServers = new Map<string, DicomwebServer>();
  private prompt: CredentialsPrompt | null = null;
  private promptWaiters: (() => void)[] = [];

  constructor(private readonly data: DataManager) {
    super();
  }

  /** Connects to a server (same URL: keeps the connection and its credentials). */
  connect(url: string, credentials?: DicomwebCredentials | null): DicomwebServer {
    const absolute = new URL(url, location.href).href.replace(/\/+$/, '');
    if (!this.server || this.server.url !== absolute || credentials) {
      this.server = this.createServer(absolute, { credentials, prompt: (server, failed) => this.askCredentials(server, failed) });
      this.setState({ server: absolute, studies: [], error: null });
    }
    return this.server;
  }

  /** The server object for a URL; a host that stores through its own data source gives its own. */
  protected createServer(url: string, options: { credentials?: DicomwebCredentials | null; prompt: CredentialsPrompt }): DicomwebServer {
    return new DicomwebServer(url, options);
  }

  connected(): DicomwebServer | null {
    return this.server;
  }

  state(): StudyListState {
    return this.listState;
  }

  setListOpen(open: boolean): void {
    this.setState({ open });
  }

  async search(search: StudySearch): Promise<StudySummary[]> {
    const server = this.server;
    if (!server) throw new Error('No PACS is connected: open the viewer with ?dicomweb=<server URL>');
    this.setState({ search, searching: true, error: null });
    try {
      const studies = await server.searchStudies(search);
      this.setState({ studies, searching: false });
      return studies;
    } catch (error) {
      this.setState({ searching: false, error: `Search failed: ${errorMessage(error)}` });
      throw error;
    }
  }

  /** Opens one study: every series' metadata, then its frames through the data manager. */
  async openStudy(studyInstanceUID: string): Promise<LoadReport> {
    const server = this.server;
    if (!server) throw new Error('No PACS is connected');
    this.setState({ open: false });
    const release = this.data.holdLoading();
    try {
      const opening = await studyOpening(server, studyInstanceUID);
      this.studyServers.set(studyInstanceUID, server);
      const lead = opening.lead.length > 0 ? this.data.load(opening.lead) : null;
      const [first, rest] = await Promise.all([lead, opening.rest.then((sources) => this.data.load(sources))]);
      return first
        ? { loaded: first.loaded + rest.loaded, refused: [...first.refused, ...rest.refused], documents: first.documents + rest.documents }
        : rest;
    } finally {
      release();
    }
  }

  /** The server a study came from, or null for local files. */
  serverForStudy(studyInstanceUID: string): DicomwebServer | null {
    return this.studyServers.get(studyInstanceUID) ?? null;
  }

  /** The UI's sign-in dialog registers here once it is on the page. */
  setPrompt(prompt: CredentialsPrompt | null): void {
    this.prompt = prompt;
    if (prompt) for (const wake of this.promptWaiters.splice(0)) wake();
  }

  /**
   * A 401 can come back before the dialog has mounted (the first search starts with the page);
   * it waits a little for the dialog rather than failing the search.
   */
  private async askCredentials(server: string, failed: boolean): Promise<DicomwebCredentials | null> {
    if (!this.prompt) {
      await new Promise<void>((resolve) => {
        this.promptWaiters.push(resolve);
        setTimeout(resolve, 5000);
      });
    }
    return this.prompt ? this.prompt(server, failed) : null;
  }

  private setState(patch: Partial<StudyListState>): void {
    this.listState = { ...this.listState, ...patch };
    this.notify();
  }
}
