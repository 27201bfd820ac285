import { assayPaths, ensureAssayDir } from '../env/assay-paths.js';
import { acquireOwnedLock, isOwnerAlive, readLockOwner, type HeldLock, type LockOwner } from '../files/owned-lock.js';
import { refreshFiles } from './refresh-files.js';

/** Another refresh of the project holds the lock: the scheduler should try again later (exit 5). */
export class RefreshBusyError extends Error {
  constructor(readonly owner: LockOwner, lockFile: string) {
    super(`another refresh of this project is running (pid ${owner.pid} on ${owner.host}, started ${owner.startedAt}); it holds ${lockFile}. Try again when it has finished; if that process is gone, the next refresh takes its lock over`);
    this.name = 'RefreshBusyError';
  }
}

/**
 * Takes the project's refresh lock, so that two refreshes of one project (cron and `assay watch`,
 * or a slow one overrun by the next) never run together. A lock left by a dead process is taken
 * over (and named in `tookOver`); a live holder makes it throw RefreshBusyError.
 */
export async function lockRefresh(projectRoot: string): Promise<HeldLock> {
  // `.assay/` ignores itself: the lock and the log must never make the working tree dirty (the gate checks it).
  await ensureAssayDir(assayPaths(projectRoot));
  const file = refreshFiles(projectRoot).lock;
  return acquireOwnedLock(file, (owner) => new RefreshBusyError(owner, file));
}

/** The refresh running now, if any: a lock whose owner is alive. */
export async function runningRefresh(projectRoot: string): Promise<LockOwner | null> {
  const owner = await readLockOwner(refreshFiles(projectRoot).lock);
  return owner && isOwnerAlive(owner) ? owner : null;
}
