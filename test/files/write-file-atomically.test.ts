import { lstat, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomically } from '../../electron/core/files/write-file-atomically.js';
import { tempDir } from '../helpers/temp-project.js';

async function projectAndOutside() {
  const project = await tempDir('assay-atomic-write-');
  const outside = await tempDir('assay-outside-');
  const victim = path.join(outside, 'victim.txt');
  await writeFile(victim, 'untouched');
  return { project, victim };
}

describe('writeFileAtomically, the one way Assay writes a file whole', () => {
  it('never writes through a link planted at a temporary name it could have used', async () => {
    const { project, victim } = await projectAndOutside();
    const file = path.join(project, 'models', 'orders.sql');
    await writeFileAtomically(file, 'select 1');
    // Links at every name a predictable helper would use (pid-based, with and without a dot).
    for (const name of [`orders.sql.${process.pid}.tmp`, `orders.sql.${process.pid}.assay-tmp`, `.orders.sql.tmp`, 'orders.sql.tmp']) {
      await symlink(victim, path.join(project, 'models', name));
    }
    await writeFileAtomically(file, 'select 2');
    expect(await readFile(victim, 'utf8')).toBe('untouched');
    expect(await readFile(file, 'utf8')).toBe('select 2');
    expect((await lstat(file)).isSymbolicLink()).toBe(false);
  });

  it('replaces a link at the file itself instead of writing through it', async () => {
    const { project, victim } = await projectAndOutside();
    const file = path.join(project, 'state.json');
    await symlink(victim, file);
    await writeFileAtomically(file, '{}');
    expect(await readFile(victim, 'utf8')).toBe('untouched');
    expect((await lstat(file)).isFile()).toBe(true);
    expect(await readFile(file, 'utf8')).toBe('{}');
  });

  it('uses an unpredictable temporary name each time, and leaves none behind', async () => {
    const { project } = await projectAndOutside();
    const file = path.join(project, 'report.json');
    await Promise.all(Array.from({ length: 8 }, (_, i) => writeFileAtomically(file, JSON.stringify({ i }))));
    expect(await readdir(project)).toEqual(['report.json']);
    expect(JSON.parse(await readFile(file, 'utf8'))).toHaveProperty('i');
  });
});
