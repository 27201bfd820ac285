import { createHash } from 'node:crypto';
import { readFile, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileHashes } from '../../electron/core/env/file-hashes.js';
import { tempDir } from '../helpers/temp-project.js';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/**
 * The content hashes a source's fingerprint is made of: a file read whole (most lake files) and one
 * read as a stream (over 64 MB) hash as `sha256sum` does, many at once, and the cache answers for a
 * file until its size or modification time changes.
 */
describe('data file hashes', () => {
  it('are the SHA-256 of the content, for small files and one read as a stream, asked all at once', async () => {
    const dir = await tempDir();
    const files = Array.from({ length: 12 }, (_, i) => path.join(dir, `part-${i}.csv`));
    await Promise.all(files.map((file, i) => writeFile(file, `id,amount\n${i},${i * 10}\n`.repeat(1000 + i))));
    const big = path.join(dir, 'big.csv');
    // Past the whole-file limit, with content that differs along its length.
    await writeFile(big, Buffer.concat(Array.from({ length: 65 }, (_, i) => Buffer.alloc(1024 * 1024, i))));
    const hashes = await FileHashes.open(path.join(dir, 'hashes.json'));
    const got = await Promise.all([...files, big].map((file) => hashes.hash(file)));
    const expected = await Promise.all([...files, big].map(async (file) => sha256(await readFile(file))));
    expect(got).toEqual(expected);
  });

  it('are kept by size and modification time: a file rewritten with the same size and time is not read again', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'data.csv');
    await writeFile(file, 'a\n1\n');
    const cacheFile = path.join(dir, 'hashes.json');
    const first = await FileHashes.open(cacheFile);
    const before = await first.hash(file);
    await first.save();
    const when = new Date('2024-01-01T00:00:00Z');
    await writeFile(file, 'a\n2\n');
    await utimes(file, when, when);
    const second = await FileHashes.open(cacheFile);
    const changed = await second.hash(file);
    expect(changed).not.toBe(before);
    await second.save();
    // Same size, same time, other content: the cache is trusted, as a build with nothing to do must.
    await writeFile(file, 'a\n3\n');
    await utimes(file, when, when);
    expect(await (await FileHashes.open(cacheFile)).hash(file)).toBe(changed);
  });
});
