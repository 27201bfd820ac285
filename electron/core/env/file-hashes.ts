import { createHash, webcrypto } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import pLimit from 'p-limit';
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
  /** Callers may ask for thousands of files at once: a few are read and hashed at a time. */
  private readonly slots = pLimit(HASHES_AT_ONCE);

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
    const sha256 = await this.slots(() => hashFile(absPath, info.size));
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

/** Two at a time: hashing, not the disk, bounds a first build on two cores (SHA-256 runs at about 300 MB/s on one). */
const HASHES_AT_ONCE = 2;
/** Files up to this size are read whole and digested off the main thread, which frees it and lets two cores hash at once. */
const WHOLE_FILE_BYTES = 64 * 1024 * 1024;

async function hashFile(absPath: string, size: number): Promise<string> {
  if (size > WHOLE_FILE_BYTES) return streamHash(absPath);
  return Buffer.from(await webcrypto.subtle.digest('SHA-256', await readFile(absPath))).toString('hex');
}

function streamHash(absPath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(absPath)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}
