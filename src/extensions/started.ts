/**
 * What an extension makes in its preRegistration (its adapter, its stores' followers) and its
 * modules need. Asking for them before preRegistration ran is a mistake in the order of calls:
 * it throws instead of leaving the commands or panels out without a word.
 */
export class Started<Parts> {
  #parts: Parts | undefined;

  constructor(private readonly extensionId: string) {}

  /** Called once, at the end of preRegistration. */
  set(parts: Parts): void {
    if (this.#parts !== undefined) throw new Error(`The "${this.extensionId}" extension has already started`);
    this.#parts = parts;
  }

  get(): Parts {
    if (this.#parts === undefined) {
      throw new Error(`The "${this.extensionId}" extension has not started: its preRegistration must run before its modules are asked for`);
    }
    return this.#parts;
  }

  /** For onModeExit: the parts to stop, if it ever started. */
  ifStarted(): Parts | undefined {
    return this.#parts;
  }
}
