export type Listener<Change> = (change: Change) => void;
export type Unsubscribe = () => void;

/** What a reader of a store needs, whatever the store tells its listeners (a component, a hook). */
export interface Watchable {
  subscribe(listener: () => void): Unsubscribe;
  version(): number;
}

/**
 * What every store of the viewer shares: listeners to tell of a change, and a version that goes
 * up by one with each change (React compares it to decide on a render). Pure: no DOM, so the
 * rules code and its unit tests use it as the panels do.
 *
 * A store extends it and calls notify() when its state changed; a store that tells of a change
 * in words (what was added, removed) passes that as the Change.
 */
export class Observable<Change = void> implements Watchable {
  readonly #listeners = new Set<Listener<Change>>();
  #version = 0;

  subscribe(listener: Listener<Change>): Unsubscribe {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Goes up by one with every change told to the listeners. */
  version(): number {
    return this.#version;
  }

  /**
   * Tells every listener, including one that unsubscribes another meanwhile. One broken listener
   * (a panel, the autosave) must not stop the others from hearing of the change.
   */
  protected notify(change: Change): void {
    this.#version += 1;
    for (const listener of [...this.#listeners]) {
      try {
        listener(change);
      } catch (error) {
        console.error('A store listener failed', error);
      }
    }
  }
}

/** An event a store tells of beside its state (an image arrived, a case was made): the owner emits it. */
export class Channel<Event = void> extends Observable<Event> {
  emit(event: Event): void {
    this.notify(event);
  }
}
