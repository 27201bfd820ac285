import { chmod, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * Fills a fresh folder next to `target` and swaps it in only when `fill` finished: an interrupted
 * publish leaves the previous folder as it was, never a half-written one. The old folder is moved
 * aside first because a rename cannot replace a non-empty directory.
 */
export async function writeDirAtomically(target: string, fill: (dir: string) => Promise<void>): Promise<void> {
  const parent = path.dirname(target);
  await mkdir(parent, { recursive: true });
  const staging = await mkdtemp(path.join(parent, `.${path.basename(target)}.tmp-`));
  // mkdtemp makes the folder private (0700); a published folder is meant to be read by others.
  await chmod(staging, 0o755);
  try {
    await fill(staging);
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
  const old = `${staging}.old`;
  const hadOld = await rename(target, old).then(() => true, (err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return false;
    throw err;
  });
  try {
    await rename(staging, target);
  } catch (err) {
    if (hadOld) await rename(old, target);
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
  if (hadOld) await rm(old, { recursive: true, force: true });
}
