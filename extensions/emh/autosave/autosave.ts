/**
 * Autosave of the lesion inventory to IndexedDB, and its restore when a study is reopened.
 *
 * Every store change is written at once (changes made in the same synchronous run are one
 * write, issued in a microtask, i.e. before the page can handle anything else, a close
 * included). There is no debounce: a completed edit must survive the tab being killed.
 *
 * A page saves only while it holds the Web Lock of every study of its case (see studyLocks):
 * a second tab on the same study restores the saved inventory to look at, says so, and never
 * writes. See savedInventory.ts for the key scheme.
 */

import type { HostServices } from '../../../src/extensions/hostServices';
import { patientLabel } from '../../../src/data/patientIdentity';
import type { AutosaveStatus, AutosaveTarget } from './autosaveTypes';
import type { ReportedVolume } from '../volumes/rules/segmentStore';
import { describeError, getAll, isQuotaError, openDatabase, putAll } from './indexedDb';
import {
  DB_NAME,
  DB_VERSION,
  STORE_NAME,
  hasRebindable,
  ironRecords,
  isEmptyState,
  isRecordOf,
  makeRecord,
  newest,
  notDrawn,
  readSaved,
  rebindSources,
  restoredNotice,
  savedIron,
  studiesOf,
  type SavedInventory,
} from './savedInventory';
import { dropOtherPatients, keepWholeRecord, ownPart } from './otherPatients';
import { holdStudyLock, whenStudyLockFree, type ReleaseLock } from './studyLocks';
import { imageIdLookup, viewportsSettled } from './viewerState';
import { savedSegments, segmentRecords } from './savedSegments';

export type { AutosaveIron, AutosaveSegments, AutosaveStatus, AutosaveTarget } from './autosaveTypes';

const NOT_SAVED_HERE =
  'This study is open for editing in another tab; changes made here are not saved. Close the other tab and reload this one to edit.';

const clock = (ms: number): string => new Date(ms).toLocaleTimeString();

function newCaseId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `case-${Date.now()}-${Math.random()}`;
}

export class EmhAutosave {
  private db: Promise<IDBDatabase | null> = Promise.resolve(null);
  private storage: AutosaveStatus['storage'] = 'opening';
  private caseId = newCaseId();
  /** Studies looked up (locked and read) already, whatever came of it. */
  private readonly adopted = new Set<string>();
  private readonly saved = new Set<string>();
  private readonly lockedElsewhere = new Set<string>();
  private readonly otherCase = new Set<string>();
  private readonly releases: ReleaseLock[] = [];
  private readonly stopping = new AbortController();
  private queue: Promise<void> = Promise.resolve();
  private ready = false;
  private dirty = false;
  private flushScheduled = false;
  private pending = 0;
  private savedAt: number | null = null;
  private restoredFrom: AutosaveStatus['restoredFrom'] = null;
  private lastError: string | null = null;
  private failureNotice: number | null = null;
  private readOnlyNoticeShown = false;
  private imageCount = -1;
  private readonly unsubscribes: (() => void)[] = [];

  constructor(
    private readonly services: HostServices,
    private readonly target: AutosaveTarget,
    private readonly databaseName = DB_NAME,
  ) {}

  start(): void {
    this.db = openDatabase(this.databaseName, DB_VERSION, STORE_NAME, 'study').then(
      (db) => {
        this.storage = 'ok';
        db.onversionchange = () => {
          // A newer build in another tab needs the database; holding on would block it.
          db.close();
          this.storageLost('a newer version of the viewer opened in another tab; reload this one');
        };
        db.onclose = () => this.storageLost('the browser closed the storage (site data cleared?)');
        return db;
      },
      (error: unknown) => {
        this.storageLost(describeError(error));
        return null;
      },
    );
    this.unsubscribes.push(this.target.store.subscribe(() => this.onStoreChange()));
    // The iron store is every patient's: only a change of this patient's iron is a change here.
    const { iron } = this.target;
    let ironSeen = [iron.rois(), iron.calibration()] as const;
    this.unsubscribes.push(
      iron.subscribe(() => {
        if (ironSeen[0] === iron.rois() && ironSeen[1] === iron.calibration()) return;
        ironSeen = [iron.rois(), iron.calibration()];
        this.onStoreChange();
      }),
    );
    // So is the segment store: its list of an unchanged patient stays the same list.
    const { segments } = this.target;
    let segmentsSeen = [segments.segments(), reportedKey(segments.reported())] as const;
    this.unsubscribes.push(
      segments.subscribe(() => {
        const now = [segments.segments(), reportedKey(segments.reported())] as const;
        if (segmentsSeen[0] === now[0] && segmentsSeen[1] === now[1]) return;
        segmentsSeen = now;
        this.onStoreChange();
      }),
    );
    this.unsubscribes.push(this.services.data.subscribe(() => this.onDataChange()));
    this.onDataChange();
  }

  stop(): void {
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
    this.stopping.abort();
    for (const release of this.releases.splice(0)) release();
    void this.db.then((db) => db?.close());
  }

  status(): AutosaveStatus {
    return {
      patient: this.target.patientKey,
      ready: this.ready,
      storage: this.storage,
      savedAt: this.savedAt,
      pending: this.pending,
      savedStudies: [...this.saved],
      lockedElsewhere: [...this.lockedElsewhere],
      otherCase: [...this.otherCase],
      notDrawn: notDrawn(this.target.store.state()),
      restoredFrom: this.restoredFrom,
      lastError: this.lastError,
    };
  }

  /** A page that saves nothing: another tab edits one of its studies. */
  private get readOnly(): boolean {
    return this.lockedElsewhere.size > 0;
  }

  // ------------------------------------------------------------------ saving

  private onStoreChange(): void {
    this.dirty = true;
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    queueMicrotask(() => {
      this.flushScheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (!this.dirty || !this.ready || this.readOnly || this.saved.size === 0 || this.storage === 'unavailable') return;
    // Awaiting an already settled promise: the write is still issued within this microtask turn.
    const db = await this.db;
    if (!db) return;
    this.dirty = false;
    const now = Date.now();
    const snapshot = this.target.store.serialise();
    const studies = [...this.saved].sort();
    const iron = savedIron(this.target.iron.rois(), this.target.iron.calibration());
    const segments = savedSegments(this.target.segments.segments());
    const reported = this.target.segments.reported();
    const records = studies.map((study) =>
      makeRecord(study, this.caseId, studies, snapshot, now, this.target.identity, iron, segments, reported),
    );
    this.pending += 1;
    try {
      await putAll(db, STORE_NAME, records);
      this.savedAt = now;
      this.saveWorked();
    } catch (error) {
      this.saveFailed(error);
    } finally {
      this.pending -= 1;
    }
  }

  private saveWorked(): void {
    if (this.storage !== 'failing') return;
    this.storage = 'ok';
    this.lastError = null;
    if (this.failureNotice !== null) this.services.notifications.dismiss(this.failureNotice);
    this.failureNotice = null;
    this.services.notifications.show('info', 'Autosave works again: every change is saved.');
  }

  private saveFailed(error: unknown): void {
    this.storage = 'failing';
    this.lastError = describeError(error);
    // Once per run of failures: every further edit would otherwise stack another message.
    if (this.failureNotice !== null) return;
    const last = this.savedAt === null ? 'Nothing of this session was saved yet' : `The save of ${clock(this.savedAt)} is kept`;
    const cause = isQuotaError(error) ? "the browser's storage for this site is full" : this.lastError;
    this.failureNotice = this.services.notifications.show(
      'error',
      `Autosave failed: ${cause}. Your annotations are safe in this page, but changes are not being saved. ${last}. Free some disk space or export the inventory; saving resumes with the next change.`,
      0,
    );
  }

  private storageLost(reason: string): void {
    if (this.storage === 'unavailable') return;
    this.storage = 'unavailable';
    this.lastError = reason;
    this.services.notifications.show(
      'error',
      `Autosave is off: the browser refused its storage (${reason}). Annotations stay in this page only; export the inventory before closing it.`,
      0,
    );
  }

  // ------------------------------------------------------------------ restoring

  private onDataChange(): void {
    const { data } = this.services;
    if (data.state().active) return;
    const dropped = dropOtherPatients(this.target);
    if (dropped) this.services.notifications.show('warning', dropped, 0);
    const open = this.target.studies();
    if (open.length === 0) return;
    const fresh = open.filter((study) => !this.adopted.has(study));
    const images = this.target.imageCount();
    if (fresh.length === 0 && images === this.imageCount) return;
    this.imageCount = images;
    for (const study of fresh) this.adopted.add(study);
    // One look-up at a time: a second load finishing mid-restore must see its result.
    this.queue = this.queue
      .then(() => this.attach(fresh))
      .catch((error: unknown) => {
        this.services.notifications.show(
          'error',
          `Autosave could not read its storage (${describeError(error)}): nothing was restored, and changes to these studies are not saved.`,
          0,
        );
      })
      .finally(() => {
        this.ready = true;
        performance.mark('emh:autosave-ready');
        void this.flush();
      });
  }

  private async attach(fresh: string[]): Promise<void> {
    if (fresh.length === 0) {
      await viewportsSettled(this.services);
      this.rebindLateImages();
      return;
    }
    const records = await this.lockAndRead(fresh);
    // A record saved for another patient (same study UID, other identity) is theirs, not ours.
    const best = newest(records.filter((r) => isRecordOf(r, this.target.identity)));
    // Only into an untouched case: restoring replaces everything in the store.
    const candidate = best && this.untouched() ? best : null;
    const ironStudies = candidate?.iron?.rois.map((r) => r.ref.studyInstanceUID) ?? [];
    const extra = candidate
      ? [...new Set([...candidate.studies, ...studiesOf(candidate.snapshot.state), ...ironStudies])].filter(
          (s) => !this.adopted.has(s) && !this.target.isOtherPatientStudy(s),
        )
      : [];
    for (const study of extra) this.adopted.add(study);
    const extraRecords = await this.lockAndRead(extra);
    await viewportsSettled(this.services);
    // Checked again: the radiologist may have drawn something while the records were read.
    const restored = candidate && this.untouched() ? candidate : null;
    if (restored) this.caseId = restored.caseId;
    for (const study of [...fresh, ...extra]) {
      if (this.lockedElsewhere.has(study)) continue;
      const record = [...records, ...extraRecords].find((r) => r.study === study);
      if (record && (!isRecordOf(record, this.target.identity) || record.caseId !== this.caseId)) this.keepOtherCase(record);
      else this.saved.add(study);
    }
    if (restored) this.restore(restored);
    else this.rebindLateImages();
    if (this.readOnly) this.tellReadOnly();
  }

  private untouched(): boolean {
    return isEmptyState(this.target.store.state()) && this.target.iron.rois().length === 0 && this.target.segments.segments().length === 0;
  }

  /** Takes each study's lock (or notes that another tab has it), then reads its record. */
  private async lockAndRead(studies: string[]): Promise<SavedInventory[]> {
    if (studies.length === 0) return [];
    const releases = await Promise.all(studies.map((study) => holdStudyLock(study)));
    studies.forEach((study, i) => {
      const release = releases[i];
      if (release) this.releases.push(release);
      else this.lockedElsewhere.add(study);
    });
    const db = await this.db;
    if (!db) return [];
    const raw = await getAll(db, STORE_NAME, studies);
    const records: SavedInventory[] = [];
    for (const [i, value] of raw.entries()) {
      if (value === undefined) continue;
      const record = readSaved(value);
      if (record.ok) records.push(record.value);
      else await this.setAside(studies[i], value, record.reason);
    }
    return records;
  }

  /**
   * A record this build cannot read (older format, damaged) is copied under another key
   * before this study's key is reused, so it is never destroyed by a save.
   */
  private async setAside(study: string, value: unknown, reason: string): Promise<void> {
    const db = await this.db;
    if (!db) return;
    const key = `${study}#unreadable@${Date.now()}`;
    await putAll(db, STORE_NAME, [{ study: key, original: value }]);
    this.services.notifications.show(
      'warning',
      `The saved annotations of study ${study} could not be read (${reason}); they are kept aside in the browser storage as "${key}" and not loaded.`,
      0,
    );
  }

  private keepOtherCase(record: SavedInventory): void {
    this.otherCase.add(record.study);
    this.services.notifications.show(
      'warning',
      `Study ${record.study} has its own saved annotations (from ${new Date(record.savedAt).toLocaleString()}) that were not merged into these. They are kept; changes here are not saved under that study.`,
      0,
    );
  }

  private restore(record: SavedInventory): void {
    const { store } = this.target;
    const own = ownPart(record, this.target);
    if (own.notice) this.services.notifications.show('warning', own.notice, 0);
    if (own.dropped > 0) void this.db.then((db) => keepWholeRecord(db, record));
    const rebound = rebindSources(own.snapshot, imageIdLookup(this.services.data));
    const result = store.restore(rebound.snapshot);
    if (!result.ok) {
      this.services.notifications.show('error', `The saved annotations could not be restored: ${result.reason}`, 0);
      return;
    }
    if (record.iron) this.target.iron.restore(ironRecords(record.iron), record.iron.calibration);
    // A segment goes back only with its lesion (one of another patient's, dropped above, stays out).
    const lesionIds = new Set(rebound.snapshot.state.lesions.map((l) => l.id));
    const segments = segmentRecords(record.segments ?? []).filter((s) => lesionIds.has(s.lesionId));
    if (segments.length > 0) this.target.segments.restore(segments);
    const reported = (record.reportedVolumes ?? []).filter((v) => lesionIds.has(v.lesionId));
    if (reported.length > 0) this.target.segments.restoreReported(reported);
    this.restoredFrom = { study: record.study, savedAt: record.savedAt };
    this.target.reconcile();
    const notice = restoredNotice(
      rebound,
      record.iron?.rois.length ?? 0,
      patientLabel(this.target.identity),
      record.savedAt,
      segments.length,
    );
    if (notice) this.services.notifications.show('info', notice);
  }

  /**
   * Annotations restored while their images were not open are drawn once those images
   * arrive. The store can only take them back through restore, which forgets the undo
   * history; that happens only on such a load, never on an edit.
   */
  private rebindLateImages(): void {
    const { store } = this.target;
    const lookup = imageIdLookup(this.services.data);
    if (!hasRebindable(store.state(), lookup)) return;
    const rebound = rebindSources(store.serialise(), lookup);
    // reconcile moves handles but never an annotation to another image: these are made anew.
    for (const uid of rebound.moved) this.target.removeFromImages(uid);
    if (store.restore(rebound.snapshot).ok) this.target.reconcile();
  }

  private tellReadOnly(): void {
    if (this.readOnlyNoticeShown) return;
    this.readOnlyNoticeShown = true;
    this.services.notifications.show('warning', NOT_SAVED_HERE, 0);
    // Taking over when the other tab closes would overwrite its last saves with this tab's
    // older copy; the safe path is a reload, which restores them first.
    const [study] = this.lockedElsewhere;
    whenStudyLockFree(study, this.stopping.signal).then(
      (release) => {
        release();
        this.services.notifications.show(
          'info',
          'The other tab on this study has closed. Reload this tab to edit and save (changes made here so far are not saved).',
          0,
        );
      },
      () => undefined,
    );
  }
}

/** What changes when a report's stated volumes do (the store gives a new list at every call). */
function reportedKey(volumes: readonly ReportedVolume[]): string {
  return volumes.map((v) => `${v.lesionId}:${v.volumeMl}:${v.mean}:${v.segSopInstanceUID}:${v.segmentNumber}`).join('|');
}
