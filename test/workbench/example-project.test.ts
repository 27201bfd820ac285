import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assayHome } from '../../electron/core/workbench/assay-home.js';
import { ensureExampleProject } from '../../electron/core/workbench/example-project.js';
import { Workbench } from '../../electron/core/workbench/workbench.js';

describe('the example project and recent projects', () => {
  let home: string;
  beforeAll(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'assay-home-'));
  });
  afterAll(async () => rm(home, { recursive: true, force: true }));

  it('puts the per-user state in ASSAY_HOME, else ~/.assay', () => {
    expect(assayHome({ ASSAY_HOME: '/tmp/x' })).toBe(path.resolve('/tmp/x'));
    expect(assayHome({})).toMatch(/[\\/]\.assay$/);
  });

  it('copies the example once into a git repository of its own, committed on main, without .assay', async () => {
    const dir = await ensureExampleProject({ home });
    expect(dir).toBe(path.join(home, 'examples', 'pharma-launch'));
    const git = simpleGit(dir);
    expect((await git.revparse(['--show-toplevel'])).trim()).toBe(dir);
    expect((await git.raw(['symbolic-ref', '--short', 'HEAD'])).trim()).toBe('main');
    expect((await git.log()).total).toBe(1);
    expect((await git.status()).isClean()).toBe(true);
    expect(await access(path.join(dir, '.assay')).then(() => true, () => false)).toBe(false);
    expect(await ensureExampleProject({ home })).toBe(dir);
    expect((await git.log()).total).toBe(1);
  });

  it('remembers opened projects, newest first, in a JSON file under the home', async () => {
    const workbench = new Workbench({ home, watch: false });
    try {
      const opened = await workbench.dispatch('openProject', { dir: path.join(home, 'examples', 'pharma-launch') });
      expect(opened.ok).toBe(true);
      const recent = await workbench.dispatch('recentProjects', {});
      expect(recent).toMatchObject({ ok: true, value: [{ dir: path.join(home, 'examples', 'pharma-launch'), name: 'pharma_launch' }] });
      await access(path.join(home, 'recent-projects.json'));
    } finally {
      await workbench.close();
    }
  });
});
