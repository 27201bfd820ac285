import { rename, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTextFile } from '../../electron/core/project/file-text.js';
import { writeTempProject } from '../helpers/temp-project.js';

describe('project files read from memory while unchanged', () => {
  it('reads a file changed within its timestamp tick with the same size again', async () => {
    const root = await writeTempProject({ 'models/a.sql': 'select 1' });
    const file = path.join(root, 'models/a.sql');
    const tick = new Date();
    await utimes(file, tick, tick);
    expect(await readTextFile(file)).toBe('select 1');
    // Same size, same modification time, same file: only the content tells them apart.
    await writeFile(file, 'select 2');
    await utimes(file, tick, tick);
    expect(await readTextFile(file)).toBe('select 2');
  });

  it('reads a settled file again when its size, time or identity changed', async () => {
    const root = await writeTempProject({ 'models/a.sql': 'select 1', 'other.sql': 'select 3' });
    const file = path.join(root, 'models/a.sql');
    const hourAgo = new Date(Date.now() - 3_600_000);
    await utimes(file, hourAgo, hourAgo);
    expect(await readTextFile(file)).toBe('select 1');
    expect(await readTextFile(file)).toBe('select 1');
    await writeFile(file, 'select 22');
    await utimes(file, hourAgo, hourAgo);
    expect(await readTextFile(file)).toBe('select 22');
    // Replaced by another file of the same size and time (as git checkout does): a new inode.
    const other = path.join(root, 'other.sql');
    await writeFile(other, 'select 33');
    await utimes(other, hourAgo, hourAgo);
    await rename(other, file);
    expect(await readTextFile(file)).toBe('select 33');
  });
});
