import { Observable } from '../state/observable';

export type NoticeLevel = 'info' | 'warning' | 'error';

export interface Notice {
  id: number;
  level: NoticeLevel;
  text: string;
}

/** Short messages for the user (a refusal, a warning); each stays until dismissed or replaced. */
export class Notifications extends Observable {
  private notices: Notice[] = [];
  private nextId = 1;

  show(level: NoticeLevel, text: string, timeoutMs = level === 'error' ? 0 : 6000): number {
    const id = this.nextId++;
    this.notices = [...this.notices.slice(-4), { id, level, text }];
    this.notify();
    if (timeoutMs > 0) setTimeout(() => this.dismiss(id), timeoutMs);
    return id;
  }

  dismiss(id: number): void {
    this.notices = this.notices.filter((n) => n.id !== id);
    this.notify();
  }

  current(): Notice[] {
    return this.notices;
  }
}
