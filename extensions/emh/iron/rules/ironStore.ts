/**
 * The iron ROIs of each patient, apart from the lesion inventory (an iron ROI measures an organ,
 * not a lesion), and the LIC calibration chosen for that patient. Pure: the viewer tells it which
 * patient is active.
 */

import { Observable } from '../../../../src/state/observable';
import { DEFAULT_IRON_THRESHOLDS, type IronThresholds, type LicCalibration } from './ironGrades';
import { ironInventory, type IronInventory, type IronRoiRecord } from './ironReport';

export const DEFAULT_LIC_CALIBRATION: LicCalibration = 'wood-2005';

/** One empty list for every patient without ROIs, so a caller can tell "unchanged" by identity. */
const NO_ROIS: readonly IronRoiRecord[] = Object.freeze([]);

export class IronStore extends Observable {
  readonly #byPatient = new Map<string, IronRoiRecord[]>();
  readonly #calibration = new Map<string, LicCalibration>();
  #nextId = 1;

  /** `activePatient` names the patient whose ROIs rois() and inventory() give. */
  /** `thresholds`: the site's grade cut-offs (the common clinical ones by default). */
  constructor(
    private readonly activePatient: () => string | null,
    readonly thresholds: IronThresholds = DEFAULT_IRON_THRESHOLDS,
  ) {
    super();
  }

  rois(): readonly IronRoiRecord[] {
    const key = this.activePatient();
    return key === null ? NO_ROIS : this.roisOf(key);
  }

  /** The active patient's LIC calibration: Wood 2005 unless one was chosen. */
  calibration(): LicCalibration {
    const key = this.activePatient();
    return key === null ? DEFAULT_LIC_CALIBRATION : this.calibrationOf(key);
  }

  /** A patient's ROIs whether on screen or not (autosave keeps every open patient's case). */
  roisOf(patientKey: string): readonly IronRoiRecord[] {
    return this.#byPatient.get(patientKey) ?? NO_ROIS;
  }

  calibrationOf(patientKey: string): LicCalibration {
    return this.#calibration.get(patientKey) ?? DEFAULT_LIC_CALIBRATION;
  }

  setCalibration(patientKey: string, calibration: LicCalibration): void {
    if (this.#calibration.get(patientKey) === calibration) return;
    this.#calibration.set(patientKey, calibration);
    this.notify();
  }

  inventory(): IronInventory {
    return ironInventory(this.rois(), this.calibration(), this.thresholds);
  }

  /** Adds a fitted ROI to a patient's case; its id ("I1", "I2"...) is never reused. */
  add(patientKey: string, roi: Omit<IronRoiRecord, 'id'>): IronRoiRecord {
    const record: IronRoiRecord = { ...roi, id: `I${this.#nextId++}` };
    this.#byPatient.set(patientKey, [...(this.#byPatient.get(patientKey) ?? []), record]);
    this.notify();
    return record;
  }

  /**
   * Puts back a patient's saved or reported ROIs (autosave, an imported SR), in place of the ones
   * held: a saved case is the whole case. Their ids are kept; new ids continue after them.
   */
  restore(patientKey: string, records: readonly IronRoiRecord[], calibration?: LicCalibration): void {
    this.#byPatient.set(patientKey, [...records]);
    if (calibration) this.#calibration.set(patientKey, calibration);
    for (const r of records) {
      const n = /^I(\d+)$/.exec(r.id);
      if (n) this.#nextId = Math.max(this.#nextId, Number(n[1]) + 1);
    }
    this.notify();
  }

  /**
   * Puts a refitted ROI (its ellipse moved or resized) in place of the one it was, keeping its id
   * and its place in the list; false when the active patient has no ROI of that id.
   */
  replace(id: string, roi: Omit<IronRoiRecord, 'id'>): boolean {
    const key = this.activePatient();
    const rois = key === null ? undefined : this.#byPatient.get(key);
    if (!key || !rois?.some((r) => r.id === id)) return false;
    this.#byPatient.set(
      key,
      rois.map((r) => (r.id === id ? { ...roi, id } : r)),
    );
    this.notify();
    return true;
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
