/** What one run of each emhTools measurement yields; undefined fields: the step failed (see `error`). */
import type { PageKind } from '../../runner/args';
import type { Breakdown } from './trace';

export interface RoiRun {
  page: PageKind;
  run: number;
  build?: string;
  /** Lesions in the viewer's inventory while dragging (0 on the plain page and the regular runs). */
  lesionsInInventory: number;
  /** Diameter of the ellipse actually drawn (mouse positions are whole CSS pixels). */
  diameterMm?: number;
  /** Step-and-settle: mousemove -> first painted frame with the new statistics text. */
  stepLatencyMs: number[];
  /** Steps whose statistics text did not change within the step timeout. */
  stepsMissed: number;
  /** Traced step-and-settle: main-thread busy time caused by one move, with breakdown. */
  work: Breakdown[];
  /** Continuous drag: mousemove -> first painted frame with the ellipse moved. */
  followMs: number[];
  /** Continuous drag: time between painted statistics changes. */
  refreshIntervalMs: number[];
  moves?: number;
  moveRateHz?: number;
  /**
   * Continuous drag, button held still after the last move: whether the statistics shown
   * are those of the final position (the text step-and-settle painted there), and from the
   * last move until they were painted (0: already showing). Undefined: never while held.
   */
  finalCorrect?: boolean;
  settleMs?: number;
  /** Whether the text is right once the button is released (Cornerstone redraws on mouse up). */
  correctAfterMouseUp?: boolean;
  otherCpuCores?: number;
  error?: string;
}

export interface PanelRun {
  run: number;
  build?: string;
  lesions: number;
  /** emh.addLesion: whole batch (each awaited), and each call. */
  addTotalMs?: number;
  addMs: number[];
  /** The last add: call -> panel showing the new count, painted. */
  lastAddPaintedMs?: number;
  /** emh.updateLesion notes on a row -> the row shows it, painted. */
  editMs: number[];
  editWork: Breakdown[];
  /** emh.inventory (store.inventory(), what the panel computes on each render). */
  inventoryMs: number[];
  /** Click on a sort header -> reordered rows painted (traced). */
  sortMs: number[];
  sortWork: Breakdown[];
  otherCpuCores?: number;
  error?: string;
}

export type PlainAddMode = 'hydrate' | 'scroll+hydrate';

export interface PlainAddRun {
  run: number;
  mode: PlainAddMode;
  build?: string;
  addTotalMs?: number;
  addMs: number[];
  lastAddPaintedMs?: number;
  otherCpuCores?: number;
  error?: string;
}
