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

/** How long the first press of "Clear" waits for the second. */
const CONFIRM_WINDOW_MS = 8000;

export interface ClearOutcome {
  readonly cleared: boolean;
  /** True when the call only asked for confirmation. */
  readonly confirmNeeded: boolean;
  readonly annotations: number;
  readonly lesions: number;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export class AnnotationClearing {
  private armedUntil = 0;
  private armedNotice: number | null = null;
  private beforeClear: InventorySnapshot | null = null;
  private applying = false;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly services: HostServices,
    private readonly adapter: InventoryAdapter,
  ) {
    // Undoing a clear after a later edit would throw that edit away.
    this.unsubscribe = adapter.store.subscribe(() => {
      if (!this.applying) this.beforeClear = null;
    });
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
    const counts = { annotations: state.annotations.length, lesions: state.lesions.length };
    if (isEmptyState(state)) {
      this.services.notifications.show('info', 'There are no annotations to clear.');
      return { cleared: false, confirmNeeded: false, ...counts };
    }
    if (!confirmed && Date.now() > this.armedUntil) {
      this.armedUntil = Date.now() + CONFIRM_WINDOW_MS;
      this.armedNotice = this.services.notifications.show(
        'warning',
        `Clear ${plural(counts.annotations, 'annotation')} and ${plural(counts.lesions, 'lesion')}? Press "Clear all" again to confirm. "Undo clear all" brings them back.`,
        CONFIRM_WINDOW_MS,
      );
      return { cleared: false, confirmNeeded: true, ...counts };
    }
    this.disarm();
    const before = store.serialise();
    if (!this.replaceWith(clearedSnapshot(before), 'clear the annotations')) return { cleared: false, confirmNeeded: false, ...counts };
    this.beforeClear = before;
    this.adapter.selectLesion(null);
    this.adapter.closeSitePicker();
    this.services.notifications.show(
      'info',
      `Cleared ${plural(counts.annotations, 'annotation')} and ${plural(counts.lesions, 'lesion')}. "Undo clear" brings them back until the next change.`,
    );
    return { cleared: true, confirmNeeded: false, ...counts };
  }

  undoClear(): boolean {
    const before = this.beforeClear;
    if (before === null) throw new Error('Nothing to undo: "Clear annotations" was not the last change.');
    if (!this.replaceWith(before, 'bring the annotations back')) return false;
    this.beforeClear = null;
    const { annotations, lesions } = before.state;
    this.services.notifications.show(
      'info',
      `Brought back ${plural(annotations.length, 'annotation')} and ${plural(lesions.length, 'lesion')}.`,
    );
    return true;
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
