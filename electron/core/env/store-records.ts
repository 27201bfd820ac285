import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomically } from '../files/write-file-atomically.js';

/**
 * What a store file was when Assay wrote it. Store files are immutable, so any later difference
 * means the file was changed, truncated or replaced behind Assay's back: its rows can no longer be
 * trusted, by a view, by a build that would call it up to date, or by a cached test outcome.
 */
export interface StoreRecord {
  size: number;
  mtimeMs: number;
  /** SHA-256 of the content: what cached test outcomes are keyed by, and what `assay verify` checks. */
  sha256: string;
}

export type StoreCheck = { intact: true; record: StoreRecord } | { intact: false; reason: string };

/** `.assay/store-records/<store file name>.json`, beside `.assay/store/`. */
export function recordFileOf(storeFile: string): string {
  return path.join(path.dirname(path.dirname(storeFile)), 'store-records', `${path.basename(storeFile)}.json`);
}

/**
 * Records a store file just written (or first seen without a record): its size, modification time
 * and content hash (`sha256` when the caller has just hashed it, as an import does).
 */
export async function recordStoreFile(storeFile: string, sha256?: string): Promise<StoreRecord> {
  const info = await stat(storeFile);
  const record: StoreRecord = { size: info.size, mtimeMs: info.mtimeMs, sha256: sha256 ?? (await hashFile(storeFile)) };
  await writeFileAtomically(recordFileOf(storeFile), JSON.stringify(record));
  return record;
}

export async function readStoreRecord(storeFile: string): Promise<StoreRecord | null> {
  try {
    const record = JSON.parse(await readFile(recordFileOf(storeFile), 'utf8')) as StoreRecord;
    return typeof record.sha256 === 'string' && typeof record.size === 'number' ? record : null;
  } catch {
    return null;
  }
}

/**
 * The cheap check, run whenever an environment is built or tested: the file's size and modification
 * time are still those recorded. A file written before records existed is recorded now.
 */
export async function checkStoreFile(storeFile: string): Promise<StoreCheck> {
  const info = await stat(storeFile).catch(() => null);
  if (!info) return { intact: false, reason: 'it is missing' };
  const record = await readStoreRecord(storeFile);
  if (!record) return { intact: true, record: await recordStoreFile(storeFile) };
  if (info.size !== record.size) return { intact: false, reason: `its size is ${info.size} bytes, ${record.size} when it was written` };
  // To the millisecond: what every file system and copy tool keeps of a modification time.
  if (Math.trunc(info.mtimeMs) !== Math.trunc(record.mtimeMs)) return { intact: false, reason: `it was modified at ${new Date(info.mtimeMs).toISOString()}, after it was written (${new Date(record.mtimeMs).toISOString()})` };
  return { intact: true, record };
}

/** The thorough check of `assay verify`: the content still hashes to the recorded SHA-256. */
export async function rehashStoreFile(storeFile: string): Promise<StoreCheck | { intact: 'unrecorded' }> {
  const record = await readStoreRecord(storeFile);
  if (!record) return { intact: 'unrecorded' };
  const sha256 = await hashFile(storeFile);
  if (sha256 !== record.sha256) return { intact: false, reason: `its content hashes to ${sha256.slice(0, 12)}, ${record.sha256.slice(0, 12)} when it was written` };
  return checkStoreFile(storeFile);
}

/**
 * A store file that is not what was written is treated as missing: moved aside for inspection
 * (`<name>.tampered-<time>`, which nothing reads) with its record, so the next build writes it
 * again and no cached outcome (keyed by the recorded content) is found for it.
 */
export async function setAsideStoreFile(storeFile: string): Promise<string> {
  const aside = `${storeFile}.tampered-${Date.now()}`;
  await rename(storeFile, aside).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
  });
  await rm(recordFileOf(storeFile), { force: true });
  return aside;
}

export function hashFile(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}
