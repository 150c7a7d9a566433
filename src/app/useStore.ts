import { useSyncExternalStore } from 'react';
import type { Watchable } from '../state/observable';

/**
 * Subscribes a component to a store. Without a reader it re-renders on every change (the
 * component reads the store itself); with one it re-renders when what it reads changed.
 */
export function useStore(store: Watchable): number;
export function useStore<T>(store: Watchable, read: () => T): T;
export function useStore<T>(store: Watchable, read?: () => T): T | number {
  const snapshot: () => T | number = read ?? (() => store.version());
  return useSyncExternalStore((listener) => store.subscribe(listener), snapshot, snapshot);
}
