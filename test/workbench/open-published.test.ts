import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTempWorkbench, type TempWorkbench } from './temp-workbench.js';

describe('opening a published dashboard (issue 19)', () => {
  let t: TempWorkbench;
  const opened: string[] = [];
  beforeAll(async () => {
    t = await openTempWorkbench('jaffle-shop', {
      openPath: async (file) => {
        opened.push(file);
        return true;
      },
    });
  });
  afterAll(async () => t.dispose());

  it('opens the page or the folder the core finds by the dashboard name, and nothing else', async () => {
    const folder = path.join(t.root, '.assay', 'published', 'orders');
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, 'index.html'), '<!doctype html>');
    expect(await t.call('openPublished', { name: 'orders', target: 'page' })).toEqual({ opened: true, path: path.join(folder, 'index.html') });
    expect(await t.call('openPublished', { name: 'orders', target: 'folder' })).toEqual({ opened: true, path: folder });

    await expect(t.call('openPublished', { name: 'revenue', target: 'page' })).rejects.toThrow(/'revenue' has not been published yet/);
    await expect(t.call('openPublished', { name: '../../..', target: 'folder' })).rejects.toThrow(/not the name of a dashboard/);
    await expect(t.call('openPublished', { name: 'orders/../../x', target: 'folder' })).rejects.toThrow(/not the name of a dashboard/);
    expect(opened).toEqual([path.join(folder, 'index.html'), folder]);
  });
});
