import type { DataManager } from '../data/dataManager';
import { useStore } from './useStore';

/** Progress while files are read, and every file that could not be shown, with its reason. */
export function LoadStatus({ data }: { data: DataManager }) {
  const state = useStore(data, () => data.state());
  const unread = data.unreadCount();
  const percent = state.total > 0 ? Math.round((100 * state.done) / state.total) : 0;
  return (
    <div className="load-status">
      <div className="progress" hidden={!state.active} role="progressbar" aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100}>
        <div className="progress-fill" style={{ width: `${percent}%` }} />
        <span className="progress-text">
          Loading {state.done} / {state.total}
        </span>
      </div>
      {state.refused.length > 0 && (
        <div className="refusals" data-testid="refusals" role="alert">
          <div className="refusals-head">
            <strong>
              {state.refused.length} file{state.refused.length === 1 ? '' : 's'} could not be shown
            </strong>
            {unread > 0 && !state.active && (
              <button data-testid="retry-load" onClick={() => void data.retryUnread()}>
                Retry {unread} not received
              </button>
            )}
            <button onClick={() => data.clearRefusals()}>Dismiss</button>
          </div>
          <ul>
            {state.refused.map((r, i) => (
              <li key={`${r.file}-${i}`}>
                <span className="refused-file">{r.file}</span>: {r.reason}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
