import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTempWorkbench, type TempWorkbench } from './temp-workbench.js';

describe('branches through the Workbench', () => {
  let t: TempWorkbench;
  beforeAll(async () => {
    t = await openTempWorkbench('jaffle-shop');
  });
  afterAll(async () => t.dispose());

  it('creates a branch and switches to it, carrying uncommitted edits along', async () => {
    const file = path.join(t.root, 'models/marts/orders.sql');
    await writeFile(file, `${await readFile(file, 'utf8')}\n-- wip\n`);
    const git = await t.call('createBranch', { branch: 'feature/wip' });
    expect(git).toMatchObject({ branch: 'feature/wip', changed: ['models/marts/orders.sql'] });
    expect(git.branches.sort()).toEqual(['feature/wip', 'main']);
    expect(t.events.some((e) => e.event === 'git' && e.payload.branch === 'feature/wip')).toBe(true);
    expect((await t.call('projectState', {}))?.env).toBe('feature~wip');
  });

  it('refuses an invalid branch name', async () => {
    expect(await t.workbench.dispatch('createBranch', { branch: 'bad name' })).toEqual({ ok: false, error: expect.stringContaining('invalid branch name') });
  });

  it('refuses to switch with uncommitted work, listing the files, and never discards it', async () => {
    const refused = await t.workbench.dispatch('switchBranch', { branch: 'main' });
    expect(refused).toEqual({ ok: false, error: expect.stringContaining('models/marts/orders.sql') });
    expect(await readFile(path.join(t.root, 'models/marts/orders.sql'), 'utf8')).toContain('-- wip');
    expect((await t.call('gitState', {})).branch).toBe('feature/wip');
  });

  it('switches with stash: true, and gets the work back on returning', async () => {
    const onMain = await t.call('switchBranch', { branch: 'main', stash: true });
    expect(onMain).toMatchObject({ branch: 'main', changed: [] });
    expect(await readFile(path.join(t.root, 'models/marts/orders.sql'), 'utf8')).not.toContain('-- wip');
    const back = await t.call('switchBranch', { branch: 'feature/wip' });
    expect(back).toMatchObject({ branch: 'feature/wip', changed: ['models/marts/orders.sql'] });
    expect(await readFile(path.join(t.root, 'models/marts/orders.sql'), 'utf8')).toContain('-- wip');
  });
});
