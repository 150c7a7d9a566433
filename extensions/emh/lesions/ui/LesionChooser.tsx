import { useEffect, useRef } from 'react';
import type { LesionExport } from '../../inventory/rules/inventoryTypes';

export interface ChooserCandidate {
  readonly lesionId: string;
  readonly distanceMm: number | null;
}

/**
 * Asks which lesion a hand-drawn lesion ROI measures, nearest lesion first, with "new
 * lesion" as a choice of its own: nothing is recorded until the reader answers, and Esc
 * discards the ROI.
 */
export function LesionChooser({
  candidates,
  lesions,
  onChoose,
  onDiscard,
}: {
  candidates: readonly ChooserCandidate[];
  lesions: readonly LesionExport[];
  onChoose(lesionId: string | null): void;
  onDiscard(): void;
}) {
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    first.current?.focus();
  }, []);
  const site = (id: string): string => lesions.find((l) => l.id === id)?.siteLabel ?? '';
  return (
    <div
      className="emh-site-picker emh-lesion-chooser"
      data-testid="lesion-chooser"
      role="dialog"
      aria-label="Which lesion does this ROI measure?"
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        event.preventDefault();
        event.stopPropagation();
        onDiscard();
      }}
    >
      <div className="emh-picker-head">
        <span className="emh-picker-title">Which lesion does this ROI measure?</span>
        <button type="button" className="emh-link" data-testid="lesion-chooser-discard" onClick={onDiscard} title="Esc">
          Discard
        </button>
      </div>
      <div className="emh-chooser-list">
        {candidates.map((c, i) => (
          <button
            key={c.lesionId}
            type="button"
            ref={i === 0 ? first : undefined}
            className="emh-site-choice"
            data-testid={`choose-${c.lesionId}`}
            onClick={() => onChoose(c.lesionId)}
          >
            <strong>{c.lesionId}</strong>
            <span className="emh-chooser-site">{site(c.lesionId)}</span>
            <span className="emh-chooser-distance">{c.distanceMm === null ? 'other scan' : `${Math.round(c.distanceMm)} mm away`}</span>
          </button>
        ))}
        <button type="button" className="emh-site-choice" data-testid="choose-new" onClick={() => onChoose(null)}>
          <strong>New lesion</strong>
        </button>
      </div>
      <div className="emh-picker-actions">
        <span className="emh-aside">Nearest first · Enter chooses · Esc discards the ROI</span>
      </div>
    </div>
  );
}
