import { useSyncExternalStore } from 'react';

/** Subscribes a component to one of the host's plain stores. */
export function useStore<T>(subscribe: (listener: () => void) => () => void, read: () => T): T {
  return useSyncExternalStore(subscribe, read, read);
}
