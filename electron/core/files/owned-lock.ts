import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { isProcessAlive } from '../env/process-alive.js';

/** Who holds a lock file: written into it, so that a refusal can name the holder. */
export interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
}

export interface HeldLock {
  release(): Promise<void>;
  /** The dead process whose lock was taken over, when there was one. */
  tookOver: LockOwner | null;
}

/**
 * An exclusive lock file naming its owner. It appears whole or not at all (written beside it, then
 * hard-linked into place, which fails when the name exists), so a second process never reads a
 * half-written owner. A lock left by a process of this machine that died (kill -9) is taken over;
 * a live one makes `refuse(owner)` the error thrown.
 */
export async function acquireOwnedLock(lockFile: string, refuse: (owner: LockOwner) => Error): Promise<HeldLock> {
  await mkdir(path.dirname(lockFile), { recursive: true });
  const owner: LockOwner = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  const staging = `${lockFile}.${process.pid}-${randomBytes(4).toString('hex')}`;
  await writeFile(staging, JSON.stringify(owner));
  let tookOver: LockOwner | null = null;
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await link(staging, lockFile);
        return { release: () => rm(lockFile, { force: true }), tookOver };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const holder = await readLockOwner(lockFile);
      if (holder && isOwnerAlive(holder)) throw refuse(holder);
      // Read again just before removing: another process may have taken the stale lock over meanwhile.
      const again = await readLockOwner(lockFile);
      if (again && (again.pid !== holder?.pid || again.startedAt !== holder.startedAt)) continue;
      tookOver = holder;
      await rm(lockFile, { force: true });
    }
    throw new Error(`${lockFile} could not be taken: other processes kept taking it`);
  } finally {
    await rm(staging, { force: true });
  }
}

/** The owner a lock file names, or null when there is none (or it does not parse). */
export async function readLockOwner(lockFile: string): Promise<LockOwner | null> {
  try {
    const owner = JSON.parse(await readFile(lockFile, 'utf8')) as Partial<LockOwner>;
    return typeof owner.pid === 'number' && typeof owner.host === 'string' && typeof owner.startedAt === 'string' ? (owner as LockOwner) : null;
  } catch {
    return null;
  }
}

/** A lock of another machine (a shared folder) cannot be checked, so it counts as held. */
export function isOwnerAlive(owner: LockOwner): boolean {
  return owner.host !== hostname() || isProcessAlive(owner.pid);
}
