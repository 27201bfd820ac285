import { hostname } from 'node:os';
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { isProcessAlive } from './process-alive.js';

interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
}

export class EnvironmentLockedError extends Error {}

/**
 * An exclusive lock on one environment, so that two processes never build it at once. The lock
 * file names its owner; a lock left by a process that died (kill -9) is taken over at once.
 */
export async function lockEnvironment(lockFile: string, env: string): Promise<() => Promise<void>> {
  await mkdir(path.dirname(lockFile), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(lockFile, 'wx');
      const owner: LockOwner = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
      await handle.writeFile(JSON.stringify(owner));
      await handle.close();
      return () => rm(lockFile, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = await readOwner(lockFile);
      if (owner && isAlive(owner)) {
        throw new EnvironmentLockedError(
          `environment '${env}' is locked by another build (pid ${owner.pid} on ${owner.host}, since ${owner.startedAt}); wait for it to finish, or remove ${lockFile} if that process is gone`,
        );
      }
      await rm(lockFile, { force: true });
    }
  }
  throw new EnvironmentLockedError(`environment '${env}' could not be locked (${lockFile})`);
}

async function readOwner(lockFile: string): Promise<LockOwner | null> {
  try {
    return JSON.parse(await readFile(lockFile, 'utf8')) as LockOwner;
  } catch {
    return null;
  }
}

function isAlive(owner: LockOwner): boolean {
  return owner.host !== hostname() || isProcessAlive(owner.pid);
}
