import { useEffect, useRef, useState, type InputHTMLAttributes } from 'react';

type NativeProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'onBlur' | 'onKeyDown' | 'type'>;

/**
 * A text field that commits once, on blur or Enter, rather than on every key: each
 * commit is an undo step in the store, and a note typed letter by letter would make
 * undo useless. Escape puts back the stored text.
 */
export function CommitTextInput({ value, onCommit, ...native }: NativeProps & { value: string; onCommit(text: string): void }) {
  const [draft, setDraft] = useState(value);
  const editing = useRef(false);

  // Undo, redo or another view may change the stored text; follow it unless mid-edit.
  useEffect(() => {
    if (!editing.current) setDraft(value);
  }, [value]);

  // Enter commits and then blurs; the flag keeps that blur from committing a second time.
  const commit = (): void => {
    if (!editing.current) return;
    editing.current = false;
    if (draft !== value) onCommit(draft);
  };

  return (
    <input
      {...native}
      type="text"
      value={draft}
      onChange={(event) => {
        editing.current = true;
        setDraft(event.target.value);
      }}
      onBlur={commit}
      onKeyDown={(event) => {
        if (event.key === 'Enter') {
          commit();
          event.currentTarget.blur();
        } else if (event.key === 'Escape') {
          editing.current = false;
          setDraft(value);
          event.currentTarget.blur();
          // The panel's own Escape (deselect) should not also fire.
          event.stopPropagation();
        }
      }}
    />
  );
}
