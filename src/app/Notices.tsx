import type { Notifications } from './notifications';
import { useStore } from './useStore';

export function Notices({ notifications }: { notifications: Notifications }) {
  const notices = useStore(notifications, () => notifications.current());
  return (
    <div className="notices" aria-live="polite">
      {notices.map((notice) => (
        <div key={notice.id} className={`notice ${notice.level}`} role={notice.level === 'error' ? 'alert' : 'status'}>
          <span>{notice.text}</span>
          <button aria-label="Dismiss" onClick={() => notifications.dismiss(notice.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
