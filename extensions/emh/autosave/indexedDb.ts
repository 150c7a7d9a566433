/**
 * The little of IndexedDB autosave needs, as promises. No library: the API surface used is
 * four calls, and a wrapper we can read is easier to trust with "nothing saved is lost".
 */

export class StorageUnavailable extends Error {}

/** Opens (creating on first use) a database with one object store keyed by `keyPath`. */
export function openDatabase(name: string, version: number, storeName: string, keyPath: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    let request: IDBOpenDBRequest;
    try {
      if (typeof indexedDB === 'undefined') throw new StorageUnavailable('this browser offers no IndexedDB');
      request = indexedDB.open(name, version);
    } catch (error) {
      // Some private modes throw here rather than failing the request.
      reject(error instanceof StorageUnavailable ? error : new StorageUnavailable(describeError(error)));
      return;
    }
    request.onupgradeneeded = () => {
      if (!request.result.objectStoreNames.contains(storeName)) request.result.createObjectStore(storeName, { keyPath });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(new StorageUnavailable(describeError(request.error)));
    // Another tab holds an older version open; waiting could hang the restore for ever.
    request.onblocked = () => reject(new StorageUnavailable('another tab keeps an older copy of the storage open'));
  });
}

/** Reads several keys in one read-only transaction; a missing key gives undefined. */
export function getAll(db: IDBDatabase, storeName: string, keys: readonly string[]): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    try {
      const tx = db.transaction(storeName, 'readonly');
      const store = tx.objectStore(storeName);
      const results: unknown[] = new Array<unknown>(keys.length);
      keys.forEach((key, i) => {
        const request = store.get(key);
        request.onsuccess = () => {
          results[i] = request.result;
        };
      });
      tx.oncomplete = () => resolve(results);
      tx.onerror = () => reject(tx.error ?? new Error('read failed'));
      tx.onabort = () => reject(tx.error ?? new Error('read aborted'));
    } catch (error) {
      reject(error);
    }
  });
}

/**
 * Writes every value in one read-write transaction: all are stored or none is, so a failure
 * half-way (quota) leaves the previous save of every key as it was.
 * Resolves when the data is committed.
 */
export function putAll(db: IDBDatabase, storeName: string, values: readonly unknown[]): Promise<void> {
  return new Promise((resolve, reject) => {
    let tx: IDBTransaction | undefined;
    try {
      tx = db.transaction(storeName, 'readwrite', { durability: 'strict' });
      const done = tx;
      done.oncomplete = () => resolve();
      done.onerror = () => reject(done.error ?? new Error('write failed'));
      done.onabort = () => reject(done.error ?? new Error('write aborted'));
      const store = done.objectStore(storeName);
      for (const value of values) store.put(value);
      // Tells the browser no more requests follow, so it commits now rather than at the end of
      // the task: the save reaches the disk as early as it can before a tab is closed.
      done.commit?.();
    } catch (error) {
      try {
        tx?.abort();
      } catch {
        // Already finished or aborted: nothing was committed by this transaction either way.
      }
      reject(error);
    }
  });
}

export function isQuotaError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'QuotaExceededError';
}

export function describeError(error: unknown): string {
  if (error instanceof DOMException) return `${error.name}: ${error.message}`;
  if (error instanceof Error) return error.message;
  return String(error);
}
