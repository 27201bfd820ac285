import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * A private work folder beside `target` (so that renames stay on one file system), named after the
 * process that owns it. Work folders of processes that no longer run are removed first.
 */
export async function workFolderBeside(target: string): Promise<string> {
  const parent = path.dirname(target);
  const prefix = `.${path.basename(target)}.assay-deps-`;
  await mkdir(parent, { recursive: true });
  for (const entry of await readdir(parent).catch(() => [] as string[])) {
    const pid = Number(entry.startsWith(prefix) ? entry.slice(prefix.length).split('-')[0] : NaN);
    if (Number.isInteger(pid) && pid > 0 && !alive(pid)) await rm(path.join(parent, entry), { recursive: true, force: true });
  }
  const dir = path.join(parent, `${prefix}${process.pid}-${randomBytes(6).toString('hex')}`);
  await mkdir(dir);
  return dir;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Puts the completed folder `staged` in the place of `target`: the previous folder is moved aside,
 * the new one renamed in, and only then the previous one deleted. If the second rename fails, the
 * previous folder is put back, so `target` is always either the old or the new one.
 */
export async function replaceFolder(staged: string, target: string, workDir: string): Promise<void> {
  const aside = path.join(workDir, 'previous');
  let moved = false;
  try {
    await rename(target, aside);
    moved = true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  try {
    await rename(staged, target);
  } catch (err) {
    if (moved) await rename(aside, target);
    throw err;
  }
}
