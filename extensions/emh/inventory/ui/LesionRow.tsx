import { memo, useEffect, useRef, type MouseEvent } from 'react';
import { CALL_WORDING } from '../../signal/rules/callWording';
import type { EmhWarning } from '../rules/common';
import type { LesionExport } from '../rules/inventoryTypes';
import { compactSite } from './compactSite';
import { formatHu, signalView, sizeView, type SignalView, type SizeView } from '../rules/inventoryRows';
import type { InventoryPanelActions } from './panelTypes';
import { isToMeasure } from '../../followUp/rules/followUpView';

type RowActions = Pick<InventoryPanelActions, 'select' | 'show'>;

/**
 * One lesion on one line: id, site and side, long x short axis, CT HU, T1 and T2 ratio to
 * muscle with the call in force. The rest (where it was measured, hints, warnings, editors,
 * Show / Measure here / Delete) is in the card under the table for the selected lesion, so
 * twenty lesions fit the panel and selecting one moves no row.
 */
function LesionRowView({
  lesion,
  warnings,
  selected,
  armed,
  actions,
}: {
  lesion: LesionExport;
  /** This lesion's warnings as the row lists them (`rowWarnings`). */
  warnings: readonly EmhWarning[];
  selected: boolean;
  armed: boolean;
  actions: RowActions;
}) {
  const body = useRef<HTMLTableSectionElement>(null);

  // A lesion selected from the viewport may be scrolled out of the panel; bring it in.
  useEffect(() => {
    if (selected) body.current?.scrollIntoView?.({ block: 'nearest' });
  }, [selected]);

  // A click on the row selects it and leaves the images alone: a double click (or Show) is
  // asking to see the lesion.
  const onRowClick = (event: MouseEvent<HTMLTableSectionElement>, show: boolean): void => {
    if ((event.target as HTMLElement).closest('button:not(.emh-id), select, input, textarea, label, a')) return;
    if (show) actions.show(lesion.id);
    else actions.select(lesion.id);
  };

  const site = compactSite(lesion);
  return (
    <tbody
      ref={body}
      className={`emh-lesion${selected ? ' emh-selected' : ''}${armed ? ' emh-armed-row' : ''}`}
      data-testid={`lesion-row-${lesion.id}`}
      aria-selected={selected}
      onClick={(event) => onRowClick(event, false)}
      onDoubleClick={(event) => onRowClick(event, true)}
    >
      <tr>
        <th scope="row" className="emh-id-cell">
          <button
            type="button"
            className="emh-id"
            data-lesion-id={lesion.id}
            data-testid={`select-${lesion.id}`}
            aria-pressed={selected}
            title={`Select ${lesion.id} (↑ ↓ step through lesions; double-click to see its image; Delete asks to delete it)`}
          >
            {lesion.id}
          </button>
        </th>
        <td className="emh-site-cell" data-testid="cell-site" title={siteTitle(lesion, warnings)}>
          <div className="emh-site-line">
            {warnings.length > 0 && (
              <span className="emh-warn-mark" aria-label={`${warnings.length} warning${warnings.length === 1 ? '' : 's'}`}>
                ⚠
              </span>
            )}
            <span className={lesion.site === null ? 'emh-site emh-warn-text' : 'emh-site'}>{site.site}</span>
            {site.side !== null && <span className="emh-side">{`, ${site.side}`}</span>}
            {isToMeasure(lesion) && (
              <span
                className="emh-to-measure-mark"
                data-testid={`to-measure-mark-${lesion.id}`}
                title="Not measured on the current study yet: Change lists it with a Go to"
              >
                to measure
              </span>
            )}
          </div>
        </td>
        <SizeCell size={sizeView(lesion)} />
        <td
          data-testid="cell-ct"
          className="emh-num"
          title={
            lesion.ct.meanHU === null
              ? 'No CT HU ROI for this lesion'
              : `CT ROI mean ${formatHu(lesion.ct.meanHU)} ± ${formatHu(lesion.ct.sdHU)} HU${ctContrastNote(lesion)}`
          }
        >
          {formatHu(lesion.ct.meanHU)}
        </td>
        <SignalCell view={signalView(lesion.t1, 'T1')} testId="cell-t1" />
        <SignalCell view={signalView(lesion.t2, 'T2')} testId="cell-t2" />
      </tr>
    </tbody>
  );
}

function siteTitle(lesion: LesionExport, warnings: readonly EmhWarning[]): string {
  const where = lesion.refs[0]
    ? `${lesion.refs[0].seriesDescription}, image ${lesion.refs[0].instanceNumber ?? '?'}`
    : 'not on any image yet';
  return [lesion.siteLabel, where, ...warnings.map((w) => `⚠ ${w.message}`)].join('\n');
}

function SizeCell({ size }: { size: SizeView }) {
  if (size.kind !== 'cm') {
    return (
      <td data-testid="cell-size" className={size.kind === 'px' ? 'emh-num emh-warn-text emh-px' : 'emh-num'} title={size.text}>
        {size.text}
      </td>
    );
  }
  // "10.0 x 5.7": the header carries the unit on screen; the cell keeps it (and any
  // calibration other than the patient's) for copying and screen readers, and in its title.
  const [numbers, calibration] = size.text.split(' cm');
  return (
    <td data-testid="cell-size" className="emh-num" title={size.text}>
      {numbers}
      <span className="emh-unit"> cm</span>
      {calibration && <span className="emh-calibration">{calibration}</span>}
    </td>
  );
}

/**
 * The ratio and the call in force as a mark a reader knows (↓ hypo, ↓↓ markedly hypo, = iso,
 * ↑ hyper, ? indeterminate), so two calls fit one line; the words are in the title, the
 * accessible name and the selected lesion's card. An override is starred.
 */
function SignalCell({ view, testId }: { view: SignalView; testId: string }) {
  const tone = view.inForce === 'hypo' || view.inForce === 'markedly-hypo' ? 'emh-hypo' : view.inForce === 'hyper' ? 'emh-hyper' : '';
  return (
    <td data-testid={testId} className="emh-num" title={view.title} aria-label={view.text}>
      {view.ratio}
      {view.inForce !== null && <span className={`emh-call-mark ${tone}`}> {CALL_WORDING[view.inForce].mark}</span>}
      {view.override !== null && (
        <span className="emh-override-mark" aria-hidden="true">
          *
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
    before.actions === after.actions &&
    JSON.stringify(before.lesion) === JSON.stringify(after.lesion) &&
    JSON.stringify(before.warnings) === JSON.stringify(after.warnings),
);
