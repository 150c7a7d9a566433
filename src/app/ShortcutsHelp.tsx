import type { Hotkey } from '../extensions/types';
import type { UiState } from './uiState';
import { useStore } from './useStore';

const KEY_NAMES: Record<string, string> = { ArrowDown: '↓', ArrowUp: '↑', PageDown: 'Page Down', PageUp: 'Page Up' };

export function ShortcutsHelp({ ui, hotkeys }: { ui: UiState; hotkeys: Hotkey[] }) {
  const open = useStore((l) => ui.subscribe(l), () => ui.helpOpen);
  if (!open) return null;
  return (
    <div className="modal-backdrop" onClick={() => ui.setHelpOpen(false)}>
      <div className="modal" role="dialog" aria-label="Keyboard shortcuts" onClick={(e) => e.stopPropagation()}>
        <h2>Keyboard shortcuts</h2>
        <table>
          <tbody>
            {hotkeys.map((h) => (
              <tr key={h.keys}>
                <td><kbd>{KEY_NAMES[h.keys] ?? h.keys.toUpperCase()}</kbd></td>
                <td>{h.description}</td>
              </tr>
            ))}
            <tr><td><kbd>Wheel</kbd></td><td>Scroll through images</td></tr>
            <tr><td><kbd>Middle drag</kbd></td><td>Pan</td></tr>
            <tr><td><kbd>Right drag</kbd></td><td>Zoom</td></tr>
          </tbody>
        </table>
        <button onClick={() => ui.setHelpOpen(false)}>Close</button>
      </div>
    </div>
  );
}
