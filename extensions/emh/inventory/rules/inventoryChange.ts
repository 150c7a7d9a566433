/**
 * Change notification of the inventory store. A change names what moved, so the adapter
 * can mirror undo / redo / restore in the viewports without diffing the whole state.
 */

import type { EmhAnnotation } from './annotationTypes';
import type { InventoryState } from './inventoryTypes';

export type InventoryChangeReason =
  | 'upsert'
  | 'remove'
  | 'new-lesion'
  | 'update-lesion'
  | 'remove-lesion'
  | 'series-override'
  | 'liver-override'
  | 'status-mark'
  | 'undo'
  | 'redo'
  | 'restore';

/**
 * What changed, so the adapter can mirror undo / redo / restore in the viewports: it
 * re-creates `addedAnnotations` (from their `source`), deletes `removedAnnotations` and
 * rewrites `modifiedAnnotations` (e.g. a lesion id the store assigned).
 */
export interface InventoryChange {
  readonly reason: InventoryChangeReason;
  readonly addedAnnotations: readonly EmhAnnotation[];
  readonly modifiedAnnotations: readonly EmhAnnotation[];
  readonly removedAnnotations: readonly EmhAnnotation[];
  readonly addedLesionIds: readonly string[];
  readonly removedLesionIds: readonly string[];
  readonly canUndo: boolean;
  readonly canRedo: boolean;
}

export function describeChange(
  previous: InventoryState,
  next: InventoryState,
  reason: InventoryChangeReason,
  canUndo: boolean,
  canRedo: boolean,
): InventoryChange {
  const before = new Map(previous.annotations.map((a) => [a.annotationUID, a]));
  const after = new Map(next.annotations.map((a) => [a.annotationUID, a]));
  const lesionsBefore = new Set(previous.lesions.map((l) => l.id));
  const lesionsAfter = new Set(next.lesions.map((l) => l.id));
  return {
    reason,
    addedAnnotations: next.annotations.filter((a) => !before.has(a.annotationUID)),
    modifiedAnnotations: next.annotations.filter((a) => before.has(a.annotationUID) && before.get(a.annotationUID) !== a),
    removedAnnotations: previous.annotations.filter((a) => !after.has(a.annotationUID)),
    addedLesionIds: [...lesionsAfter].filter((id) => !lesionsBefore.has(id)),
    removedLesionIds: [...lesionsBefore].filter((id) => !lesionsAfter.has(id)),
    canUndo,
    canRedo,
  };
}
