import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { create, extract } from 'tar';
import { describe, expect, it } from 'vitest';
import { writeTar } from '../../electron/core/files/write-tar.js';
import { tempDir } from '../helpers/temp-project.js';

const exec = promisify(execFile);

/** Members that take each path of the writer: empty, not a whole block, more than two 4 MB buffers, a name only PAX can hold. */
async function members(dir: string): Promise<string[]> {
  const longName = `store/${'f'.repeat(120)}.parquet`;
  const contents: Record<string, Buffer> = {
    'assay-export.json': Buffer.from('{"format":"assay-environment-export"}'),
    'empty.bin': Buffer.alloc(0),
    'store/big.parquet': randomBytes(9 * 1024 * 1024 + 77),
    [longName]: randomBytes(513),
  };
  await mkdir(path.join(dir, 'store'), { recursive: true });
  for (const [name, bytes] of Object.entries(contents)) await writeFile(path.join(dir, name), bytes);
  return Object.keys(contents);
}

describe('writeTar', () => {
  it('writes byte for byte the archive tar.create({ portable: true }) writes of the same files', async () => {
    const dir = await tempDir('assay-tar-');
    const names = await members(path.join(dir, 'in'));
    const ours = path.join(dir, 'ours.tar');
    const theirs = path.join(dir, 'theirs.tar');
    await writeTar(ours, names.map((name) => ({ name, file: path.join(dir, 'in', name) })));
    await create({ file: theirs, cwd: path.join(dir, 'in'), portable: true }, names);
    expect((await readFile(ours)).equals(await readFile(theirs))).toBe(true);
  });

  it('unpacks with tar.extract and lists with the system tar, every member whole', async () => {
    const dir = await tempDir('assay-tar-');
    const names = await members(path.join(dir, 'in'));
    const archive = path.join(dir, 'out.tar');
    await writeTar(archive, names.map((name) => ({ name, file: path.join(dir, 'in', name) })));
    await mkdir(path.join(dir, 'out'));
    await extract({ file: archive, cwd: path.join(dir, 'out'), strict: true });
    for (const name of names) expect((await readFile(path.join(dir, 'out', name))).equals(await readFile(path.join(dir, 'in', name)))).toBe(true);
    expect((await exec('tar', ['tf', archive])).stdout.trim().split('\n')).toEqual(names);
  });
});
