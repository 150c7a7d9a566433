import { CALL_WORDING } from '../../signal/rules/callWording';
import type { EmhWarning } from '../rules/common';
import type { LesionExport, LesionSignalExport } from '../rules/inventoryTypes';
import { formatHu, formatRatio, locationParts } from '../rules/inventoryRows';
import { LesionActions } from './LesionActions';
import { LesionEditors } from './LesionEditors';
import type { InventoryPanelActions } from './panelTypes';
import { WarningList } from '../../shared/ui/WarningList';
import { SegmentCard } from '../../volumes/ui/SegmentCard';

type DetailActions = Pick<InventoryPanelActions, 'show' | 'arm' | 'updateLesion' | 'removeLesion'>;

/**
 * The selected lesion in full, under the table: what it is and where it was measured, its
 * hints and warnings, Show / Measure here / Delete, and its editors.
 */
export function LesionDetails({
  lesion,
  warnings,
  armed,
  confirmingDelete,
  setConfirmingDelete,
  actions,
}: {
  lesion: LesionExport | undefined;
  warnings: readonly EmhWarning[];
  armed: boolean;
  confirmingDelete: boolean;
  setConfirmingDelete(lesionId: string | null): void;
  actions: DetailActions;
}) {
  if (!lesion) {
    return (
      <div className="emh-details emh-details-empty" data-testid="lesion-details">
        Select a lesion (click its row; ↑ ↓ step through them) to see where it was measured and edit its site, side, calls and notes.
        Double-click a row to see its image.
      </div>
    );
  }
  const where = locationParts(lesion);
  return (
    <section className="emh-details" data-testid="lesion-details" aria-label={`Lesion ${lesion.id}`}>
      <div className="emh-details-head">
        <strong className="emh-details-id">{lesion.id}</strong>
        <span className={lesion.site === null ? 'emh-site emh-warn-text' : 'emh-site'} title={lesion.siteLabel}>
          {lesion.siteLabel}
        </span>
        {lesion.ct.meanHU !== null && (
          <span className="emh-details-ct" title="CT ROI mean ± SD">
            CT {formatHu(lesion.ct.meanHU)} ± {formatHu(lesion.ct.sdHU)} HU
          </span>
        )}
        {typeof lesion.volumeMl === 'number' && (
          <span
            className="emh-details-ct"
            data-testid="details-volume"
            title={
              lesion.volumeSegmentNotLoaded
                ? 'Volume and mean HU as the imported report states them; the SEG with the segment is not loaded'
                : "Volume of the lesion's segment, mean HU of its voxels"
            }
          >
            Vol {formatVolumeMl(lesion.volumeMl)} mL
            {typeof lesion.volumeMeanHU === 'number' ? ` (${formatHu(lesion.volumeMeanHU)} HU)` : ''}
            {lesion.volumeSegmentNotLoaded ? ' · segment not loaded' : ''}
          </span>
        )}
      </div>
      <div className="emh-details-signal" data-testid="details-signal">
        <SignalWords weighting="T1" signal={lesion.t1} />
        <SignalWords weighting="T2" signal={lesion.t2} />
      </div>
      <LesionActions
        lesion={lesion}
        armed={armed}
        confirming={confirmingDelete}
        setConfirming={(on) => setConfirmingDelete(on ? lesion.id : null)}
        actions={actions}
      />
      <SegmentCard lesionId={lesion.id} />
      <div
        className="emh-where"
        data-testid="cell-where"
        title={lesion.refs.map((r) => `${r.seriesDescription}, image ${r.instanceNumber ?? '?'}`).join('\n') || undefined}
      >
        <span className="emh-where-series">{where.series}</span>
        {where.image && <span className="emh-where-image">{`\u00a0·\u00a0${where.image}`}</span>}
      </div>
      {lesion.hints.length > 0 && (
        <ul className="emh-hints" data-testid="hints">
          {lesion.hints.map((hint) => (
            <li key={hint.code}>{hint.text}</li>
          ))}
        </ul>
      )}
      <WarningList warnings={warnings} testId={`warnings-${lesion.id}`} />
      <LesionEditors lesion={lesion} actions={actions} />
    </section>
  );
}

/** One decimal from 10 mL, two below: a small lesion's change is not rounded away. */
function formatVolumeMl(volumeMl: number): string {
  return volumeMl >= 10 ? volumeMl.toFixed(1) : volumeMl.toFixed(2);
}

/** "T2 0.57 hypointense to muscle (override; automatic: isointense)". */
function SignalWords({ weighting, signal }: { weighting: 'T1' | 'T2'; signal: LesionSignalExport }) {
  if (signal.annotationUID === null) return <span className="emh-dim">{weighting} not measured</span>;
  if (signal.ratio === null) return <span className="emh-warn-text">{weighting}: no muscle reference</span>;
  const inForce = signal.override ?? signal.call;
  const words = inForce === null ? '' : ` ${CALL_WORDING[inForce].words}`;
  const note = signal.override !== null && signal.call !== null ? ` (override; automatic: ${CALL_WORDING[signal.call].words})` : '';
  return (
    <span>
      {weighting} {formatRatio(signal.ratio)}
      {words}
      {inForce === 'indeterminate' ? '' : ' to muscle'}
      {note}
    </span>
  );
}
