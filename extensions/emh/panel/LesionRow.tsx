import { memo, useEffect, useRef, type MouseEvent } from 'react';
import type { EmhWarning, LesionExport } from '../domain';
import { formatHu, locationParts, signalView, sizeView, type SignalView, type SizeView } from './inventoryRows';
import { LesionEditors, LesionNotesLine } from './LesionEditors';
import { LesionHeadLine } from './LesionHeadLine';
import type { InventoryPanelActions } from './panelTypes';
import { WarningList } from './WarningList';

type RowActions = Pick<InventoryPanelActions, 'select' | 'show' | 'arm' | 'updateLesion' | 'removeLesion'>;

/** Lines of one lesion block; the id cell spans them all. */
const LINES = 5;

/**
 * One lesion: site, values, where it is, hints and warnings, then its editors. The
 * editors are always there (quiet until hovered or focused) rather than opened by an
 * edit mode, so neither editing a row nor selecting another moves anything on screen.
 */
function LesionRowView({
  lesion,
  warnings,
  selected,
  armed,
  confirmingDelete,
  setConfirmingDelete,
  actions,
}: {
  lesion: LesionExport;
  /** This lesion's warnings as the row lists them (`rowWarnings`). */
  warnings: readonly EmhWarning[];
  selected: boolean;
  armed: boolean;
  confirmingDelete: boolean;
  setConfirmingDelete(lesionId: string | null): void;
  actions: RowActions;
}) {
  const body = useRef<HTMLTableSectionElement>(null);

  // A lesion selected from the viewport may be scrolled out of the panel; bring it in.
  useEffect(() => {
    if (selected) body.current?.scrollIntoView?.({ block: 'nearest' });
  }, [selected]);

  // Controls edit the row; a click on the row itself selects it, and leaves the images
  // alone: a double click (or Show) is asking to see the lesion.
  const onRowClick = (event: MouseEvent<HTMLTableSectionElement>, show: boolean): void => {
    const target = event.target as HTMLElement;
    if (target.closest('button:not(.emh-id), select, input, textarea, label, a')) return;
    if (show) actions.show(lesion.id);
    else actions.select(lesion.id);
  };

  const size = sizeView(lesion);
  const t1 = signalView(lesion.t1, 'T1');
  const t2 = signalView(lesion.t2, 'T2');

  return (
    <tbody
      ref={body}
      className={`emh-lesion${selected ? ' emh-selected' : ''}${armed ? ' emh-armed-row' : ''}`}
      data-testid={`lesion-row-${lesion.id}`}
      aria-selected={selected}
      onClick={(event) => onRowClick(event, false)}
      onDoubleClick={(event) => onRowClick(event, true)}
    >
      <tr className="emh-line-site">
        <th scope="rowgroup" rowSpan={LINES} className="emh-id-cell">
          <button
            type="button"
            className="emh-id"
            data-lesion-id={lesion.id}
            data-testid={`select-${lesion.id}`}
            aria-pressed={selected}
            title={`Select ${lesion.id} (↑ ↓ step through lesions; double-click or Show to see its image; Delete asks to delete it)`}
          >
            {lesion.id}
          </button>
        </th>
        <td colSpan={4}>
          <LesionHeadLine
            lesion={lesion}
            armed={armed}
            confirming={confirmingDelete}
            setConfirming={(on) => setConfirmingDelete(on ? lesion.id : null)}
            actions={actions}
          />
        </td>
      </tr>
      <tr className="emh-line-values">
        <SizeCell size={size} />
        <td
          data-testid="cell-ct"
          className="emh-num"
          title={lesion.ct.meanHU === null ? 'No CT HU ROI for this lesion' : `CT ROI mean ± SD (HU)${ctContrastNote(lesion)}`}
        >
          {formatHu(lesion.ct.meanHU)}
          {lesion.ct.sdHU !== null && lesion.ct.meanHU !== null && (
            <span className="emh-sd"> ± {formatHu(lesion.ct.sdHU)}</span>
          )}
        </td>
        <SignalCell view={t1} testId="cell-t1" />
        <SignalCell view={t2} testId="cell-t2" />
      </tr>
      <tr className="emh-line-detail">
        <td colSpan={4}>
          <Location lesion={lesion} />
          {lesion.hints.length > 0 && (
            <ul className="emh-hints" data-testid="hints">
              {lesion.hints.map((hint) => (
                <li key={hint.code}>{hint.text}</li>
              ))}
            </ul>
          )}
          <WarningList warnings={warnings} testId={`warnings-${lesion.id}`} />
        </td>
      </tr>
      <LesionEditors lesion={lesion} actions={actions} />
      <LesionNotesLine lesion={lesion} actions={actions} />
    </tbody>
  );
}

function SizeCell({ size }: { size: SizeView }) {
  if (size.kind !== 'cm') {
    return (
      <td data-testid="cell-size" className={size.kind === 'px' ? 'emh-num emh-warn-text emh-px' : 'emh-num'}>
        {size.text}
      </td>
    );
  }
  // The header carries the unit on screen; the cell keeps it for copying and screen readers.
  return (
    <td data-testid="cell-size" className="emh-num">
      {size.text.replace(/ cm$/, '')}
      <span className="emh-unit"> cm</span>
    </td>
  );
}

/** The image number never gives way to a long series description. */
function Location({ lesion }: { lesion: LesionExport }) {
  const where = locationParts(lesion);
  const all = lesion.refs.map((r) => `${r.seriesDescription}, image ${r.instanceNumber ?? '?'}`).join('\n');
  return (
    <div className="emh-where" data-testid="cell-where" title={all || undefined}>
      <span className="emh-where-series">{where.series}</span>
      {where.image && <span className="emh-where-image">{`\u00a0·\u00a0${where.image}`}</span>}
    </div>
  );
}

function SignalCell({ view, testId }: { view: SignalView; testId: string }) {
  const tone = view.inForce === 'hypo' || view.inForce === 'markedly-hypo' ? 'emh-hypo' : view.inForce === 'hyper' ? 'emh-hyper' : '';
  return (
    <td data-testid={testId} className="emh-num" title={view.title}>
      <span className={view.override ? 'emh-auto emh-superseded' : 'emh-auto'}>
        {view.ratio}
        {view.call !== null && <span className={view.override ? '' : tone}> {view.call}</span>}
      </span>
      {view.override !== null && (
        <span className={`emh-override ${tone}`}>
          {' → '}
          <span className="emh-override-word">override: </span>
          {view.override}
        </span>
      )}
    </td>
  );
}

function ctContrastNote(lesion: LesionExport): string {
  return lesion.ct.contrast === null || lesion.ct.contrast === 'unenhanced' ? '' : `; series ${lesion.ct.contrast}`;
}

/**
 * Rows re-render only when their own lesion changed: the inventory is rebuilt on every change,
 * and re-rendering 500 unchanged rows costs far more than comparing their data.
 */
export const LesionRow = memo(
  LesionRowView,
  (before, after) =>
    before.selected === after.selected &&
    before.armed === after.armed &&
    before.confirmingDelete === after.confirmingDelete &&
    before.setConfirmingDelete === after.setConfirmingDelete &&
    before.actions === after.actions &&
    JSON.stringify(before.lesion) === JSON.stringify(after.lesion) &&
    JSON.stringify(before.warnings) === JSON.stringify(after.warnings),
);
