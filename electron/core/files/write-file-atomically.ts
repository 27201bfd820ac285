import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes a file whole or not at all: to a temporary file first, then renamed over the old one, so
 * that a crash or a second process never leaves a half-written file to read. The temporary file
 * has an unpredictable name and is created exclusively (`wx`: it fails on anything already there,
 * a symbolic link included), so a link planted beside the file can never redirect the write
 * outside the folder; the rename replaces a link at `file` itself rather than writing through it.
 */
export async function writeFileAtomically(file: string, data: string | Uint8Array): Promise<void> {
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(file)}.${randomBytes(12).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', 0o644);
  try {
    try {
      await handle.writeFile(data);
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

/** A temporary file of a write in progress (`.<name>.<24 hex>.tmp`): a file watcher ignores it. */
export function isAtomicWriteTemp(file: string): boolean {
  return /^\..+\.[0-9a-f]{24}\.tmp$/.test(path.basename(file));
}
