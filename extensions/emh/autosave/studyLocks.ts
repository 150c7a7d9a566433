/**
 * One editing tab per study, through the Web Locks API: the tab that saves a study holds its
 * lock for as long as the page lives, and the browser drops it when the tab closes or crashes,
 * so a stale "someone is editing" can never outlive its tab (a flag in storage could).
 */

const PREFIX = 'emh-viewer:study:';

/** Lets a held lock go (extension teardown); the page closing does the same. */
export type ReleaseLock = () => void;

function lockManager(): LockManager | undefined {
  return typeof navigator === 'undefined' ? undefined : navigator.locks;
}

/**
 * The study's lock, now or never: a release function when this page holds it (and keeps it),
 * null when another page does.
 */
export function holdStudyLock(studyInstanceUID: string): Promise<ReleaseLock | null> {
  const locks = lockManager();
  // Without the API (an insecure origin) other tabs cannot be seen; saving is still better
  // than silently not saving.
  if (!locks) return Promise.resolve(() => undefined);
  return new Promise((resolve) => {
    locks
      .request(`${PREFIX}${studyInstanceUID}`, { ifAvailable: true }, (lock) => {
        if (lock === null) {
          resolve(null);
          return undefined;
        }
        return new Promise<void>((release) => resolve(() => release()));
      })
      .catch(() => resolve(() => undefined));
  });
}

/** Resolves once no other page holds the study's lock; this page then holds it until released. */
export function whenStudyLockFree(studyInstanceUID: string, signal: AbortSignal): Promise<ReleaseLock> {
  const locks = lockManager();
  if (!locks) return Promise.resolve(() => undefined);
  return new Promise((resolve, reject) => {
    locks.request(`${PREFIX}${studyInstanceUID}`, { signal }, () => new Promise<void>((release) => resolve(() => release()))).catch(reject);
  });
}
