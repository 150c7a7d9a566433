import { useEffect, useRef } from 'react';
import type { LesionExport } from '../rules/inventoryTypes';
import type { InventoryPanelActions } from './panelTypes';

/**
 * What can be done with the selected lesion: Show, "Measure here" and Delete.
 * Asking "Delete L3?" replaces this line with one of the same height, right where the
 * click was, so the confirmation moves nothing else on screen.
 */
export function LesionActions({
  lesion,
  armed,
  confirming,
  setConfirming,
  actions,
}: {
  lesion: LesionExport;
  armed: boolean;
  /** "Delete L3?" is asked: by the Delete button, or the Delete key on the row (the table owns it). */
  confirming: boolean;
  setConfirming(confirming: boolean): void;
  actions: Pick<InventoryPanelActions, 'removeLesion' | 'show' | 'arm'>;
}) {
  const id = lesion.id;
  const noButton = useRef<HTMLButtonElement>(null);
  const deleteButton = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);

  // "No" takes the focus: the safe answer for a keyboard user who presses Enter by habit.
  useEffect(() => {
    if (confirming) noButton.current?.focus();
    else if (returnFocus.current) deleteButton.current?.focus();
    returnFocus.current = false;
  }, [confirming]);

  const cancel = (): void => {
    returnFocus.current = true;
    setConfirming(false);
  };

  if (confirming) {
    const count = lesion.refs.length;
    return (
      <div
        className="emh-head-line emh-confirm"
        role="alertdialog"
        aria-label={`Delete ${id}?`}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.stopPropagation();
            cancel();
          }
        }}
      >
        <span className="emh-confirm-text">
          Delete {id}
          {count > 0 ? ` and its ${count} annotation${count === 1 ? '' : 's'}` : ''}?
        </span>
        <button
          type="button"
          className="emh-danger"
          data-testid={`confirm-delete-${id}`}
          onClick={() => {
            setConfirming(false);
            actions.removeLesion(id);
          }}
        >
          Yes
        </button>
        <button type="button" ref={noButton} data-testid={`cancel-delete-${id}`} onClick={cancel}>
          No
        </button>
      </div>
    );
  }

  return (
    <div className="emh-head-line">
      <button
        type="button"
        className="emh-row-action emh-first-action"
        data-testid={`show-${id}`}
        title={`Show ${id}'s image with its measurement (or double-click the row)`}
        disabled={lesion.refs.length === 0}
        onClick={() => actions.show(id)}
      >
        Show
      </button>
      <button
        type="button"
        className={armed ? 'emh-row-action emh-armed-button' : 'emh-row-action'}
        data-testid={`measure-${id}`}
        aria-pressed={armed}
        title={
          armed
            ? `Stop: the next drawing will be a new lesion (Esc)`
            : `Measure ${id} here: the next Lesion, Lesion MR or Lesion HU drawing adds to ${id} (once; Esc cancels)`
        }
        onClick={() => actions.arm(armed ? null : id)}
      >
        {armed ? `Measuring ${id}…` : `Measure ${id} here`}
      </button>
      <button
        type="button"
        ref={deleteButton}
        className="emh-delete"
        data-testid={`delete-${id}`}
        aria-label={`Delete ${id}`}
        title={`Delete ${id} and its annotations`}
        onClick={() => setConfirming(true)}
      >
        Delete
      </button>
    </div>
  );
}
