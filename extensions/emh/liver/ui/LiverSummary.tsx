import type { LiverExport, LiverRoiExport } from '../../inventory/rules/inventoryTypes';
import { isLiverCall, LIVER_CALLS } from '../rules/liverAttenuation';
import {
  CONTRAST_LABELS,
  formatHu,
  formatRatio,
  formatSigned,
  LIVER_CALL_LABELS,
  liverCallView,
  liverRangeText,
  summarisedLiverSeries,
} from '../../inventory/rules/inventoryRows';
import type { InventoryPanelActions } from '../../inventory/ui/panelTypes';
import { PanelSection } from '../../shared/ui/PanelSection';
import { WarningList } from '../../shared/ui/WarningList';

type LiverActions = Pick<InventoryPanelActions, 'setLiverCallOverride' | 'setSeriesContrast'>;

/**
 * Liver attenuation on CT (docs/liver.md#normal-range-and-the-call): the numbers, the call against
 * the range, and its caveats.
 */
export function LiverSummary({ liver: wholeCase, actions }: { liver: LiverExport; actions: LiverActions }) {
  const liver = latestVisit(wholeCase);
  const liverRois = liver.rois.filter((r) => r.organ === 'liver');
  const spleenRois = liver.rois.filter((r) => r.organ === 'spleen');
  const summary = liverRois.length === 0 && spleenRois.length === 0 ? 'no ROIs' : roiCountText(liverRois, spleenRois);
  return (
    <PanelSection title="Liver attenuation (CT)" summary={summary} testId="liver-summary">
      {liverRois.length === 0 ? (
        <p className="emh-empty">
          No liver ROI yet: draw three HU ROIs on the unenhanced CT (left lobe, two in the right lobe, each ≥ 1 cm², avoiding vessels), and
          one in the spleen.
        </p>
      ) : (
        <LiverNumbers liver={liver} actions={actions} />
      )}
      {liverRois.length === 0 && spleenRois.length > 0 && (
        <dl className="emh-facts">
          <dt>Spleen</dt>
          <dd>
            <span className="emh-value">{formatHu(liver.spleenMeanHU)}</span> HU
          </dd>
        </dl>
      )}
      <WarningList warnings={liver.warnings} testId="liver-warnings" />
    </PanelSection>
  );
}

/** The summary is the latest visit's; earlier visits' ROIs are in the export and the change view. */
function latestVisit(liver: LiverExport): LiverExport {
  const latest = liver.history.at(-1)?.timepoint;
  return latest === undefined ? liver : { ...liver, rois: liver.rois.filter((r) => r.timepoint === undefined || r.timepoint === latest) };
}

function roiCountText(liverRois: readonly LiverRoiExport[], spleenRois: readonly LiverRoiExport[]): string {
  const rois = `${liverRois.length} liver ROI${liverRois.length === 1 ? '' : 's'}`;
  return spleenRois.length > 0 ? `${rois} · ${spleenRois.length} spleen` : rois;
}

function LiverNumbers({ liver, actions }: { liver: LiverExport; actions: LiverActions }) {
  const call = liverCallView(liver);
  const abnormal = call.inForce === 'above' || call.inForce === 'below';
  const used = liver.rois.filter((r) => r.inSummary);
  const excluded = liver.rois.filter((r) => !r.inSummary);
  return (
    <>
      <dl className="emh-facts">
        <dt>Liver</dt>
        <dd>
          <span className="emh-value emh-value-big" data-testid="liver-mean">
            {formatHu(liver.meanHU)} HU
          </span>
          <span className="emh-aside" title="Mean of all liver pixels, so larger ROIs count more">
            pixel-weighted {formatHu(liver.pixelWeightedMeanHU)}
          </span>
        </dd>

        <dt>Call</dt>
        <dd className="emh-call-line">
          <span
            className={abnormal ? 'emh-liver-call emh-abnormal' : 'emh-liver-call'}
            data-testid="liver-call"
            title={`Normal unenhanced liver: ${liverRangeText(liver)}`}
          >
            {call.text}
          </span>
          {call.automaticNote && <span className="emh-aside">({call.automaticNote})</span>}
          <select
            className="emh-quiet-select"
            data-testid="liver-call-override"
            aria-label="Override the liver call"
            value={liver.callOverride ?? ''}
            onChange={(event) => actions.setLiverCallOverride(isLiverCall(event.target.value) ? event.target.value : null)}
          >
            <option value="">automatic</option>
            {LIVER_CALLS.map((value) => (
              <option key={value} value={value}>
                override: {LIVER_CALL_LABELS[value].toLowerCase()}
              </option>
            ))}
          </select>
        </dd>

        <dt>Contrast</dt>
        <dd>
          <ContrastLine liver={liver} actions={actions} />
        </dd>

        <dt>Spleen</dt>
        <dd>
          <span className="emh-value">{formatHu(liver.spleenMeanHU)}</span> HU
          <span className="emh-aside">
            liver − spleen <span className="emh-value">{formatSigned(liver.liverMinusSpleenHU)}</span> HU · L/S{' '}
            <span className="emh-value">{formatRatio(liver.liverToSpleenRatio)}</span>
          </span>
        </dd>

        <dt>ROIs</dt>
        <dd className="emh-roi-list">
          {used.map((roi) => (
            <span key={roi.annotationUID} title={roiTitle(roi)} className={roi.organ === 'spleen' ? 'emh-roi-spleen' : ''}>
              {roi.organ === 'spleen' ? 'spleen ' : ''}
              {formatHu(roi.meanHU)}
            </span>
          ))}
          {excluded.length > 0 && (
            <span className="emh-aside" title={excluded.map(roiTitle).join('\n')}>
              + {excluded.length} on another contrast state, not summarised
            </span>
          )}
        </dd>
      </dl>
      {liver.context.length > 0 && (
        <ul className="emh-context">
          {liver.context.map((line) => (
            <li key={line.code}>{line.text}</li>
          ))}
        </ul>
      )}
    </>
  );
}

/**
 * Unknown contrast: the call is made as if unenhanced and the reader is asked to confirm.
 * The confirmation is stored per series, beside the automatic value, and can be taken back.
 */
function ContrastLine({ liver, actions }: { liver: LiverExport; actions: LiverActions }) {
  const series = summarisedLiverSeries(liver);
  const setAll = (state: 'unenhanced' | 'enhanced' | null): void => {
    for (const uid of series) actions.setSeriesContrast(uid, state);
  };
  if (liver.contrast === null) return <span className="emh-aside">–</span>;
  if (liver.contrastConfirmed) {
    return (
      <span className="emh-contrast-line">
        <span data-testid="liver-contrast">{CONTRAST_LABELS[liver.contrast]}</span>
        <span className="emh-aside">confirmed by you</span>
        <button type="button" className="emh-link" onClick={() => setAll(null)} title="Go back to the value read from DICOM">
          reset
        </button>
      </span>
    );
  }
  if (liver.contrast === 'unknown') {
    return (
      <span className="emh-contrast-line">
        <span className="emh-warn-text" data-testid="liver-contrast">
          Unknown
        </span>
        {/* Two buttons alike in shape on purpose: each has its own weight, wording and explanation. */}
        <button
          type="button"
          className="emh-small"
          data-testid="confirm-unenhanced"
          title="Confirm this series was acquired without intravenous contrast"
          onClick={() => setAll('unenhanced')}
        >
          Confirm unenhanced
        </button>
        <button
          type="button"
          className="emh-link"
          data-testid="confirm-enhanced"
          title="This series was acquired after intravenous contrast: values only, no call"
          onClick={() => setAll('enhanced')}
        >
          or enhanced
        </button>
      </span>
    );
  }
  return (
    <span className="emh-contrast-line">
      <span data-testid="liver-contrast">{CONTRAST_LABELS[liver.contrast]}</span>
      <span className="emh-aside">from DICOM{liver.contrast === 'enhanced' ? ': values only, no call' : ''}</span>
    </span>
  );
}

function roiTitle(roi: LiverRoiExport): string {
  const where = roi.ref.instanceNumber === null ? '' : `, image ${roi.ref.instanceNumber}`;
  return `${roi.organ === 'spleen' ? 'Spleen' : 'Liver'} ROI${where}: ${formatHu(roi.meanHU)} ± ${formatHu(roi.sdHU)} HU, ${roi.pixelCount} px, ${CONTRAST_LABELS[roi.contrast].toLowerCase()}`;
}
