import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { IRON_ORGANS } from '../rules/ironReport';
import type { IronOrgan } from '../rules/ironSummary';
import type { DecayModel } from '../rules/r2starFit';

const ORGAN_LABELS: Readonly<Record<IronOrgan, string>> = {
  liver: 'Liver',
  heart: 'Heart (septum)',
  spleen: 'Spleen',
  pancreas: 'Pancreas',
  muscle: 'Muscle',
};

const MODEL_LABELS: Readonly<Record<DecayModel, string>> = {
  truncation: 'Truncation (late echoes at the noise floor left out)',
  offset: 'Offset (a constant takes the floor)',
};

export interface IronOrganPickerProps {
  readonly model: DecayModel;
  onChoose(organ: IronOrgan, model: DecayModel): void;
  onDiscard(): void;
}

/**
 * Asks which organ an ellipse just drawn on a T2* echo measures, as the site picker asks for a
 * lesion's site: liver first (the usual question), keys 1-5 pick, Enter saves, Esc discards the
 * ellipse (an iron ROI without an organ means nothing). The fit model is chosen here too.
 */
export function IronOrganPicker({ model: initialModel, onChoose, onDiscard }: IronOrganPickerProps) {
  const [organ, setOrgan] = useState<IronOrgan>('liver');
  const [model, setModel] = useState<DecayModel>(initialModel);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const titleId = useId();

  useEffect(() => {
    buttons.current[0]?.focus();
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>): void => {
    const index = Number(event.key) - 1;
    let handled = true;
    if (event.key === 'Escape') onDiscard();
    else if (event.key === 'Enter') onChoose(organ, model);
    else if (Number.isInteger(index) && IRON_ORGANS[index] !== undefined) {
      setOrgan(IRON_ORGANS[index]);
      buttons.current[index]?.focus();
    } else handled = false;
    // The viewer's hotkeys must not act on the picker's keys as well.
    if (handled) {
      event.preventDefault();
      event.stopPropagation();
    }
  };

  return (
    <form
      className="emh-site-picker"
      data-testid="iron-organ-picker"
      role="dialog"
      aria-labelledby={titleId}
      onKeyDown={onKeyDown}
      onSubmit={(event) => {
        event.preventDefault();
        onChoose(organ, model);
      }}
    >
      <div className="emh-picker-head">
        <span id={titleId} className="emh-picker-title">
          Iron ROI: which organ?
        </span>
        <button type="button" className="emh-link" data-testid="iron-organ-discard" onClick={onDiscard} title="Escape">
          Discard
        </button>
      </div>
      <div className="emh-site-grid" role="group" aria-label="Organ">
        {IRON_ORGANS.map((key, i) => (
          <button
            key={key}
            type="button"
            ref={(el) => {
              buttons.current[i] = el;
            }}
            className="emh-site-choice"
            data-testid={`iron-organ-${key}`}
            aria-pressed={organ === key}
            onClick={() => setOrgan(key)}
            onDoubleClick={() => onChoose(key, model)}
          >
            <kbd aria-hidden="true">{i + 1}</kbd>
            {ORGAN_LABELS[key]}
          </button>
        ))}
      </div>
      <fieldset className="emh-laterality">
        <legend>Fit</legend>
        {(['truncation', 'offset'] as const).map((m) => (
          <label key={m} className="emh-radio">
            <input
              type="radio"
              name={`${titleId}-model`}
              value={m}
              data-testid={`iron-model-${m}`}
              checked={model === m}
              onChange={() => setModel(m)}
            />
            <span>{MODEL_LABELS[m]}</span>
          </label>
        ))}
      </fieldset>
      <div className="emh-picker-actions">
        <span className="emh-aside">Enter saves · Esc discards</span>
        <button type="submit" className="emh-primary" data-testid="iron-organ-save">
          Measure
        </button>
      </div>
    </form>
  );
}
