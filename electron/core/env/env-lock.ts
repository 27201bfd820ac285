import { acquireOwnedLock } from '../files/owned-lock.js';

export class EnvironmentLockedError extends Error {}

/**
 * An exclusive lock on one environment, so that two processes never build it at once. The lock
 * file names its owner; a lock left by a process that died (kill -9) is taken over at once.
 */
export async function lockEnvironment(lockFile: string, env: string): Promise<() => Promise<void>> {
  const held = await acquireOwnedLock(lockFile, (owner) => new EnvironmentLockedError(
    `environment '${env}' is locked by another build (pid ${owner.pid} on ${owner.host}, since ${owner.startedAt}); wait for it to finish, or remove ${lockFile} if that process is gone`,
  ));
  return held.release;
}
