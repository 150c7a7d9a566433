/**
 * The iron ROIs of each patient, apart from the lesion inventory (an iron ROI measures an organ,
 * not a lesion). Pure: the viewer tells it which patient is active.
 */

import { Observable } from '../../../../src/state/observable';
import { ironInventory, type IronInventory, type IronRoiRecord } from './ironReport';

export class IronStore extends Observable {
  readonly #byPatient = new Map<string, IronRoiRecord[]>();
  #nextId = 1;

  /** `activePatient` names the patient whose ROIs rois() and inventory() give. */
  constructor(private readonly activePatient: () => string | null) {
    super();
  }

  rois(): readonly IronRoiRecord[] {
    const key = this.activePatient();
    return key === null ? [] : (this.#byPatient.get(key) ?? []);
  }

  inventory(): IronInventory {
    return ironInventory(this.rois());
  }

  /** Adds a fitted ROI to a patient's case; its id ("I1", "I2"...) is never reused. */
  add(patientKey: string, roi: Omit<IronRoiRecord, 'id'>): IronRoiRecord {
    const record: IronRoiRecord = { ...roi, id: `I${this.#nextId++}` };
    this.#byPatient.set(patientKey, [...(this.#byPatient.get(patientKey) ?? []), record]);
    this.notify();
    return record;
  }

  /** Removes an ROI of the active patient; false when there is none of that id. */
  remove(id: string): boolean {
    const key = this.activePatient();
    const rois = key === null ? undefined : this.#byPatient.get(key);
    if (!key || !rois?.some((r) => r.id === id)) return false;
    this.#byPatient.set(
      key,
      rois.filter((r) => r.id !== id),
    );
    this.notify();
    return true;
  }
}
