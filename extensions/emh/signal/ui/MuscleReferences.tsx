import type { EmhInventory } from '../../inventory/rules/inventoryTypes';
import { isWeighting, WEIGHTINGS, type Weighting } from '../rules/seriesWeighting';
import { formatAreaCm2, formatNumber, muscleSeriesGroups, type MuscleSeriesGroup } from '../../inventory/rules/inventoryRows';
import type { InventoryPanelActions } from '../../inventory/ui/panelTypes';
import { PanelSection } from '../../shared/ui/PanelSection';

type MuscleActions = Pick<InventoryPanelActions, 'setSeriesWeighting'>;

/**
 * The skeletal-muscle ROIs each MR series is measured against (docs/signal.md#muscle-reference),
 * and the series' weighting, which decides whether its lesion ROIs count as T1 or T2.
 */
export function MuscleReferences({ inventory, actions }: { inventory: EmhInventory; actions: MuscleActions }) {
  const groups = muscleSeriesGroups(inventory);
  const count = groups.reduce((sum, g) => sum + g.references.length, 0);
  return (
    <PanelSection
      title="Muscle references (MR)"
      summary={groups.length === 0 ? 'none' : `${count} on ${groups.length} series`}
      testId="muscle-refs"
    >
      {groups.length === 0 ? (
        <p className="emh-empty">None yet: on each T1 and T2 series, draw a paraspinal or gluteal muscle ROI near the lesions.</p>
      ) : (
        groups.map((group) => <SeriesReferences key={group.seriesInstanceUID} group={group} actions={actions} />)
      )}
    </PanelSection>
  );
}

function SeriesReferences({ group, actions }: { group: MuscleSeriesGroup; actions: MuscleActions }) {
  const inForce = group.weightingOverride ?? group.automaticWeighting;
  return (
    <div className="emh-series" data-testid="muscle-series">
      <div className="emh-series-head">
        <span className="emh-series-name" title={group.seriesInstanceUID}>
          {group.description}
        </span>
        <select
          className={group.weightingOverride ? 'emh-quiet-select emh-overridden' : 'emh-quiet-select'}
          data-testid={`weighting-${group.seriesInstanceUID}`}
          aria-label={`Weighting of ${group.description}`}
          title={`Automatic: ${group.automaticWeighting}`}
          value={group.weightingOverride ?? ''}
          onChange={(event) => actions.setSeriesWeighting(group.seriesInstanceUID, weightingOrNull(event.target.value))}
        >
          <option value="">auto: {group.automaticWeighting}</option>
          {WEIGHTINGS.map((w) => (
            <option key={w} value={w}>
              {w === 'unknown' ? 'unknown' : w}
            </option>
          ))}
        </select>
      </div>
      {inForce === 'unknown' && (
        <p className="emh-warn-text">Weighting unknown: choose T1 or T2 so lesion ROIs on this series are tagged.</p>
      )}
      {group.references.length === 0 ? (
        <p className="emh-warn-text">No muscle reference yet: draw a paraspinal or gluteal muscle ROI on this series.</p>
      ) : (
        <table className="emh-mini-table">
          <thead>
            <tr>
              <th scope="col">Image</th>
              <th scope="col">Mean</th>
              <th scope="col">SD</th>
              <th scope="col">Area</th>
            </tr>
          </thead>
          <tbody>
            {group.references.map((ref) => (
              <tr key={ref.annotationUID} data-testid="muscle-ref">
                <td>{ref.ref.instanceNumber ?? '?'}</td>
                <td>{formatNumber(ref.mean, 1)}</td>
                <td>{formatNumber(ref.sd, 1)}</td>
                <td title={`${ref.pixelCount} px`}>{formatAreaCm2(ref.areaMm2)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function weightingOrNull(value: string): Weighting | null {
  return isWeighting(value) ? value : null;
}
