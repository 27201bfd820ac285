import { readFile, stat } from 'node:fs/promises';

interface Known {
  size: bigint;
  mtimeNs: bigint;
  ino: bigint;
  text: string;
}

/**
 * Project files as text, kept in memory while they are unchanged, so that loading a project again
 * (every save rebuilds) costs a stat per file instead of a read. A file whose modification time was
 * within the last two seconds when it was read may change again within the same timestamp tick
 * with the same size; like git's "racily clean" entries, it is read again until it has settled.
 */
export async function readTextFile(file: string): Promise<string> {
  const info = await stat(file, { bigint: true });
  const hit = known.get(file);
  if (hit && hit.size === info.size && hit.mtimeNs === info.mtimeNs && hit.ino === info.ino) return hit.text;
  const text = await readFile(file, 'utf8');
  if (BigInt(Date.now()) * 1_000_000n - info.mtimeNs > SETTLED_NS) {
    if (known.size >= MAX_FILES) known.clear();
    known.set(file, { size: info.size, mtimeNs: info.mtimeNs, ino: info.ino, text });
  } else {
    known.delete(file);
  }
  return text;
}

const SETTLED_NS = 2_000_000_000n;
const MAX_FILES = 50_000;
const known = new Map<string, Known>();
