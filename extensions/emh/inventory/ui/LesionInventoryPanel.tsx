import { useState } from 'react';
import { generalWarnings } from '../rules/inventoryRows';
import { ChangeView } from '../../followUp/ui/ChangeView';
import { LesionTable } from './LesionTable';
import { LiverSummary } from '../../liver/ui/LiverSummary';
import { MuscleReferences } from '../../signal/ui/MuscleReferences';
import type { InventoryPanelProps } from './panelTypes';
import { WarningList } from '../../shared/ui/WarningList';

/**
 * The lesion inventory, composed like OHIF's PanelMeasurement: a header with undo / redo,
 * warnings that belong to no lesion, the lesion rows, then the liver summary and the muscle
 * references (foldable sections).
 */
export function LesionInventoryPanel({
  inventory,
  selectedLesionId,
  armedLesionId,
  canUndo,
  canRedo,
  actions,
  followUp = null,
}: InventoryPanelProps) {
  const [tab, setTab] = useState<'lesions' | 'change'>('lesions');
  const showChange = followUp !== null && tab === 'change';
  const general = generalWarnings(inventory.warnings);
  const count = inventory.lesions.length;
  const table = (
    <LesionTable
      lesions={inventory.lesions}
      warnings={inventory.warnings}
      selectedLesionId={selectedLesionId}
      armedLesionId={armedLesionId}
      actions={actions}
    />
  );
  return (
    <div className="emh-panel" data-testid="inventory-panel">
      <header className="emh-panel-head">
        <h2 className="emh-title">
          Lesions <span className="emh-count">{count}</span>
        </h2>
        {/* In the header line, so arming moves nothing under the reader's pointer. */}
        {armedLesionId !== null && (
          <span
            className="emh-armed"
            data-testid="armed-panel"
            role="status"
            title="The next Lesion, Lesion MR or Lesion HU drawing adds to this lesion; Esc cancels"
          >
            Adding to <strong>{armedLesionId}</strong>
          </span>
        )}
        <div className="emh-history" role="group" aria-label="History">
          {/* Undo and Redo alike in shape on purpose: two plain buttons, each with its own shortcut. */}
          <button
            type="button"
            data-testid="undo"
            disabled={!canUndo}
            onClick={() => actions.undo()}
            title="Undo (Ctrl+Z)"
            aria-keyshortcuts="Control+Z"
          >
            ↶ Undo
          </button>
          <button
            type="button"
            data-testid="redo"
            disabled={!canRedo}
            onClick={() => actions.redo()}
            title="Redo (Ctrl+Shift+Z)"
            aria-keyshortcuts="Control+Shift+Z"
          >
            ↷ Redo
          </button>
        </div>
      </header>
      {followUp !== null && (
        <div className="emh-view-tabs" role="tablist" aria-label="View">
          <button type="button" role="tab" data-testid="tab-lesions" aria-selected={!showChange} onClick={() => setTab('lesions')}>
            Lesions
          </button>
          <button
            type="button"
            role="tab"
            data-testid="tab-change"
            aria-selected={showChange}
            title="Follow-up over time: change per lesion and time point, sum of long axes, liver, chart"
            onClick={() => setTab('change')}
          >
            Change
          </button>
        </div>
      )}
      <WarningList warnings={general} testId="inventory-warnings" />
      {showChange ? (
        <ChangeView view={followUp.view} selectedLesionId={selectedLesionId} actions={followUp.actions} />
      ) : (
        <>
          {/* The lesions first, what a reader comes for; the case-level sections fold away below. */}
          {table}
          <LiverSummary liver={inventory.liver} actions={actions} />
          <MuscleReferences inventory={inventory} actions={actions} />
        </>
      )}
    </div>
  );
}
