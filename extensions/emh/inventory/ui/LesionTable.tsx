import { useMemo, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { EmhWarning } from '../rules/common';
import type { LesionExport } from '../rules/inventoryTypes';
import { DEFAULT_SORT, nextSort, rowWarnings, sortLesions, warningsByLesion, type SortKey, type SortOrder } from '../rules/inventoryRows';
import { LesionDetails } from './LesionDetails';
import { LesionRow } from './LesionRow';
import type { InventoryPanelActions } from './panelTypes';

type TableActions = Pick<InventoryPanelActions, 'select' | 'show' | 'arm' | 'updateLesion' | 'removeLesion'>;

/**
 * One line per lesion, sortable by any column, in a box of its own height so the selected
 * lesion's card below it stays in view however many lesions there are.
 */
export function LesionTable({
  lesions,
  warnings,
  selectedLesionId,
  armedLesionId,
  actions,
}: {
  lesions: readonly LesionExport[];
  warnings: readonly EmhWarning[];
  selectedLesionId: string | null;
  armedLesionId: string | null;
  actions: TableActions;
}) {
  const [order, setOrder] = useState<SortOrder>(DEFAULT_SORT);
  const [confirmingDelete, setConfirmingDelete] = useState<string | null>(null);
  const sorted = useMemo(() => sortLesions(lesions, order), [lesions, order]);
  const byLesion = useMemo(() => warningsByLesion(warnings), [warnings]);

  if (lesions.length === 0) return <EmptyState />;

  const header = (key: SortKey, label: ReactNode, props: { title?: string } = {}) => (
    <th scope="col" aria-sort={order.key === key ? order.direction : 'none'} className={`emh-col-${key}`}>
      <button
        type="button"
        className="emh-sort"
        data-testid={`sort-${key}`}
        title={props.title ?? 'Sort by this column; click again to reverse'}
        onClick={() => setOrder((current) => nextSort(current, key))}
      >
        {label}
        <span className="emh-sort-mark" aria-hidden="true">
          {order.key === key ? (order.direction === 'ascending' ? '▲' : '▼') : ''}
        </span>
      </button>
    </th>
  );

  // Arrow keys walk the rows from a row's id button, as a reader steps through findings.
  // They stop here: on the window, the viewer's hotkeys would also scroll the slices.
  // Delete on a row asks first, as the row's Delete button does; Esc is the viewer's.
  const onKeyDown = (event: KeyboardEvent<HTMLTableElement>): void => {
    const target = event.target as HTMLElement;
    if ((event.key === 'Delete' || event.key === 'Backspace') && !target.closest('input, textarea, select, [role="alertdialog"]')) {
      const row = target.closest<HTMLElement>('tbody[data-testid^="lesion-row-"]');
      const rowId = row?.dataset.testid?.slice('lesion-row-'.length);
      if (rowId) {
        event.preventDefault();
        event.stopPropagation();
        actions.select(rowId);
        setConfirmingDelete(rowId);
      }
      return;
    }
    const lesionId = target.dataset.lesionId;
    if (lesionId === undefined) return;
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    event.stopPropagation();
    const index = sorted.findIndex((l) => l.id === lesionId);
    const next = sorted[index + (event.key === 'ArrowDown' ? 1 : -1)];
    if (next === undefined) return;
    actions.select(next.id);
    const table = event.currentTarget;
    table.querySelector<HTMLButtonElement>(`[data-lesion-id="${CSS.escape(next.id)}"]`)?.focus();
  };

  const selected = sorted.find((l) => l.id === selectedLesionId);
  return (
    <>
      <div className="emh-lesions-box">
        <table className="emh-lesions" data-testid="lesion-table" onKeyDown={onKeyDown}>
          <colgroup>
            <col className="emh-w-id" />
            <col className="emh-w-site" />
            <col className="emh-w-size" />
            <col className="emh-w-ct" />
            <col className="emh-w-mr" />
            <col className="emh-w-mr" />
          </colgroup>
          <thead>
            <tr>
              {header('id', 'ID', { title: 'Sort by lesion id (creation order)' })}
              {header('site', 'Site', { title: 'Sort by site, in anatomical order' })}
              {header('size', 'L x S cm', { title: 'Long x short axis (cm); click to sort by long axis' })}
              {header('ct', 'HU', { title: 'CT HU (lesion ROI mean); click to sort' })}
              {header('t1', 'T1', {
                title:
                  'T1 lesion-to-muscle ratio and call (↓ hypo, ↓↓ markedly hypo, = iso, ↑ hyper, ? indeterminate, * override); click to sort',
              })}
              {header('t2', 'T2', {
                title:
                  'T2 lesion-to-muscle ratio and call (↓ hypo, ↓↓ markedly hypo, = iso, ↑ hyper, ? indeterminate, * override); click to sort',
              })}
            </tr>
          </thead>
          {sorted.map((lesion) => (
            <LesionRow
              key={lesion.id}
              lesion={lesion}
              warnings={rowWarnings(byLesion, lesion.id)}
              selected={lesion.id === selectedLesionId}
              armed={lesion.id === armedLesionId}
              actions={actions}
            />
          ))}
        </table>
      </div>
      <LesionDetails
        lesion={selected}
        warnings={selected ? rowWarnings(byLesion, selected.id) : []}
        armed={selected !== undefined && selected.id === armedLesionId}
        confirmingDelete={selected !== undefined && selected.id === confirmingDelete}
        setConfirmingDelete={setConfirmingDelete}
        actions={actions}
      />
    </>
  );
}

function EmptyState() {
  return (
    <div className="emh-empty-state" data-testid="inventory-empty">
      <p className="emh-empty-title">No lesions yet</p>
      <p>
        Draw a lesion with the <strong>Lesion</strong> tool (long axis, then short axis), or load a saved EMH report (DICOM SR). Each lesion
        gets an id (L1, L2 …) and a row here.
      </p>
      <p className="emh-dim">
        Then add its CT HU ROI and its T1 and T2 ROIs, with a muscle reference on each MR series, and three liver HU ROIs on the unenhanced
        CT.
      </p>
    </div>
  );
}
