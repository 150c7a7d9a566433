/**
 * "Clear annotations": explicit (a second press, or `{confirm: true}` from a script) and
 * undoable once, until the next change.
 *
 * The store has no clear step of its own, so clearing restores an empty snapshot that keeps
 * the lesion-id counter and every id ever used (the next lesion after clearing L1-L5 is L6),
 * and undo restores the snapshot taken just before. Restore forgets the store's undo history,
 * which is why Ctrl+Z does not reach back past a clear; "Undo clear" does.
 */

import type { HostServices } from '../../../src/extensions/hostServices';
import type { CommandDefinition } from '../../../src/extensions/types';
import type { Result } from './rules/common';
import type { InventorySnapshot } from './rules/inventorySnapshot';
import type { InventoryAdapter } from '../annotations/inventoryAdapter';
import { clearedSnapshot, isEmptyState } from '../autosave/savedInventory';
import type { IronStore } from '../iron/rules/ironStore';
import type { IronRoiRecord } from '../iron/rules/ironReport';
import type { LicCalibration } from '../iron/rules/ironGrades';

/** The active patient's iron ROIs as they were before a clear. */
interface IronBeforeClear {
  readonly patientKey: string;
  readonly rois: readonly IronRoiRecord[];
  readonly calibration: LicCalibration;
}

/** How long the first press of "Clear" waits for the second. */
const CONFIRM_WINDOW_MS = 8000;

export interface ClearOutcome {
  readonly cleared: boolean;
  /** True when the call only asked for confirmation. */
  readonly confirmNeeded: boolean;
  readonly annotations: number;
  readonly lesions: number;
  readonly ironRois: number;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "5 annotations and 2 lesions", with ", 3 iron ROIs" when there are any. */
const what = ({ annotations, lesions, ironRois }: { annotations: number; lesions: number; ironRois: number }): string =>
  ironRois > 0
    ? `${plural(annotations, 'annotation')}, ${plural(lesions, 'lesion')} and ${plural(ironRois, 'iron ROI')}`
    : `${plural(annotations, 'annotation')} and ${plural(lesions, 'lesion')}`;

export class AnnotationClearing {
  private armedUntil = 0;
  private armedNotice: number | null = null;
  private beforeClear: InventorySnapshot | null = null;
  private ironBeforeClear: IronBeforeClear | null = null;
  private applying = false;
  private readonly unsubscribe: () => void;

  /** `iron`: the iron ROIs are annotations on the images too, cleared and brought back with the rest. */
  constructor(
    private readonly services: HostServices,
    private readonly adapter: InventoryAdapter,
    private readonly iron?: IronStore,
  ) {
    // Undoing a clear after a later edit would throw that edit away.
    const forget = (): void => {
      if (this.applying) return;
      this.beforeClear = null;
      this.ironBeforeClear = null;
    };
    const stopStore = adapter.store.subscribe(forget);
    const stopIron = iron?.subscribe(forget);
    this.unsubscribe = () => {
      stopStore();
      stopIron?.();
    };
  }

  stop(): void {
    this.unsubscribe();
  }

  canUndoClear(): boolean {
    return this.beforeClear !== null;
  }

  commands(): CommandDefinition[] {
    return [
      {
        name: 'emh.clearAnnotations',
        description:
          'Clear every annotation and lesion: {confirm?: true}; without it, asks for a second call within 8 s. Undo with emh.undoClear',
        run: (args) => this.clear(args.confirm === true),
      },
      {
        name: 'emh.undoClear',
        description: 'Bring back what the last "Clear annotations" removed (until the next change)',
        run: () => this.undoClear(),
      },
    ];
  }

  clear(confirmed: boolean): ClearOutcome {
    const { store } = this.adapter;
    const state = store.state();
    const ironRois = this.iron?.rois() ?? [];
    const counts = { annotations: state.annotations.length, lesions: state.lesions.length, ironRois: ironRois.length };
    if (isEmptyState(state) && ironRois.length === 0) {
      this.services.notifications.show('info', 'There are no annotations to clear.');
      return { cleared: false, confirmNeeded: false, ...counts };
    }
    if (!confirmed && Date.now() > this.armedUntil) {
      this.armedUntil = Date.now() + CONFIRM_WINDOW_MS;
      this.armedNotice = this.services.notifications.show(
        'warning',
        `Clear ${what(counts)}? Press "Clear all" again to confirm. "Undo clear all" brings them back.`,
        CONFIRM_WINDOW_MS,
      );
      return { cleared: false, confirmNeeded: true, ...counts };
    }
    this.disarm();
    const before = store.serialise();
    if (!this.replaceWith(clearedSnapshot(before), 'clear the annotations')) return { cleared: false, confirmNeeded: false, ...counts };
    const patientKey = this.services.data.activePatientKey();
    const ironBefore = this.iron && patientKey ? { patientKey, rois: ironRois, calibration: this.iron.calibration() } : null;
    if (ironBefore && ironRois.length > 0) this.applyIron(ironBefore.patientKey, [], ironBefore.calibration);
    this.beforeClear = before;
    this.ironBeforeClear = ironBefore;
    this.adapter.selectLesion(null);
    this.adapter.closeSitePicker();
    this.services.notifications.show('info', `Cleared ${what(counts)}. "Undo clear" brings them back until the next change.`);
    return { cleared: true, confirmNeeded: false, ...counts };
  }

  undoClear(): boolean {
    const before = this.beforeClear;
    if (before === null) throw new Error('Nothing to undo: "Clear annotations" was not the last change.');
    if (!this.replaceWith(before, 'bring the annotations back')) return false;
    const iron = this.ironBeforeClear;
    if (iron && iron.rois.length > 0) this.applyIron(iron.patientKey, iron.rois, iron.calibration);
    this.beforeClear = null;
    this.ironBeforeClear = null;
    const { annotations, lesions } = before.state;
    this.services.notifications.show(
      'info',
      `Brought back ${what({ annotations: annotations.length, lesions: lesions.length, ironRois: iron?.rois.length ?? 0 })}.`,
    );
    return true;
  }

  private applyIron(patientKey: string, rois: readonly IronRoiRecord[], calibration: LicCalibration): void {
    this.applying = true;
    try {
      this.iron?.restore(patientKey, rois, calibration);
    } finally {
      this.applying = false;
    }
  }

  private replaceWith(snapshot: InventorySnapshot, action: string): boolean {
    this.applying = true;
    let result: Result<void>;
    try {
      result = this.adapter.store.restore(snapshot);
    } finally {
      this.applying = false;
    }
    if (!result.ok) {
      this.services.notifications.show('error', `Could not ${action}: ${result.reason}`);
      return false;
    }
    this.adapter.reconcile();
    // reconcile re-renders only when a label changes; annotations removed must vanish too.
    this.adapter.redraw();
    return true;
  }

  private disarm(): void {
    this.armedUntil = 0;
    if (this.armedNotice !== null) this.services.notifications.dismiss(this.armedNotice);
    this.armedNotice = null;
  }
}
