import { useEffect } from 'react';
import type { Hotkey } from '../extensions/types';
import type { HostServices } from '../extensions/hostServices';

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}

/** Keys from every extension's hotkey module, run through the command registry. */
export function useHotkeys(hotkeys: Hotkey[], services: HostServices): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      const hotkey = hotkeys.find((h) => h.keys === event.key || h.keys === event.key.toLowerCase());
      if (!hotkey) return;
      event.preventDefault();
      services.commands.run(hotkey.command, hotkey.args).catch((error: unknown) => {
        services.notifications.show('error', error instanceof Error ? error.message : String(error));
      });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [hotkeys, services]);
}
