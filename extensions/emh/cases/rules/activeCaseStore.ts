import type { EmhAnnotation } from '../../inventory/rules/annotationTypes';
import { refused, type ImageRef, type Result } from '../../inventory/rules/common';
import { describeChange } from '../../inventory/rules/inventoryChange';
import type { InventorySnapshot } from '../../inventory/rules/inventorySnapshot';
import { EmhInventoryStore, type UpsertOptions } from '../../inventory/rules/inventoryStore';
import type { EmhInventory, InventoryContext, InventoryState, LesionEdit, LesionRecord } from '../../inventory/rules/inventoryTypes';
import type { UpsertOutcome } from '../../inventory/rules/inventoryUpsert';
import type { ContrastState } from '../../liver/rules/contrastState';
import type { LiverCall } from '../../liver/rules/liverAttenuation';
import type { Weighting } from '../../signal/rules/seriesWeighting';
import type { DatedStudy, LesionStatusMark, MarkedStatus } from '../../followUp/rules/followUpTypes';

/** Why an image's annotation cannot enter the active case (another patient's image); null when it can. */
export type PatientGuard = (ref: ImageRef) => string | null;

/**
 * The store the adapter, panels and commands use: it is always the active patient's case.
 * Every call goes to that case's own store, so swapping the case swaps everything at once, and
 * an annotation on another patient's image is refused here, whatever path it came by.
 *
 * It extends the store class only to keep its type; it holds no state of its own but its
 * listeners (it tells them of the active case's changes, and of a switch), and a unit test checks
 * that every public method of the store is forwarded.
 */
export class ActiveCaseStore extends EmhInventoryStore {
  #target: EmhInventoryStore;
  #unsubscribeTarget: () => void;

  constructor(
    initial: EmhInventoryStore,
    private readonly guard: PatientGuard,
  ) {
    super({ thresholds: initial.thresholds });
    this.#target = initial;
    this.#unsubscribeTarget = this.#follow(initial);
  }

  /** The case store calls go to now. */
  get target(): EmhInventoryStore {
    return this.#target;
  }

  /** Makes another case the active one; listeners hear it as a restore of the whole state. */
  switchTo(next: EmhInventoryStore): void {
    if (next === this.#target) return;
    const previous = this.#target.state();
    this.#unsubscribeTarget();
    this.#target = next;
    this.#unsubscribeTarget = this.#follow(next);
    const change = describeChange(previous, next.state(), 'restore', next.canUndo(), next.canRedo());
    this.notify(change);
  }

  #follow(store: EmhInventoryStore): () => void {
    return store.subscribe((change) => this.notify(change));
  }

  override state(): InventoryState {
    return this.#target.state();
  }

  override annotation(annotationUID: string): EmhAnnotation | null {
    return this.#target.annotation(annotationUID);
  }

  override lesion(lesionId: string): LesionRecord | null {
    return this.#target.lesion(lesionId);
  }

  override lesionIds(): string[] {
    return this.#target.lesionIds();
  }

  override inventory(context: InventoryContext = {}): EmhInventory {
    return this.#target.inventory(context);
  }

  override upsert(input: EmhAnnotation, options: UpsertOptions = {}): Result<UpsertOutcome> {
    const refusal = this.guard(input.ref);
    return refusal ? refused(refusal) : this.#target.upsert(input, options);
  }

  override upsertMany(inputs: readonly EmhAnnotation[]): Result<UpsertOutcome>[] {
    const refusals = inputs.map((input) => this.guard(input.ref));
    const accepted = this.#target.upsertMany(inputs.filter((_, i) => refusals[i] === null));
    let next = 0;
    return refusals.map((refusal) => (refusal ? refused<UpsertOutcome>(refusal) : accepted[next++]));
  }

  override remove(annotationUID: string): boolean {
    return this.#target.remove(annotationUID);
  }

  override assignAnnotation(annotationUID: string, lesionId: string): Result<UpsertOutcome> {
    return this.#target.assignAnnotation(annotationUID, lesionId);
  }

  override newLesion(edit: LesionEdit = {}): string {
    return this.#target.newLesion(edit);
  }

  override updateLesion(lesionId: string, edit: unknown): Result<LesionRecord> {
    return this.#target.updateLesion(lesionId, edit);
  }

  override updateLesions(edits: readonly { readonly lesionId: string; readonly edit: unknown }[]): Result<LesionRecord>[] {
    return this.#target.updateLesions(edits);
  }

  override removeLesion(lesionId: string): Result<{ readonly annotationUIDs: readonly string[] }> {
    return this.#target.removeLesion(lesionId);
  }

  override setSeriesWeighting(seriesInstanceUID: string, weighting: Weighting | null): void {
    this.#target.setSeriesWeighting(seriesInstanceUID, weighting);
  }

  override setSeriesContrast(seriesInstanceUID: string, contrast: ContrastState | null): void {
    this.#target.setSeriesContrast(seriesInstanceUID, contrast);
  }

  override setLiverCallOverride(call: LiverCall | null): void {
    this.#target.setLiverCallOverride(call);
  }

  override importLesions(rows: readonly { readonly id: string; readonly trackingUid: string }[]): string[] {
    return this.#target.importLesions(rows);
  }

  override importStatusMarks(marks: readonly LesionStatusMark[]): void {
    this.#target.importStatusMarks(marks);
  }

  override setStatusMark(lesionId: string, timepointStudies: readonly DatedStudy[], status: MarkedStatus | null): Result<void> {
    return this.#target.setStatusMark(lesionId, timepointStudies, status);
  }

  override canUndo(): boolean {
    return this.#target.canUndo();
  }

  override canRedo(): boolean {
    return this.#target.canRedo();
  }

  override undo(): boolean {
    return this.#target.undo();
  }

  override redo(): boolean {
    return this.#target.redo();
  }

  override serialise(): InventorySnapshot {
    return this.#target.serialise();
  }

  override restore(input: unknown): Result<void> {
    return this.#target.restore(input);
  }
}
