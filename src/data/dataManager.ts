import { ingest, type IngestProgress } from './ingest';
import { readingOrder } from './readingOrder';
import { StudyCollection, type SeriesModel, type StudyModel } from './studyModel';
import type { PatientModel } from './patientGroups';
import type { DicomDocument, ImageInstance, InstanceSource, LoadReport } from './types';
import { instanceStore, parseImageId } from './instanceStore';
import { Channel, Observable } from '../state/observable';
import { thisThreadReader, type InstanceReader } from './reader/instanceReader';
import { ReadingPace } from './readingPace';

/** How often listeners hear of files arriving while a load runs. */
const LOADING_NOTIFY_MS = 200;

export interface LoadState {
  active: boolean;
  total: number;
  done: number;
  refused: LoadReport['refused'];
}

/**
 * The host's data model: what is open, and what is loading. Loads add to what is open;
 * refusals accumulate so the user can read every reason. Its version changes whenever anything
 * visible changed (at most once per frame).
 */
export class DataManager extends Observable {
  readonly collection = new StudyCollection();
  /** How many files a load reads at once: fewer while the user scrolls (the viewports say so). */
  readonly readingPace = new ReadingPace();
  private loadState: LoadState = { active: false, total: 0, done: 0, refused: [] };
  private readonly images = new Channel<ImageInstance>();
  private readonly documents = new Channel<DicomDocument>();
  private pendingLoads = 0;
  private changeScheduled = false;
  private throttleTimer: ReturnType<typeof setTimeout> | undefined;
  private lastNotifyAt = 0;
  private decodeWatcher: () => Promise<void> = () => Promise.resolve();
  /** Sources that failed to arrive (server down, network), with the refusal each gave. */
  private readonly unread = new Map<InstanceSource, LoadReport['refused'][number]>();
  /** The patient whose studies the viewer shows; every case is one patient's. */
  private activeKey: string | null = null;
  private readonly activeChanges = new Channel<{ previous: string | null; next: string }>();
  /** First files of the groups of a load of several (studies, manifests) not read yet. */
  private readonly unreadLeads = new Set<InstanceSource>();
  private readonly leadsRead = new Channel<void>();
  private idleWaiters: (() => void)[] = [];
  /** How files are read; the viewer sets a worker (WorkerReader), tests read on this thread. */
  private reader: InstanceReader = thisThreadReader;

  setReader(reader: InstanceReader): void {
    this.reader = reader;
  }

  async load(sources: InstanceSource[]): Promise<LoadReport> {
    return this.loadGroups([sources]);
  }

  /**
   * Opens several groups of files at once (a manifest, a folder or a study each): the first
   * file of every group is read first, then the groups take turns (readingOrder), so each
   * study's first image is on screen early instead of after every file of the groups before it.
   */
  async loadGroups(groups: InstanceSource[][]): Promise<LoadReport> {
    const { order, leads } = readingOrder(groups);
    const ours = leads > 1 ? order.slice(0, leads) : [];
    for (const lead of ours) this.unreadLeads.add(lead);
    try {
      return await this.ingestSources(order, ours);
    } finally {
      // A lead never reported done (it cannot happen, ingest reports each) must not hold the
      // viewer's choice of what to show for ever.
      for (const lead of ours) this.leadDone(lead);
    }
  }

  /**
   * True while the first files of a load of several groups are still being read: which
   * study to open on (the latest visit) is known only once every group has shown its first.
   */
  choosingFirstImage(): boolean {
    return this.unreadLeads.size > 0;
  }

  /** Called once the first file of every group of a load has been read (or refused). */
  onFirstImagesRead(listener: () => void): () => void {
    return this.leadsRead.subscribe(listener);
  }

  private leadDone(source: InstanceSource): void {
    if (this.unreadLeads.delete(source) && this.unreadLeads.size === 0) this.leadsRead.emit();
  }

  /** Reads sources in order; `leads` (of a load of several groups) are the groups' first files. */
  private async ingestSources(sources: InstanceSource[], leads: InstanceSource[]): Promise<LoadReport> {
    this.pendingLoads += 1;
    const base = { total: this.loadState.active ? this.loadState.total : 0, done: this.loadState.active ? this.loadState.done : 0 };
    this.loadState = { ...this.loadState, active: true, total: base.total + sources.length };
    this.emitSoon();
    // What the user opens is what they want to see: the patient of a load's first image
    // becomes the active one (another patient's files open their own case, never join this
    // one). Of several groups, the first group's: they are read at once, and whichever file
    // arrives first must not decide.
    let activated = false;
    const activate = (studyInstanceUID: string): void => {
      activated = true;
      const patient = this.collection.patientOfStudy(studyInstanceUID);
      if (patient) this.setActivePatient(patient.key);
    };
    const leadStudies = new Map<InstanceSource, string>();
    let leadsLeft = leads.length;
    const report = await ingest(
      sources,
      this.collection,
      {
        onImage: (instance) => {
          if (!activated && leadsLeft === 0) activate(instance.header.studyInstanceUID);
          else if (!activated && leads.includes(instance.source)) leadStudies.set(instance.source, instance.header.studyInstanceUID);
          this.readingPace.frameRead(instance.header.transferSyntaxUID);
          this.images.emit(instance);
          this.emitSoon();
        },
        onSourceDone: (source) => {
          if (leadsLeft > 0 && leads.includes(source) && --leadsLeft === 0 && !activated) {
            // No lead showed an image (refused, a document): the next image decides.
            const first = leads.find((lead) => leadStudies.has(lead));
            if (first) activate(leadStudies.get(first) as string);
          }
          this.leadDone(source);
        },
        onDocument: (document) => {
          this.documents.emit(document);
          this.emitSoon();
        },
        onUnread: (source, refusal) => {
          this.unread.set(source, refusal);
        },
        onProgress: (progress: IngestProgress) => {
          // Refusals of this load replace their earlier copies; any other (an earlier load's, a
          // decode failure reported meanwhile, a concurrent load's) stays.
          const ours = new Set(progress.refused);
          this.loadState = {
            ...this.loadState,
            done: base.done + progress.done,
            refused: [...this.loadState.refused.filter((refusal) => !ours.has(refusal)), ...progress.refused],
          };
          this.emitSoon();
        },
      },
      this.reader,
      this.readingPace,
    );
    this.pendingLoads -= 1;
    this.finishIfIdle();
    return report;
  }

  /**
   * Keeps the viewer loading across loads that are parts of one (a PACS study: its first image
   * read while the rest's metadata arrives, then the rest), until the returned function is
   * called: nothing may take the gap between them for the end of the load.
   */
  holdLoading(): () => void {
    this.pendingLoads += 1;
    this.loadState = { ...this.loadState, active: true };
    this.emitSoon();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.pendingLoads -= 1;
      this.finishIfIdle();
    };
  }

  private finishIfIdle(): void {
    if (this.pendingLoads === 0) {
      this.loadState = { ...this.loadState, active: false };
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
    this.emitSoon();
  }

  /**
   * Resolves once no load is running: for a measurement that needs every image of a series
   * (all the echoes at a position), not just the one on screen.
   */
  whenLoaded(): Promise<void> {
    if (this.pendingLoads === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** How many sources failed to arrive and can be asked for again. */
  unreadCount(): number {
    return this.unread.size;
  }

  /**
   * Asks again for every source that failed to arrive; what loaded stays, and what arrives now
   * joins it. Their old refusals leave the list; new failures come back with new reasons.
   */
  async retryUnread(): Promise<LoadReport> {
    const sources = [...this.unread.keys()];
    const retried = new Set(this.unread.values());
    this.unread.clear();
    this.loadState = { ...this.loadState, refused: this.loadState.refused.filter((r) => !retried.has(r)) };
    this.emitSoon();
    return this.load(sources);
  }

  state(): LoadState {
    return this.loadState;
  }

  /** A file that was read but then failed to decode joins the list of refusals (once, not per frame). */
  reportRefusal(file: string, reason: string): void {
    if (this.loadState.refused.some((refusal) => refusal.file === file && refusal.reason === reason)) return;
    this.loadState = { ...this.loadState, refused: [...this.loadState.refused, { file, reason }] };
    this.emitSoon();
  }

  /** The viewport layer says how to wait until every image read so far has been decoded. */
  setDecodeWatcher(whenDecoded: () => Promise<void>): void {
    this.decodeWatcher = whenDecoded;
  }

  /** Resolves once every image read so far was decoded or refused for failing to decode. */
  whenDecoded(): Promise<void> {
    return this.decodeWatcher();
  }

  clearRefusals(): void {
    this.unread.clear();
    this.loadState = { ...this.loadState, refused: [] };
    this.emitSoon();
  }

  series(): SeriesModel[] {
    return this.collection.allSeries();
  }

  patients(): readonly PatientModel[] {
    return this.collection.patients();
  }

  activePatientKey(): string | null {
    return this.activeKey;
  }

  activePatient(): PatientModel | undefined {
    return this.activeKey === null ? undefined : this.collection.patients().find((p) => p.key === this.activeKey);
  }

  /** The active patient's studies: what the series browser, the viewports and cases show. */
  activeStudies(): StudyModel[] {
    return this.activeKey === null ? [] : this.collection.studiesOf(this.activeKey);
  }

  activeSeries(): SeriesModel[] {
    return this.activeStudies().flatMap((study) => study.series);
  }

  /** The patient an open image belongs to. */
  patientOfImage(imageId: string): PatientModel | undefined {
    const study = this.instanceForImageId(imageId)?.instance.header.studyInstanceUID;
    return study ? this.collection.patientOfStudy(study) : undefined;
  }

  /** Switches the viewer to another patient's case; listeners swap what they show at once. */
  setActivePatient(key: string): void {
    if (!this.collection.patients().some((p) => p.key === key)) throw new Error(`No open patient ${key}`);
    if (key === this.activeKey) return;
    const previous = this.activeKey;
    this.activeKey = key;
    this.activeChanges.emit({ previous, next: key });
    this.emitSoon();
  }

  onActivePatientChange(listener: (previous: string | null, next: string) => void): () => void {
    return this.activeChanges.subscribe(({ previous, next }) => listener(previous, next));
  }

  findSeries(seriesInstanceUID: string): SeriesModel | undefined {
    return this.collection.findSeries(seriesInstanceUID);
  }

  /** The instance an imageId shows, with its header: how extensions read DICOM attributes. */
  instanceForImageId(imageId: string): { instance: ImageInstance; frame: number } | undefined {
    const parsed = parseImageId(imageId);
    const instance = parsed ? instanceStore.get(parsed.key) : undefined;
    return instance && parsed ? { instance, frame: parsed.frame ?? 1 } : undefined;
  }

  onImage(listener: (instance: ImageInstance) => void): () => void {
    return this.images.subscribe(listener);
  }

  /** Each document open now, then each one that arrives: a listener that starts late misses none. */
  onDocument(listener: (document: DicomDocument) => void): () => void {
    for (const patient of this.collection.patients()) {
      for (const study of this.collection.studiesOf(patient.key)) study.documents.forEach((document) => listener(document));
    }
    return this.documents.subscribe(listener);
  }

  /**
   * Hundreds of files arrive per second. Listeners hear about them once per frame, and while a
   * load runs at most every LOADING_NOTIFY_MS: every panel, the autosave and the series browser
   * re-render on each notice, and on two cores that work is taken from the load itself. A
   * progress count five times a second reads the same to a person.
   */
  private emitSoon(): void {
    if (this.changeScheduled) {
      // The load just ended: what waits for that (the series-loaded mark, panels) hears now.
      if (!this.loadState.active && this.throttleTimer !== undefined) {
        clearTimeout(this.throttleTimer);
        this.throttleTimer = undefined;
        this.flushNextFrame();
      }
      return;
    }
    this.changeScheduled = true;
    const wait = this.loadState.active ? this.lastNotifyAt + LOADING_NOTIFY_MS - Date.now() : 0;
    if (wait <= 0) {
      this.flushNextFrame();
      return;
    }
    this.throttleTimer = setTimeout(() => {
      this.throttleTimer = undefined;
      this.flushNextFrame();
    }, wait);
  }

  private flushNextFrame(): void {
    const flush = (): void => {
      this.changeScheduled = false;
      this.lastNotifyAt = Date.now();
      this.notify();
    };
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(flush);
    else setTimeout(flush, 16);
  }
}
