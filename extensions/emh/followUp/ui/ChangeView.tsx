import { Fragment, useMemo } from 'react';
import { changeTable, type LesionCell } from '../rules/changeTable';
import { lesionsToMeasure, type FollowUpView } from '../rules/followUpView';
import { ChangeChart } from './ChangeChart';

export interface ChangeViewActions {
  /** Highlights the lesion (as a row click does); the next measurement on a newer study joins it. */
  select(lesionId: string): void;
  /** Shows the image of the current study where the lesion was, and selects it. */
  goTo(lesionId: string): void;
  downloadPng(svg: string, width: number, height: number): void;
}

export interface ChangeViewProps {
  view: FollowUpView;
  selectedLesionId: string | null;
  actions: ChangeViewActions;
}

/** TP, L x S (with the status), three changes, T1 / T2. */
const COLUMNS = 6;

function ChangeCells({ cell }: { cell: LesionCell }) {
  // The status is spelled out only where it is not a plain measurement, so six columns fit the panel.
  const status = cell.status === 'measured' ? null : cell.statusText.toLowerCase();
  return (
    <>
      <td className="emh-num" data-testid="change-size">
        {cell.longAxisMm === null || cell.status === 'resolved' ? '' : cell.size}
        {status !== null && <span className={`emh-status emh-status-${cell.status}`}>{` ${status}`}</span>}
      </td>
      <td className="emh-num">{cell.change.fromPrior}</td>
      <td className="emh-num">{cell.change.fromBaseline}</td>
      <td className="emh-num">{cell.change.fromNadir}</td>
      <td className="emh-change-calls" title={`T1 ${cell.t1}, T2 ${cell.t2}`}>
        {cell.callMarks}
      </td>
    </>
  );
}

/**
 * Follow-up over time: what is left to measure on the current study, then per lesion and time
 * point the axes with their change from the prior, the baseline and the nadir, the T1 / T2
 * calls and hints; the sum of long axes, the liver, and the chart of it all.
 */
export function ChangeView({ view, selectedLesionId, actions }: ChangeViewProps) {
  const table = useMemo(() => changeTable(view), [view]);
  const toMeasure = lesionsToMeasure(view);
  const latest = view.timepoints.at(-1);
  const heading = (
    <tr>
      <th scope="col">TP</th>
      <th scope="col" title="Long x short axis, cm">
        L x S
      </th>
      <th scope="col" title="Change of the long axis from the prior time point">
        Δ prior %
      </th>
      <th scope="col" title="Change of the long axis from the lesion's first measurement">
        Δ base %
      </th>
      <th scope="col" title="Change of the long axis from its smallest earlier value (nadir)">
        Δ nadir %
      </th>
      <th scope="col" title="T1 / T2 signal call against muscle">
        T1 / T2
      </th>
    </tr>
  );
  return (
    <div className="emh-change-view" data-testid="change-view">
      {toMeasure.length > 0 && (
        <section className="emh-to-measure" data-testid="to-measure" aria-label="To measure">
          <h3>To measure on {latest?.id ?? 'the current study'}</h3>
          <ul>
            {toMeasure.map((lesion) => (
              <li key={lesion.id} data-testid={`to-measure-${lesion.id}`}>
                <strong>{lesion.id}</strong> <span className="emh-dim">{lesion.siteLabel}</span>
                <button
                  type="button"
                  data-testid={`go-to-${lesion.id}`}
                  title={`Show the image of ${latest?.id ?? 'the current study'} where ${lesion.id} was, with ${lesion.id} selected to measure`}
                  onClick={() => actions.goTo(lesion.id)}
                >
                  Go to
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <div className="emh-change-scroll">
        <table className="emh-change-table" data-testid="change-table">
          <thead>
            <tr>
              <th scope="col" colSpan={COLUMNS}>
                {table.timepoints.map((t) => `${t.id} ${t.detail}`).join(' · ')}
              </th>
            </tr>
            {heading}
          </thead>
          {table.lesions.map((row) => (
            <tbody
              key={row.id}
              className={`emh-change-lesion${row.id === selectedLesionId ? ' emh-selected' : ''}`}
              data-testid={`change-lesion-${row.id}`}
              onClick={() => actions.select(row.id)}
            >
              <tr className="emh-change-lesion-head">
                <th scope="rowgroup" colSpan={COLUMNS}>
                  {row.id} <span className="emh-dim">{row.siteLabel}</span>
                  {row.toMeasure && <span className="emh-to-measure-mark"> · to measure</span>}
                </th>
              </tr>
              {row.cells.map((cell, i) =>
                cell === null ? null : (
                  <Fragment key={cell.timepoint}>
                    <tr data-timepoint={cell.timepoint}>
                      <th scope="row">{table.timepoints[i]?.id}</th>
                      <ChangeCells cell={cell} />
                    </tr>
                    {cell.hints.map((hint) => (
                      <tr key={hint} className="emh-change-hint">
                        <td />
                        <td colSpan={COLUMNS - 1}>{hint}</td>
                      </tr>
                    ))}
                  </Fragment>
                ),
              )}
            </tbody>
          ))}
          <tbody className="emh-change-sum" data-testid="change-sum">
            <tr className="emh-change-lesion-head">
              <th scope="rowgroup" colSpan={COLUMNS}>
                Sum of long axes
              </th>
            </tr>
            {table.sums.map((sum, i) =>
              sum === null ? null : (
                <tr key={sum.timepoint} data-timepoint={sum.timepoint} title={sum.note || undefined}>
                  <th scope="row">{table.timepoints[i]?.id}</th>
                  <td>{sum.text}</td>
                  <td className="emh-num">{sum.change.fromPrior}</td>
                  <td className="emh-num">{sum.change.fromBaseline}</td>
                  <td className="emh-num">{sum.change.fromNadir}</td>
                  <td className="emh-dim">{sum.note}</td>
                </tr>
              ),
            )}
          </tbody>
          <tbody className="emh-change-liver" data-testid="change-liver">
            <tr className="emh-change-lesion-head">
              <th scope="rowgroup" colSpan={COLUMNS}>
                Liver (unenhanced CT)
              </th>
            </tr>
            {table.liver.map((liver, i) =>
              liver === null ? null : (
                <tr key={liver.timepoint} data-timepoint={liver.timepoint}>
                  <th scope="row">{table.timepoints[i]?.id}</th>
                  <td colSpan={COLUMNS - 1}>{liver.text}</td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      </div>
      {view.lesions.length > 0 || view.liverHistory.some((h) => h.meanHU !== null) ? (
        <ChangeChart view={view} onDownloadPng={actions.downloadPng} />
      ) : (
        <p className="emh-empty">Nothing measured yet: the chart draws each lesion&apos;s long axis and the liver over the visits.</p>
      )}
    </div>
  );
}
