import { Channel } from '../../../../src/state/observable';
import type { DataManager } from '../../../../src/data/dataManager';
import { patientLabel } from '../../../../src/data/patientIdentity';
import type { ImageRef } from '../../inventory/rules/common';
import type { EmhInventoryStore } from '../../inventory/rules/inventoryStore';
import { ActiveCaseStore } from './activeCaseStore';

/** One patient's work-up: its own inventory, undo history and autosave. */
export interface EmhCase {
  readonly patientKey: string;
  readonly store: EmhInventoryStore;
}

/**
 * One case per patient, following the host's active patient. `store` is always the active
 * case's; the other cases wait untouched until their patient is shown again.
 */
export class PatientCases {
  readonly store: ActiveCaseStore;
  private readonly cases = new Map<string, EmhCase>();
  /** The store in use before any patient was open; the first patient's case takes it over. */
  private unclaimed: EmhInventoryStore | null;
  private readonly created = new Channel<EmhCase>();
  private data: DataManager | null = null;

  constructor(private readonly createStore: () => EmhInventoryStore) {
    const initial = createStore();
    this.unclaimed = initial;
    this.store = new ActiveCaseStore(initial, (ref) => this.refusal(ref));
  }

  /** Follows the host: a case for each patient that opens, and the active one's store in use. */
  start(data: DataManager, onSwitch: () => void): () => void {
    this.data = data;
    const adopt = (): void => {
      for (const patient of data.patients()) this.caseFor(patient.key);
    };
    const stopData = data.subscribe(adopt);
    const stopActive = data.onActivePatientChange((_previous, next) => {
      adopt();
      this.store.switchTo(this.caseFor(next).store);
      onSwitch();
    });
    adopt();
    const active = data.activePatientKey();
    if (active) this.store.switchTo(this.caseFor(active).store);
    return () => {
      stopData();
      stopActive();
    };
  }

  activeKey(): string | null {
    return this.data?.activePatientKey() ?? null;
  }

  list(): EmhCase[] {
    return [...this.cases.values()];
  }

  find(patientKey: string): EmhCase | undefined {
    return this.cases.get(patientKey);
  }

  /** The case of a patient, made on first use. */
  caseFor(patientKey: string): EmhCase {
    let found = this.cases.get(patientKey);
    if (found) return found;
    const store = this.unclaimed ?? this.createStore();
    this.unclaimed = null;
    found = { patientKey, store };
    this.cases.set(patientKey, found);
    this.created.emit(found);
    return found;
  }

  /** Called for every case there is and every case made from now on. */
  onCase(listener: (created: EmhCase) => void): () => void {
    const unsubscribe = this.created.subscribe(listener);
    for (const existing of this.cases.values()) listener(existing);
    return unsubscribe;
  }

  /** The patient key of a study, or undefined while it is not open. */
  patientOfStudy(studyInstanceUID: string): string | undefined {
    return this.data?.collection.patientOfStudy(studyInstanceUID)?.key;
  }

  /** An image of another patient than the active one never enters the active case. */
  private refusal(ref: ImageRef): string | null {
    const data = this.data;
    const owner = data?.collection.patientOfStudy(ref.studyInstanceUID);
    const active = data?.activePatient();
    if (!owner || !active || owner.key === active.key) return null;
    return `This image belongs to ${patientLabel(owner.identity)}, not to the open case of ${patientLabel(active.identity)}; nothing was added. Switch to that patient to measure it.`;
  }
}
