import {
  EMH_SITES,
  isEmhSite,
  isLaterality,
  LATERALITIES,
  LATERALITY_LABELS,
  SITE_DEFINITIONS,
  siteTakesLaterality,
  type EmhSite,
} from '../../lesions/rules/sites';
import { isSignalCall, SIGNAL_CALLS, type SignalCall } from '../../signal/rules/signalRatio';
import { CALL_WORDING } from '../../signal/rules/callWording';
import type { LesionEdit, LesionExport } from '../rules/inventoryTypes';
import { CommitTextInput } from '../../shared/ui/CommitTextInput';
import type { InventoryPanelActions } from './panelTypes';

type EditActions = Pick<InventoryPanelActions, 'updateLesion'>;

/**
 * A site change that leaves a laterality the new site cannot take clears it in the same
 * edit, so it is one undo step and the row never reads "Presacral, left".
 */
export function siteEdit(site: EmhSite, lesion: Pick<LesionExport, 'laterality'>): LesionEdit {
  return lesion.laterality !== null && !siteTakesLaterality(site) ? { site, laterality: null } : { site };
}

/**
 * The selected lesion's editors, laid out as a reader fills in a finding: site and side, the
 * T1 and T2 calls (automatic unless overridden), then notes. Every change is one undo step.
 */
export function LesionEditors({ lesion, actions }: { lesion: LesionExport; actions: EditActions }) {
  const id = lesion.id;
  const lateralityAllowed = lesion.site === null || siteTakesLaterality(lesion.site);
  // One labelled control per field, alike in shape on purpose: each has its own values, words and test id.
  return (
    <div className="emh-editors">
      <label className="emh-field emh-field-site">
        <span>Site</span>
        <select
          className={lesion.site === null ? 'emh-quiet-select emh-unset' : 'emh-quiet-select'}
          data-testid={`site-${id}`}
          aria-label={`Site of ${id}`}
          value={lesion.site ?? ''}
          onChange={(event) => {
            if (isEmhSite(event.target.value)) actions.updateLesion(id, siteEdit(event.target.value, lesion));
          }}
        >
          {lesion.site === null && (
            <option value="" disabled>
              Set site…
            </option>
          )}
          {EMH_SITES.map((site) => (
            <option key={site} value={site}>
              {SITE_DEFINITIONS[site].label}
            </option>
          ))}
        </select>
      </label>
      <label className="emh-field">
        <span>Side</span>
        <select
          className="emh-quiet-select"
          data-testid={`laterality-${id}`}
          aria-label={`Laterality of ${id}`}
          title={lateralityAllowed ? `Laterality of ${id}` : `${SITE_DEFINITIONS[lesion.site ?? 'other'].label} takes no laterality`}
          disabled={!lateralityAllowed}
          value={lesion.laterality ?? ''}
          onChange={(event) => actions.updateLesion(id, { laterality: isLaterality(event.target.value) ? event.target.value : null })}
        >
          <option value="">{lateralityAllowed ? '–' : 'Midline'}</option>
          {LATERALITIES.map((side) => (
            <option key={side} value={side}>
              {LATERALITY_LABELS[side]}
            </option>
          ))}
        </select>
      </label>
      {lesion.site === 'other' && (
        <label className="emh-field emh-field-wide">
          <span>Which</span>
          <CommitTextInput
            className="emh-quiet-input emh-other-site"
            data-testid={`site-text-${id}`}
            aria-label={`Site of ${id} in your words`}
            placeholder="Which site?"
            value={lesion.siteText ?? ''}
            onCommit={(text) => actions.updateLesion(id, { siteText: text.trim() === '' ? null : text })}
          />
        </label>
      )}
      <label className="emh-field">
        <span>T1 call</span>
        <OverrideSelect lesion={lesion} weighting="T1" actions={actions} />
      </label>
      <label className="emh-field">
        <span>T2 call</span>
        <OverrideSelect lesion={lesion} weighting="T2" actions={actions} />
      </label>
      <label className="emh-field emh-field-wide">
        <span>Notes</span>
        <CommitTextInput
          className="emh-quiet-input emh-notes"
          data-testid={`notes-${id}`}
          aria-label={`Notes on ${id}`}
          placeholder="Notes"
          title={lesion.notes}
          value={lesion.notes}
          onCommit={(text) => actions.updateLesion(id, { notes: text })}
        />
      </label>
    </div>
  );
}

/** Options read "auto (hypo)", "hypo" ...: the field's label says T1 or T2, as does the accessible name. */
function OverrideSelect({ lesion, weighting, actions }: { lesion: LesionExport; weighting: 'T1' | 'T2'; actions: EditActions }) {
  const signal = weighting === 'T1' ? lesion.t1 : lesion.t2;
  const automatic = signal.call === null ? 'no automatic call' : `automatic: ${CALL_WORDING[signal.call].label}`;
  return (
    <select
      className={signal.override === null ? 'emh-quiet-select' : 'emh-quiet-select emh-overridden'}
      data-testid={`${weighting.toLowerCase()}-override-${lesion.id}`}
      aria-label={`${weighting} call override for ${lesion.id}`}
      title={`${weighting} call override (${automatic})`}
      value={signal.override ?? ''}
      onChange={(event) => {
        const value: SignalCall | null = isSignalCall(event.target.value) ? event.target.value : null;
        actions.updateLesion(lesion.id, weighting === 'T1' ? { t1Override: value } : { t2Override: value });
      }}
    >
      <option value="">{signal.call === null ? 'auto' : `auto (${CALL_WORDING[signal.call].short})`}</option>
      {SIGNAL_CALLS.map((call) => (
        <option key={call} value={call}>
          {CALL_WORDING[call].short}
        </option>
      ))}
    </select>
  );
}
