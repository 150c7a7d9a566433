/**
 * Persistence of the EMH inventory: IndexedDB autosave and restore, one editing tab per study,
 * and "Clear annotations". index.ts starts it once the adapter runs and registers what it gives.
 */

import type { HostServices } from '../../../src/extensions/hostServices';
import type { CommandDefinition, ToolbarButton } from '../../../src/extensions/types';
import type { InventoryAdapter } from '../adapter/inventoryAdapter';
import { EmhAutosave } from './autosave';
import { AnnotationClearing } from './clearAnnotations';

export type { AutosaveStatus } from './autosave';

export class EmhPersistence {
  readonly autosave: EmhAutosave;
  readonly clearing: AnnotationClearing;

  constructor(services: HostServices, adapter: InventoryAdapter) {
    this.autosave = new EmhAutosave(services, adapter);
    this.clearing = new AnnotationClearing(services, adapter);
    this.autosave.start();
  }

  commands(): CommandDefinition[] {
    return [
      ...this.clearing.commands(),
      {
        name: 'emh.autosaveStatus',
        description: 'Autosave state: {ready, storage, savedAt, pending, savedStudies, lockedElsewhere, otherCase, restoredFrom, lastError}',
        run: () => this.autosave.status(),
      },
    ];
  }

  stop(): void {
    this.clearing.stop();
    this.autosave.stop();
  }
}

export const PERSIST_TOOLBAR: ToolbarButton[] = [
  { id: 'emh-clear', label: 'Clear', tooltip: 'Clear all annotations (press twice to confirm; undoable once)', group: 'emh', command: 'emh.clearAnnotations' },
  { id: 'emh-undo-clear', label: 'Undo clear', tooltip: 'Bring back what "Clear" removed (until the next change)', group: 'emh', command: 'emh.undoClear' },
];
