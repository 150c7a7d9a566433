import { useEffect, useRef } from 'react';
import type { Hotkey } from '../extensions/types';
import type { HelpContent } from '../extensions/extensionRegistry';
import type { UiState } from './uiState';
import { useStore } from './useStore';

const KEY_NAMES: Record<string, string> = { ArrowDown: '↓', ArrowUp: '↑', PageDown: 'Page Down', PageUp: 'Page Up', Escape: 'Esc' };

interface BindingRow {
  input: string;
  description: string;
}

const keyRow = (h: Hotkey): BindingRow => ({
  input:
    KEY_NAMES[h.keys] ??
    (h.keys.length === 1 ? h.keys.toUpperCase() : h.keys.replace(/\+([a-z])$/, (_, c: string) => `+${c.toUpperCase()}`)),
  description: h.description,
});

function BindingTable({ rows }: { rows: BindingRow[] }) {
  return (
    <table className="help-table">
      <tbody>
        {rows.map((row) => (
          <tr key={row.input}>
            <td>
              <kbd>{row.input}</kbd>
            </td>
            <td>{row.description}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * Every binding, keys and mouse, from every extension. While it is open it is modal: Esc
 * closes it and no other key reaches the viewer behind it.
 */
export function ShortcutsHelp({ ui, hotkeys, help }: { ui: UiState; hotkeys: Hotkey[]; help: HelpContent }) {
  const open = useStore(ui, () => ui.helpOpen);
  const dialog = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.current?.focus();
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape' || event.key === '?') {
        event.preventDefault();
        ui.setHelpOpen(false);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      previous?.focus();
    };
  }, [open, ui]);
  if (!open) return null;
  return (
    <div className="modal-backdrop" onClick={() => ui.setHelpOpen(false)}>
      <div
        ref={dialog}
        tabIndex={-1}
        className="modal help"
        role="dialog"
        aria-modal="true"
        aria-label="Keyboard shortcuts"
        data-testid="shortcuts-help"
        onClick={(e) => e.stopPropagation()}
      >
        <h2>Keyboard and mouse</h2>
        <div className="help-columns">
          <BindingTable rows={hotkeys.slice(0, Math.ceil(hotkeys.length / 2)).map(keyRow)} />
          <BindingTable rows={hotkeys.slice(Math.ceil(hotkeys.length / 2)).map(keyRow)} />
        </div>
        <h3>Mouse and focus</h3>
        <BindingTable rows={help.mouse.map((m) => ({ input: m.input, description: m.description }))} />
        {help.notes.map((note) => (
          <p key={note} className="help-note">
            {note}
          </p>
        ))}
        <button onClick={() => ui.setHelpOpen(false)}>Close (Esc)</button>
      </div>
    </div>
  );
}
