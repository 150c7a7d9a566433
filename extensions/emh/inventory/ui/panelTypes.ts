/**
 * The contract between the inventory panel and the extension that hosts it. The panel is
 * a pure view of an `EmhInventory`: it never reads the store or Cornerstone, and every
 * change goes back out through `InventoryPanelActions`, so undo, autosave and the
 * viewport follow-up stay in one place (the extension).
 */

import type { ContrastState } from '../../liver/rules/contrastState';
import type { LiverCall } from '../../liver/rules/liverAttenuation';
import type { Weighting } from '../../signal/rules/seriesWeighting';
import type { EmhInventory, LesionEdit } from '../rules/inventoryTypes';
import type { FollowUpView } from '../../followUp/rules/followUpView';
import type { ChangeViewActions } from '../../followUp/ui/ChangeView';

export interface InventoryPanelActions {
  /** Highlights the row only: no image changes, nothing attaches to the lesion. */
  select(lesionId: string | null): void;
  /** Shows the lesion's image with its measurement selected (asked for: Show, double click). */
  show(lesionId: string): void;
  /** "Measure L1 here": the next lesion drawing adds to it; null disarms. */
  arm(lesionId: string | null): void;
  updateLesion(lesionId: string, edit: LesionEdit): void;
  /** Called only after the user confirmed, in the panel. */
  removeLesion(lesionId: string): void;
  setSeriesWeighting(seriesInstanceUID: string, weighting: Weighting | null): void;
  setSeriesContrast(seriesInstanceUID: string, contrast: ContrastState | null): void;
  setLiverCallOverride(call: LiverCall | null): void;
  undo(): void;
  redo(): void;
}

export interface InventoryPanelProps {
  inventory: EmhInventory;
  selectedLesionId: string | null;
  /** The lesion the next drawing adds to, or null. */
  armedLesionId: string | null;
  canUndo: boolean;
  canRedo: boolean;
  actions: InventoryPanelActions;
  /** With two time points or more: the change view beside the table; absent or null, the panel is as it was. */
  followUp?: { readonly view: FollowUpView; readonly actions: ChangeViewActions } | null;
}
