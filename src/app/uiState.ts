import { Observable } from '../state/observable';

/** UI-only state that commands toggle (the shortcuts sheet, the file pickers). */
export class UiState extends Observable {
  helpOpen = false;
  private pickers: { files?: () => void; folder?: () => void } = {};

  setHelpOpen(open: boolean): void {
    this.helpOpen = open;
    this.notify();
  }

  registerPickers(pickers: { files: () => void; folder: () => void }): void {
    this.pickers = pickers;
  }

  openFilePicker(kind: 'files' | 'folder'): void {
    this.pickers[kind]?.();
  }
}
