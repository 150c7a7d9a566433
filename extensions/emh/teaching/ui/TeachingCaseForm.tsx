import { useEffect, useRef, useState } from 'react';
import type { TeachingCaseText } from '../rules/teachingCase';
import { CommitTextInput } from '../../shared/ui/CommitTextInput';

/** A paragraph field that commits on blur, like CommitTextInput, for several lines of text. */
function CommitTextArea({
  value,
  rows,
  testId,
  label,
  onCommit,
}: {
  value: string;
  rows: number;
  testId: string;
  label: string;
  onCommit(text: string): void;
}) {
  const [draft, setDraft] = useState(value);
  const editing = useRef(false);
  useEffect(() => {
    if (!editing.current) setDraft(value);
  }, [value]);
  return (
    <textarea
      rows={rows}
      data-testid={testId}
      aria-label={label}
      value={draft}
      onChange={(event) => {
        editing.current = true;
        setDraft(event.target.value);
      }}
      onBlur={() => {
        if (!editing.current) return;
        editing.current = false;
        if (draft !== value) onCommit(draft);
      }}
    />
  );
}

export interface KeyImageRow {
  key: string;
  label: string;
}

export interface TeachingCaseFormProps {
  text: TeachingCaseText;
  findingsDrafted: boolean;
  differentialOptions: readonly string[];
  keyImages: KeyImageRow[];
  currentIsKey: boolean | null;
  exporting: boolean;
  onUpdate: (update: Partial<TeachingCaseText>) => void;
  onRedraftFindings: () => void;
  onToggleCurrent: () => void;
  onRemoveKey: (key: string) => void;
  onExport: () => void;
}

const FIELDS: { name: 'title' | 'history' | 'findings' | 'diagnosis' | 'discussion'; label: string; rows: number }[] = [
  { name: 'title', label: 'Title', rows: 1 },
  { name: 'history', label: 'History', rows: 3 },
  { name: 'findings', label: 'Findings', rows: 6 },
  { name: 'diagnosis', label: 'Diagnosis', rows: 2 },
  { name: 'discussion', label: 'Discussion', rows: 4 },
];

/**
 * The teaching case (docs/exports.md#teaching-zip-layout): its text, the differential from its
 * list, the key images marked on the viewer, and the ZIP export. Findings start as a narrative
 * written from the inventory and stay in step with it until the radiologist edits them.
 */
export function TeachingCaseForm(props: TeachingCaseFormProps) {
  const { text, differentialOptions, keyImages } = props;
  const toggleDifferential = (item: string, on: boolean): void => {
    props.onUpdate({ differential: on ? [...text.differential, item] : text.differential.filter((d) => d !== item) });
  };
  return (
    <div className="emh-panel emh-teaching" data-testid="teaching-case">
      {FIELDS.map((field) => (
        <label key={field.name} className="emh-case-field">
          <span>
            {field.label}
            {field.name === 'findings' && props.findingsDrafted && <em className="emh-dim"> drafted from the measurements</em>}
          </span>
          {field.rows > 1 ? (
            <CommitTextArea
              value={text[field.name]}
              rows={field.rows}
              testId={`case-${field.name}`}
              label={field.label}
              onCommit={(value) => props.onUpdate({ [field.name]: value })}
            />
          ) : (
            <CommitTextInput
              value={text[field.name]}
              data-testid={`case-${field.name}`}
              aria-label={field.label}
              onCommit={(value) => props.onUpdate({ [field.name]: value })}
            />
          )}
          {field.name === 'findings' && !props.findingsDrafted && (
            <button type="button" className="emh-link" onClick={props.onRedraftFindings}>
              Draft again from the measurements
            </button>
          )}
        </label>
      ))}
      <fieldset className="emh-case-differential">
        <legend>Differential</legend>
        {differentialOptions.map((item) => (
          <label key={item}>
            <input
              type="checkbox"
              checked={text.differential.includes(item)}
              onChange={(e) => toggleDifferential(item, e.target.checked)}
            />{' '}
            {item}
          </label>
        ))}
      </fieldset>
      <section className="emh-case-keys">
        <div className="emh-case-keys-head">
          <strong>Key images</strong> <span className="emh-count">{keyImages.length}</span>
          <button type="button" data-testid="toggle-key-image" disabled={props.currentIsKey === null} onClick={props.onToggleCurrent}>
            {props.currentIsKey ? 'Unmark this image' : 'Mark this image (K)'}
          </button>
        </div>
        {keyImages.length === 0 ? (
          <p className="emh-dim">None yet: show an image with its annotations and press K.</p>
        ) : (
          <ol>
            {keyImages.map((k) => (
              <li key={k.key} data-testid="key-image">
                {k.label}
                <button type="button" aria-label={`Remove ${k.label}`} onClick={() => props.onRemoveKey(k.key)}>
                  ×
                </button>
              </li>
            ))}
          </ol>
        )}
      </section>
      <button type="button" className="emh-primary" data-testid="export-teaching" disabled={props.exporting} onClick={props.onExport}>
        {props.exporting ? 'Writing the teaching file…' : 'Export teaching file (ZIP)'}
      </button>
    </div>
  );
}
