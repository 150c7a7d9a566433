import { useMemo, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { EmhWarning, LesionExport } from '../domain';
import { DEFAULT_SORT, nextSort, rowWarnings, sortLesions, warningsByLesion, type SortKey, type SortOrder } from './inventoryRows';
import { LesionRow } from './LesionRow';
import type { InventoryPanelActions } from './panelTypes';

type TableActions = Pick<InventoryPanelActions, 'select' | 'show' | 'arm' | 'updateLesion' | 'removeLesion'>;

/**
 * One block per lesion, under a two-level header: the site spans the value columns on
 * each block's first line, and the size, CT and MR values sit in columns below it, so a
 * 380 px panel holds the whole row without sideways scrolling.
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

  const header = (key: SortKey, label: ReactNode, props: { colSpan?: number; rowSpan?: number; title?: string } = {}) => (
    <th
      scope="col"
      colSpan={props.colSpan}
      rowSpan={props.rowSpan}
      aria-sort={order.key === key ? order.direction : 'none'}
      className={`emh-col-${key}`}
    >
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

  return (
    <table className="emh-lesions" data-testid="lesion-table" onKeyDown={onKeyDown}>
      <colgroup>
        <col className="emh-w-id" />
        <col className="emh-w-size" />
        <col className="emh-w-ct" />
        <col className="emh-w-mr" />
        <col className="emh-w-mr" />
      </colgroup>
      <thead>
        <tr>
          {header('id', 'ID', { rowSpan: 2, title: 'Sort by lesion id (creation order)' })}
          {header('site', 'Site', { colSpan: 4, title: 'Sort by site, in anatomical order' })}
        </tr>
        <tr>
          {header('size', 'L x S cm', { title: 'Sort by long axis' })}
          {header('ct', 'CT HU')}
          {header('t1', 'T1/muscle', { title: 'Sort by T1 lesion-to-muscle ratio' })}
          {header('t2', 'T2/muscle', { title: 'Sort by T2 lesion-to-muscle ratio' })}
        </tr>
      </thead>
      {sorted.map((lesion) => (
        <LesionRow
          key={lesion.id}
          lesion={lesion}
          warnings={rowWarnings(byLesion, lesion.id)}
          selected={lesion.id === selectedLesionId}
          armed={lesion.id === armedLesionId}
          confirmingDelete={lesion.id === confirmingDelete}
          setConfirmingDelete={setConfirmingDelete}
          actions={actions}
        />
      ))}
    </table>
  );
}

function EmptyState() {
  return (
    <div className="emh-empty-state" data-testid="inventory-empty">
      <p className="emh-empty-title">No lesions yet</p>
      <p>
        Draw a lesion with the <strong>Lesion</strong> tool (long axis, then short axis), or load a saved EMH report
        (DICOM SR). Each lesion gets an id (L1, L2 …) and a row here.
      </p>
      <p className="emh-dim">
        Then add its CT HU ROI and its T1 and T2 ROIs, with a muscle reference on each MR series, and three liver HU
        ROIs on the unenhanced CT.
      </p>
    </div>
  );
}
