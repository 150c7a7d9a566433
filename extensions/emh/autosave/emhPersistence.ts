/**
 * Persistence of the EMH inventory: IndexedDB autosave and restore, one editing tab per study,
 * and "Clear annotations". index.ts starts it once the adapter runs and registers what it gives.
 */

import type { HostServices } from '../../../src/extensions/hostServices';
import type { CommandDefinition, ToolbarButton } from '../../../src/extensions/types';
import type { InventoryAdapter } from '../annotations/inventoryAdapter';
import type { EmhCase, PatientCases } from '../cases/rules/patientCases';
import { EmhAutosave, type AutosaveStatus, type AutosaveTarget } from './autosave';
import { AnnotationClearing } from '../inventory/clearAnnotations';
import type { IronStore } from '../iron/rules/ironStore';
import type { SegmentStore } from '../volumes/rules/segmentStore';

export type { AutosaveStatus } from './autosave';

const NOTHING_OPEN: AutosaveStatus = {
  patient: '',
  ready: false,
  storage: 'opening',
  savedAt: null,
  pending: 0,
  savedStudies: [],
  lockedElsewhere: [],
  otherCase: [],
  notDrawn: 0,
  restoredFrom: null,
  lastError: null,
};

/** One patient's case as autosave sees it: drawn on the images only while it is on screen. */
function autosaveTarget(
  services: HostServices,
  adapter: InventoryAdapter,
  cases: PatientCases,
  emhCase: EmhCase,
  iron: IronStore,
  segments: SegmentStore,
): AutosaveTarget {
  const { patientKey } = emhCase;
  const { collection } = services.data;
  const onScreen = (): boolean => cases.activeKey() === patientKey;
  const identity = collection.patients().find((p) => p.key === patientKey)?.identity ?? { id: '', issuer: '', name: '', birthDate: '' };
  return {
    patientKey,
    identity,
    store: emhCase.store,
    studies: () => collection.studiesOf(patientKey).map((study) => study.studyInstanceUID),
    imageCount: () => collection.studiesOf(patientKey).reduce((n, study) => n + study.series.reduce((m, s) => m + s.imageIds.length, 0), 0),
    isOtherPatientStudy: (study) => {
      const owner = collection.patientOfStudy(study);
      return owner !== undefined && owner.key !== patientKey;
    },
    reconcile: () => {
      if (onScreen()) adapter.reconcile();
    },
    removeFromImages: (uid) => {
      if (onScreen()) adapter.removeFromImages(uid);
    },
    iron: {
      rois: () => iron.roisOf(patientKey),
      calibration: () => iron.calibrationOf(patientKey),
      restore: (rois, calibration) => iron.restore(patientKey, rois, calibration),
      subscribe: (listener) => iron.subscribe(listener),
    },
    segments: {
      segments: () => segments.segmentsOf(patientKey),
      restore: (records) => segments.restore(patientKey, records),
      reported: () => segments.reportedOf(patientKey),
      restoreReported: (volumes) => segments.setReported(patientKey, volumes),
      subscribe: (listener) => segments.subscribe(listener),
    },
  };
}

export class EmhPersistence {
  /** One autosave per patient's case: records carry the patient, so restores never mix them. */
  private readonly autosaves = new Map<string, EmhAutosave>();
  readonly clearing: AnnotationClearing;
  private readonly stopCases: () => void;

  constructor(
    services: HostServices,
    adapter: InventoryAdapter,
    private readonly cases: PatientCases,
    iron: IronStore,
    segments: SegmentStore,
  ) {
    this.clearing = new AnnotationClearing(services, adapter, iron);
    this.stopCases = cases.onCase((emhCase) => {
      const autosave = new EmhAutosave(services, autosaveTarget(services, adapter, cases, emhCase, iron, segments));
      this.autosaves.set(emhCase.patientKey, autosave);
      autosave.start();
    });
  }

  /** The active patient's autosave state; with `{all: true}`, every patient's by key. */
  status(all: boolean): AutosaveStatus | Record<string, AutosaveStatus> {
    if (all) return Object.fromEntries([...this.autosaves].map(([key, autosave]) => [key, autosave.status()]));
    return this.autosaves.get(this.cases.activeKey() ?? '')?.status() ?? NOTHING_OPEN;
  }

  commands(): CommandDefinition[] {
    return [
      ...this.clearing.commands(),
      {
        name: 'emh.autosaveStatus',
        description:
          "Autosave state of the active patient's case: {patient, ready, storage, savedAt, pending, savedStudies, lockedElsewhere, otherCase, restoredFrom, lastError}; {all: true}: every patient's, by key",
        run: (args) => this.status(args.all === true),
      },
    ];
  }

  stop(): void {
    this.stopCases();
    this.clearing.stop();
    for (const autosave of this.autosaves.values()) autosave.stop();
  }
}

export const PERSIST_TOOLBAR: ToolbarButton[] = [
  // Kept apart from the measuring tools: last, after Key image, in the toolbar's "-danger" style.
  {
    id: 'emh-clear',
    label: 'Clear all',
    tooltip: 'Clear all annotations (press twice to confirm; undoable once)',
    group: 'emh-danger',
    command: 'emh.clearAnnotations',
  },
  {
    id: 'emh-undo-clear',
    label: 'Undo clear all',
    tooltip: 'Bring back what "Clear all" removed (until the next change)',
    group: 'emh-danger',
    command: 'emh.undoClear',
  },
];
