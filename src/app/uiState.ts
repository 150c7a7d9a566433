/** UI-only state that commands toggle (the shortcuts sheet, the file pickers). */
export class UiState {
  helpOpen = false;
  private readonly listeners = new Set<() => void>();
  private pickers: { files?: () => void; folder?: () => void } = {};

  setHelpOpen(open: boolean): void {
    this.helpOpen = open;
    for (const listener of this.listeners) listener();
  }

  registerPickers(pickers: { files: () => void; folder: () => void }): void {
    this.pickers = pickers;
  }

  openFilePicker(kind: 'files' | 'folder'): void {
    this.pickers[kind]?.();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
