import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { writeFileAtomically } from '../files/write-file-atomically.js';

interface CachedHash {
  size: number;
  mtimeMs: number;
  sha256: string;
}

/**
 * Content hashes of data files, cached by size and modification time so that a build with nothing
 * to do does not re-read gigabytes of CSV.
 */
export class FileHashes {
  private changed = false;
  /** Files are read one after another: reading is disk-bound, and callers may ask for thousands at once. */
  private reading: Promise<unknown> = Promise.resolve();

  private constructor(private readonly cacheFile: string, private readonly cache: Record<string, CachedHash>) {}

  static async open(cacheFile: string): Promise<FileHashes> {
    const text = await readFile(cacheFile, 'utf8').catch(() => '{}');
    let cache: Record<string, CachedHash> = {};
    try {
      cache = JSON.parse(text) as Record<string, CachedHash>;
    } catch {
      // A damaged cache only costs re-hashing.
    }
    return new FileHashes(cacheFile, cache);
  }

  async hash(absPath: string): Promise<string> {
    const info = await stat(absPath);
    const cached = this.cache[absPath];
    if (cached && cached.size === info.size && cached.mtimeMs === info.mtimeMs) return cached.sha256;
    const next = this.reading.then(() => hashFile(absPath));
    this.reading = next.catch(() => undefined);
    const sha256 = await next;
    this.cache[absPath] = { size: info.size, mtimeMs: info.mtimeMs, sha256 };
    this.changed = true;
    return sha256;
  }

  async save(): Promise<void> {
    if (!this.changed) return;
    await writeFileAtomically(this.cacheFile, JSON.stringify(this.cache));
    this.changed = false;
  }
}

function hashFile(absPath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(absPath)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}
