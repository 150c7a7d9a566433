/**
 * The lesion inventory store: annotations in, lesion rows out (docs/inventory.md#what-a-row-holds).
 *
 * Undo / redo keeps snapshots of an immutable state rather than command objects. Every
 * change already builds a new state that shares unchanged lesions and annotations with
 * the old one, so a snapshot costs a few arrays; undo can never drift from what was done
 * (no inverse to get wrong), and one mechanism covers add, modify, edit, delete and the
 * cascades between them (an implicit lesion leaving with its last annotation).
 *
 * Lesion ids are not part of the undone state: the counter only moves forward and every
 * id ever handed out is remembered, so `L3` means one lesion for the life of the case.
 */

import { belongsToLesion, withLesionId, type EmhAnnotation } from './annotationTypes';
import { ok, refused, samePlainData, type Result } from './common';
import { DEFAULT_THRESHOLDS, type EmhThresholds } from './config';
import type { ContrastState } from '../../liver/rules/contrastState';
import { Observable } from '../../../../src/state/observable';
import { describeChange, type InventoryChange, type InventoryChangeReason } from './inventoryChange';
import { applyLesionEdit, newLesionRecord, validateLesionEdit } from '../../lesions/rules/lesionEdit';
import { buildInventory } from './lesionInventory';
import type { LiverCall } from '../../liver/rules/liverAttenuation';
import {
  EMPTY_STATE,
  type EmhInventory,
  type InventoryContext,
  type InventoryState,
  type LesionEdit,
  type LesionRecord,
  type SeriesOverride,
} from './inventoryTypes';
import { parseSnapshot, type InventorySnapshot } from './inventorySnapshot';
import { UpsertDraft, type LesionIdRules, type UpsertOutcome } from './inventoryUpsert';
import type { Weighting } from '../../signal/rules/seriesWeighting';
import type { DatedStudy, LesionStatusMark, MarkedStatus } from '../../followUp/rules/followUpTypes';

export type { UpsertOutcome } from './inventoryUpsert';

export interface UpsertOptions {
  /**
   * Part of an ongoing drag: consecutive upserts of the same annotation made with
   * `transient` are one undo step, closed by the next upsert without it (the "completed"
   * event), so undo does not replay every mouse move.
   */
  readonly transient?: boolean;
  /**
   * Cornerstone recomputed what is already recorded (ROI statistics drawn again, with the
   * same handles): the record is replaced, but it is no user action, so it makes no undo
   * step and keeps the redo history.
   */
  readonly refresh?: boolean;
}

export interface InventoryStoreOptions {
  readonly thresholds?: EmhThresholds;
  /** Undo steps kept; the oldest go first. */
  readonly historyLimit?: number;
  readonly snapshot?: InventorySnapshot;
}

interface HistoryEntry {
  readonly state: InventoryState;
  /** Set while a transient gesture on this key is still open. */
  coalesceKey: string | null;
}

const LESION_ID = /^L(\d+)$/;

export class EmhInventoryStore extends Observable<InventoryChange> {
  readonly thresholds: EmhThresholds;
  readonly #historyLimit: number;
  #state: InventoryState = EMPTY_STATE;
  #undo: HistoryEntry[] = [];
  #redo: HistoryEntry[] = [];
  #nextLesionNumber = 1;
  #knownLesionIds = new Set<string>();
  readonly #lesionIdRules: LesionIdRules = {
    allocate: () => this.#allocateLesionId(),
    claim: (id) => this.#claimExplicitId(id),
  };

  constructor(options: InventoryStoreOptions = {}) {
    super();
    this.thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
    this.#historyLimit = options.historyLimit ?? 200;
    if (options.snapshot) {
      const restored = this.restore(options.snapshot);
      if (!restored.ok) throw new Error(`Cannot restore the inventory: ${restored.reason}`);
    }
  }

  // ------------------------------------------------------------------ reading

  state(): InventoryState {
    return this.#state;
  }

  annotation(annotationUID: string): EmhAnnotation | null {
    return this.#state.annotations.find((a) => a.annotationUID === annotationUID) ?? null;
  }

  lesion(lesionId: string): LesionRecord | null {
    return this.#state.lesions.find((l) => l.id === lesionId) ?? null;
  }

  lesionIds(): string[] {
    return this.#state.lesions.map((l) => l.id);
  }

  /** The JSON export object of docs/exports.md#json, computed from the current state. */
  inventory(context: InventoryContext = {}): EmhInventory {
    return buildInventory(this.#state, this.thresholds, context);
  }

  // ------------------------------------------------------------------ annotations

  /** Adds or replaces an annotation (added / completed / modified events). */
  upsert(input: EmhAnnotation, options: UpsertOptions = {}): Result<UpsertOutcome> {
    const draft = new UpsertDraft(this.#state);
    const existed = draft.has(input.annotationUID);
    const outcome = draft.apply(input, this.#lesionIdRules);
    if (!outcome.ok || !outcome.value.changed) return outcome;
    if (options.refresh === true && existed && !outcome.value.createdLesion) {
      this.#replace(draft.state(), 'upsert');
      return outcome;
    }
    this.#commit(draft.state(), 'upsert', { key: `upsert:${input.annotationUID}`, open: options.transient === true });
    return outcome;
  }

  /**
   * Upserts many annotations as one change (the SR import): each gets the outcome `upsert`
   * would give it in turn, but the batch makes one undo step and one notification, and
   * takes time linear in its size. Returns the outcomes in the order of `inputs`.
   */
  upsertMany(inputs: readonly EmhAnnotation[]): Result<UpsertOutcome>[] {
    const draft = new UpsertDraft(this.#state);
    const outcomes = inputs.map((input) => draft.apply(input, this.#lesionIdRules));
    if (outcomes.some((outcome) => outcome.ok && outcome.value.changed)) this.#commit(draft.state(), 'upsert');
    return outcomes;
  }

  /** Forgets an annotation (removed event). False when the store did not hold it. */
  remove(annotationUID: string): boolean {
    const existing = this.annotation(annotationUID);
    if (existing === null) return false;
    let next: InventoryState = {
      ...this.#state,
      annotations: this.#state.annotations.filter((a) => a.annotationUID !== annotationUID),
    };
    if (existing.lesionId) next = dropEmptyImplicitLesion(next, existing.lesionId);
    this.#commit(next, 'remove');
    return true;
  }

  /** Moves a lesion annotation to another existing lesion. */
  assignAnnotation(annotationUID: string, lesionId: string): Result<UpsertOutcome> {
    const existing = this.annotation(annotationUID);
    if (existing === null) return refused(`No annotation ${annotationUID} in the inventory`);
    if (!belongsToLesion(existing)) return refused('Muscle, liver and spleen ROIs do not belong to a lesion');
    if (this.lesion(lesionId) === null) return refused(`No lesion ${lesionId}`);
    return this.upsert(withLesionId(existing, lesionId));
  }

  // ------------------------------------------------------------------ lesions

  /** A new, empty lesion row with the next id; the fields are checked as in `updateLesion`. */
  newLesion(edit: LesionEdit = {}): string {
    const checked = validateLesionEdit(edit);
    if (!checked.ok) throw new RangeError(checked.reason);
    const id = this.#allocateLesionId();
    const record = applyLesionEdit(newLesionRecord(id, false), checked.value);
    this.#commit({ ...this.#state, lesions: [...this.#state.lesions, record] }, 'new-lesion');
    return id;
  }

  /** Edits a row. Accepts untyped input (scripting API) and refuses what it cannot use. */
  updateLesion(lesionId: string, edit: unknown): Result<LesionRecord> {
    return this.updateLesions([{ lesionId, edit }])[0]!;
  }

  /**
   * Several rows' edits as one change (the SR import): each checked as `updateLesion` checks
   * it, one undo step and one notification for all. Returns the outcomes in order.
   */
  updateLesions(edits: readonly { readonly lesionId: string; readonly edit: unknown }[]): Result<LesionRecord>[] {
    const lesions = [...this.#state.lesions];
    const position = new Map(lesions.map((lesion, i) => [lesion.id, i]));
    let changed = false;
    const outcomes = edits.map(({ lesionId, edit }): Result<LesionRecord> => {
      const at = position.get(lesionId);
      if (at === undefined) return refused(`No lesion ${lesionId}`);
      const checked = validateLesionEdit(edit);
      if (!checked.ok) return refused(checked.reason);
      const current = lesions[at]!;
      const updated = applyLesionEdit(current, checked.value);
      if (samePlainData(updated, current)) return ok(current);
      lesions[at] = updated;
      changed = true;
      return ok(updated);
    });
    if (changed) this.#commit({ ...this.#state, lesions }, 'update-lesion');
    return outcomes;
  }

  /**
   * Deletes a row and its annotations from the inventory. The caller deletes the returned
   * annotations from the viewports; their "removed" events are then no-ops here.
   */
  removeLesion(lesionId: string): Result<{ readonly annotationUIDs: readonly string[] }> {
    if (this.lesion(lesionId) === null) return refused(`No lesion ${lesionId}`);
    const annotationUIDs = this.#state.annotations.filter((a) => a.lesionId === lesionId).map((a) => a.annotationUID);
    this.#commit(
      {
        ...this.#state,
        lesions: this.#state.lesions.filter((l) => l.id !== lesionId),
        annotations: this.#state.annotations.filter((a) => a.lesionId !== lesionId),
        statusMarks: this.#state.statusMarks.filter((m) => m.lesionId !== lesionId),
      },
      'remove-lesion',
    );
    return ok({ annotationUIDs });
  }

  // ------------------------------------------------------------------ report import

  /**
   * Lesion rows a report brings, each keeping the tracking UID it has for life (SR import,
   * docs/follow-up.md#lesion-identity). The report's id is kept when it is free; when another
   * lesion has it (or had it), the row takes the next id instead. One undo step for all;
   * returns the id each row got, in order.
   */
  importLesions(rows: readonly { readonly id: string; readonly trackingUid: string }[]): string[] {
    const ids = rows.map(({ id }) => (this.#claimExplicitId(id).ok ? id : this.#allocateLesionId()));
    if (ids.length === 0) return ids;
    const added = rows.map((row, i) => newLesionRecord(ids[i]!, false, row.trackingUid));
    this.#commit({ ...this.#state, lesions: [...this.#state.lesions, ...added] }, 'new-lesion');
    return ids;
  }

  /**
   * Statuses a report states (resolved, not evaluable), kept as the radiologist's marks: a mark
   * for the same lesion and study replaces the one there; marks for unknown lesions are skipped.
   */
  importStatusMarks(marks: readonly LesionStatusMark[]): void {
    const known = new Set(this.lesionIds());
    const incoming = marks.filter((m) => known.has(m.lesionId));
    if (incoming.length === 0) return;
    const key = (m: LesionStatusMark) => `${m.lesionId}\n${m.studyInstanceUID}`;
    const replaced = new Set(incoming.map(key));
    const statusMarks = [...this.#state.statusMarks.filter((m) => !replaced.has(key(m))), ...incoming];
    if (samePlainData(statusMarks, this.#state.statusMarks)) return;
    this.#commit({ ...this.#state, statusMarks }, 'status-mark');
  }

  /**
   * Sets (or with null clears) a lesion's status at a time point, given that time point's
   * studies, oldest first: any mark of the lesion on those studies goes, and a new one is kept
   * against the first study (study UIDs outlive time point ids). Marking makes an implicit
   * lesion explicit. One undo step.
   */
  setStatusMark(lesionId: string, timepointStudies: readonly DatedStudy[], status: MarkedStatus | null): Result<void> {
    if (this.lesion(lesionId) === null) return refused(`No lesion ${lesionId}`);
    const first = timepointStudies[0];
    if (!first) return refused('A time point has at least one study');
    if (status !== null && status !== 'resolved' && status !== 'not-evaluable') {
      return refused(`Unknown status "${String(status)}" (resolved, not-evaluable, or null to clear)`);
    }
    const studies = new Set(timepointStudies.map((s) => s.studyInstanceUID));
    const kept = this.#state.statusMarks.filter((m) => !(m.lesionId === lesionId && studies.has(m.studyInstanceUID)));
    const statusMarks =
      status === null ? kept : [...kept, { lesionId, studyInstanceUID: first.studyInstanceUID, studyDate: first.date, status }];
    if (samePlainData(statusMarks, this.#state.statusMarks)) return ok(undefined);
    // A mark is the radiologist's word on the lesion: an implicit lesion (made by its first
    // annotation) becomes explicit, so deleting its last annotation, or a reload, keeps it and the mark.
    const lesions =
      status === null
        ? this.#state.lesions
        : this.#state.lesions.map((l) => (l.id === lesionId && l.implicit ? { ...l, implicit: false } : l));
    this.#commit({ ...this.#state, lesions, statusMarks }, 'status-mark');
    return ok(undefined);
  }

  // ------------------------------------------------------------------ overrides

  /** The user's weighting for a series (null returns to the automatic one). */
  setSeriesWeighting(seriesInstanceUID: string, weighting: Weighting | null): void {
    this.#setSeriesOverride(seriesInstanceUID, { weighting });
  }

  /** The user's confirmation of a series' contrast state (null returns to the automatic one). */
  setSeriesContrast(seriesInstanceUID: string, contrast: ContrastState | null): void {
    this.#setSeriesOverride(seriesInstanceUID, { contrast });
  }

  setLiverCallOverride(call: LiverCall | null): void {
    if (this.#state.liverCallOverride === call) return;
    this.#commit({ ...this.#state, liverCallOverride: call }, 'liver-override');
  }

  #setSeriesOverride(seriesInstanceUID: string, change: Partial<SeriesOverride>): void {
    const current: SeriesOverride = this.#state.seriesOverrides[seriesInstanceUID] ?? { weighting: null, contrast: null };
    const updated: SeriesOverride = { ...current, ...change };
    if (samePlainData(updated, current)) return;
    const { [seriesInstanceUID]: _old, ...others } = this.#state.seriesOverrides;
    const seriesOverrides = updated.weighting === null && updated.contrast === null ? others : { ...others, [seriesInstanceUID]: updated };
    this.#commit({ ...this.#state, seriesOverrides }, 'series-override');
  }

  // ------------------------------------------------------------------ history

  canUndo(): boolean {
    return this.#undo.length > 0;
  }

  canRedo(): boolean {
    return this.#redo.length > 0;
  }

  undo(): boolean {
    return this.#travel(this.#undo, this.#redo, 'undo');
  }

  redo(): boolean {
    return this.#travel(this.#redo, this.#undo, 'redo');
  }

  /** Undo and redo are mirror images: take a state from one history, leave the current one on the other. */
  #travel(from: HistoryEntry[], to: HistoryEntry[], reason: 'undo' | 'redo'): boolean {
    const entry = from.pop();
    if (!entry) return false;
    this.#closeGestures();
    to.push({ state: this.#state, coalesceKey: null });
    this.#replace(entry.state, reason);
    return true;
  }

  // ------------------------------------------------------------------ persistence

  /** A plain JSON-able copy of everything needed to carry on later (autosave). */
  serialise(): InventorySnapshot {
    return {
      format: 'emh-inventory-state',
      version: 1,
      nextLesionNumber: this.#nextLesionNumber,
      knownLesionIds: [...this.#knownLesionIds],
      state: this.#state,
    };
  }

  /** Replaces everything with a snapshot (history is cleared). Refuses a malformed one. */
  restore(input: unknown): Result<void> {
    const parsed = parseSnapshot(input);
    if (!parsed.ok) return refused(parsed.reason);
    const snapshot = parsed.value;
    this.#knownLesionIds = new Set();
    this.#nextLesionNumber = snapshot.nextLesionNumber;
    for (const id of snapshot.knownLesionIds) this.#registerId(id);
    for (const lesion of snapshot.state.lesions) this.#registerId(lesion.id);
    this.#undo = [];
    this.#redo = [];
    this.#replace(snapshot.state, 'restore');
    return ok(undefined);
  }

  // ------------------------------------------------------------------ internals

  #allocateLesionId(): string {
    let id = `L${this.#nextLesionNumber}`;
    while (this.#knownLesionIds.has(id)) {
      this.#nextLesionNumber += 1;
      id = `L${this.#nextLesionNumber}`;
    }
    this.#registerId(id);
    return id;
  }

  /**
   * An id named by the caller (SR import, scripting). A deleted lesion's id is refused, so
   * a late event for one of its annotations cannot bring it back under the same name.
   */
  #claimExplicitId(id: string): Result<void> {
    if (typeof id !== 'string' || id.trim() === '') return refused('A lesion id must be non-empty text');
    if (this.#knownLesionIds.has(id)) {
      return refused(`Lesion ${id} was deleted; ids are never reused, so attach the annotation to a new lesion`);
    }
    this.#registerId(id);
    return ok(undefined);
  }

  #registerId(id: string): void {
    this.#knownLesionIds.add(id);
    const match = LESION_ID.exec(id);
    if (match) this.#nextLesionNumber = Math.max(this.#nextLesionNumber, Number(match[1]) + 1);
  }

  #commit(next: InventoryState, reason: InventoryChangeReason, gesture?: { key: string; open: boolean }): void {
    const top = this.#undo[this.#undo.length - 1];
    if (gesture && top && top.coalesceKey === gesture.key) {
      // Same drag: the undo point stays the state before the drag began.
      top.coalesceKey = gesture.open ? gesture.key : null;
    } else {
      this.#closeGestures();
      this.#undo.push({ state: this.#state, coalesceKey: gesture?.open ? gesture.key : null });
      if (this.#undo.length > this.#historyLimit) this.#undo.splice(0, this.#undo.length - this.#historyLimit);
    }
    this.#redo = [];
    this.#replace(next, reason);
  }

  #closeGestures(): void {
    const top = this.#undo[this.#undo.length - 1];
    if (top) top.coalesceKey = null;
  }

  #replace(next: InventoryState, reason: InventoryChangeReason): void {
    const previous = this.#state;
    this.#state = next;
    const change = describeChange(previous, next, reason, this.canUndo(), this.canRedo());
    this.notify(change);
  }
}

export function createInventoryStore(options: InventoryStoreOptions = {}): EmhInventoryStore {
  return new EmhInventoryStore(options);
}

function dropEmptyImplicitLesion(state: InventoryState, lesionId: string): InventoryState {
  const lesion = state.lesions.find((l) => l.id === lesionId);
  if (!lesion?.implicit) return state;
  if (state.annotations.some((a) => a.lesionId === lesionId)) return state;
  return { ...state, lesions: state.lesions.filter((l) => l.id !== lesionId) };
}
