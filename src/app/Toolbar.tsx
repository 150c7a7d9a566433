import type { HostServices } from '../extensions/hostServices';
import type { PressedState, ToolbarButton } from '../extensions/types';
import { useStore } from './useStore';
import { errorMessage } from '../util/errorMessage';

function isPressed(button: ToolbarButton, state: ReturnType<HostServices['viewports']['snapshot']>): boolean {
  switch (button.activeWhen?.split(':')[0]) {
    case 'layout':
      return button.activeWhen === (state.mpr ? 'layout:mpr' : `layout:${state.layout}`);
    case 'tool':
      return button.activeWhen === `tool:${state.primaryTool}`;
    case 'cine':
      return state.cinePlaying;
    case 'sync':
      return state.syncScroll;
    default:
      return false;
  }
}

const NEVER_PRESSED: PressedState = { subscribe: () => () => undefined, version: () => 0, isPressed: () => false };

function ToolButton({ button, hostPressed, onRun }: { button: ToolbarButton; hostPressed: boolean; onRun: () => void }) {
  const own = button.pressedWhen ?? NEVER_PRESSED;
  const pressed = useStore(own, () => own.isPressed()) || hostPressed;
  return (
    <button
      data-testid={`tb-${button.id}`}
      title={button.tooltip}
      aria-pressed={pressed}
      className={pressed ? 'pressed' : ''}
      onClick={onRun}
    >
      {button.label}
    </button>
  );
}

/**
 * Buttons from every extension's toolbar module, a row per extension, grouped, each running its
 * command. A group whose name ends in "-danger" (destructive actions) is set apart and marked.
 * `reserveRow`: an extension still to come gets its row's room now (no jump when it arrives).
 */
export function Toolbar({ rows, reserveRow, services }: { rows: ToolbarButton[][]; reserveRow: boolean; services: HostServices }) {
  const state = useStore(services.viewports, () => services.viewports.snapshot());
  const run = (button: ToolbarButton): void => {
    services.commands.run(button.command, button.args).catch((error: unknown) => {
      services.notifications.show('error', errorMessage(error));
    });
  };
  return (
    <header className="toolbar" role="toolbar">
      {rows.map((buttons, index) => (
        <div className="toolbar-row" key={index}>
          {index === 0 && <span className="brand">EMH Viewer</span>}
          {[...new Set(buttons.map((b) => b.group))].map((group) => (
            <div className={group.endsWith('-danger') ? 'tool-group danger' : 'tool-group'} key={group} data-group={group}>
              {buttons
                .filter((b) => b.group === group)
                .map((button) => (
                  <ToolButton key={button.id} button={button} hostPressed={isPressed(button, state)} onRun={() => run(button)} />
                ))}
            </div>
          ))}
        </div>
      ))}
      {reserveRow && (
        <div className="toolbar-row reserved" aria-hidden="true" data-testid="toolbar-reserved">
          <button type="button" tabIndex={-1} disabled>
            &nbsp;
          </button>
        </div>
      )}
    </header>
  );
}
