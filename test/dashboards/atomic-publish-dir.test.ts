import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeDirAtomically } from '../../electron/core/dashboards/publish/atomic-dir.js';
import { tempDir } from '../helpers/temp-project.js';

async function publishedFolder(): Promise<{ parent: string; target: string }> {
  const parent = await tempDir('assay-atomic-dir-');
  const target = path.join(parent, 'launch');
  await mkdir(target);
  await writeFile(path.join(target, 'index.html'), 'old page');
  await writeFile(path.join(target, 'old-only.txt'), 'old');
  return { parent, target };
}

/** A published folder is replaced whole or not at all: it is staged beside the target and renamed in. */
describe('writeDirAtomically (what publish writes through)', () => {
  it('fills a separate folder while the published one stays as it was, then swaps it in whole', async () => {
    const { parent, target } = await publishedFolder();
    await writeDirAtomically(target, async (staging) => {
      expect(staging).not.toBe(target);
      expect(path.dirname(staging)).toBe(parent);
      await writeFile(path.join(staging, 'index.html'), 'new page');
      // Mid-publish, a reader of the published folder still sees the old page, complete.
      expect(await readFile(path.join(target, 'index.html'), 'utf8')).toBe('old page');
      expect(await readdir(target)).toContain('old-only.txt');
    });
    expect(await readFile(path.join(target, 'index.html'), 'utf8')).toBe('new page');
    expect(await readdir(target)).toEqual(['index.html']);
    expect(await readdir(parent)).toEqual(['launch']);
  });

  it('leaves the published folder untouched, and no staging folder behind, when filling fails', async () => {
    const { parent, target } = await publishedFolder();
    const failing = writeDirAtomically(target, async (staging) => {
      await writeFile(path.join(staging, 'index.html'), 'half-written');
      throw new Error('the export failed');
    });
    await expect(failing).rejects.toThrow('the export failed');
    expect(await readFile(path.join(target, 'index.html'), 'utf8')).toBe('old page');
    expect((await readdir(target)).sort()).toEqual(['index.html', 'old-only.txt']);
    expect(await readdir(parent)).toEqual(['launch']);
  });

  it('creates the folder when there was none', async () => {
    const parent = await tempDir('assay-atomic-dir-');
    const target = path.join(parent, 'out', 'launch');
    await writeDirAtomically(target, async (staging) => writeFile(path.join(staging, 'index.html'), 'first'));
    expect(await readFile(path.join(target, 'index.html'), 'utf8')).toBe('first');
    expect(await readdir(path.dirname(target))).toEqual(['launch']);
  });
});
