import { useEffect } from 'react';
import type { Hotkey } from '../extensions/types';
import type { HostServices } from '../extensions/hostServices';
import { errorMessage } from '../util/errorMessage';

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}

/**
 * The hotkey name of a key press: `z`, `Ctrl+z`, `Ctrl+Shift+z`, `ArrowDown`. Shift is named
 * only with Ctrl, since it is already part of characters such as `?` and `+`.
 */
export function hotkeyName(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey'>): string {
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  if (!(event.ctrlKey || event.metaKey)) return event.key.length === 1 ? event.key : key;
  return `Ctrl+${event.shiftKey ? 'Shift+' : ''}${key}`;
}

/** A modal dialog is open: it owns the keyboard, and nothing acts on the viewer behind it. */
export function modalOpen(): boolean {
  return document.querySelector('[aria-modal="true"]') !== null;
}

/** Keys from every extension's hotkey module, run through the command registry. */
export function useHotkeys(hotkeys: Hotkey[], services: HostServices): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.altKey || isTyping(event.target) || modalOpen()) return;
      const name = hotkeyName(event);
      const hotkey = hotkeys.find((h) => h.keys === name || (name.length === 1 && h.keys === name.toLowerCase()));
      if (!hotkey) return;
      event.preventDefault();
      services.commands.run(hotkey.command, hotkey.args).catch((error: unknown) => {
        services.notifications.show('error', errorMessage(error));
      });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [hotkeys, services]);
}
