export type NoticeLevel = 'info' | 'warning' | 'error';

export interface Notice {
  id: number;
  level: NoticeLevel;
  text: string;
}

/** Short messages for the user (a refusal, a warning); each stays until dismissed or replaced. */
export class Notifications {
  private notices: Notice[] = [];
  private nextId = 1;
  private readonly listeners = new Set<() => void>();

  show(level: NoticeLevel, text: string, timeoutMs = level === 'error' ? 0 : 6000): number {
    const id = this.nextId++;
    this.notices = [...this.notices.slice(-4), { id, level, text }];
    this.emit();
    if (timeoutMs > 0) setTimeout(() => this.dismiss(id), timeoutMs);
    return id;
  }

  dismiss(id: number): void {
    this.notices = this.notices.filter((n) => n.id !== id);
    this.emit();
  }

  current(): Notice[] {
    return this.notices;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}
