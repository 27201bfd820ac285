import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pull, push } from '../../electron/core/git/remote.js';
import { commitAll, isolateFromMachineConfig, makeRepo, porcelain, read, sh, tempDir, write } from './git-fixture.js';

beforeAll(isolateFromMachineConfig);

/** A repository pushed to a bare "remote" on disk, and a second clone of it (another analyst). */
async function withRemote() {
  const repo = await makeRepo();
  const remote = path.join(await tempDir(), 'remote.git');
  await sh(repo.dir, 'init', '-q', '--bare', '-b', 'main', remote);
  await sh(repo.dir, 'remote', 'add', 'origin', remote);
  const pushed = await push(repo);
  const cloneDir = path.join(await tempDir(), 'clone');
  await sh(repo.dir, 'clone', '-q', remote, cloneDir);
  const clone = { dir: cloneDir };
  await sh(cloneDir, 'config', 'user.name', 'Colleague');
  await sh(cloneDir, 'config', 'user.email', 'colleague@example.com');
  return { repo, remote, clone, pushed };
}

describe('push', () => {
  it('pushes the current branch and sets its upstream', async () => {
    const { repo, remote, pushed } = await withRemote();
    const head = await sh(repo.dir, 'rev-parse', 'HEAD');
    expect(pushed).toEqual({ ok: true, remote: 'origin', branch: 'main', commit: head });
    expect(await sh(remote, 'rev-parse', 'main')).toBe(head);
    expect(await sh(repo.dir, 'rev-parse', '--abbrev-ref', 'main@{upstream}')).toBe('origin/main');
  });

  it('pushes another branch by name', async () => {
    const { repo, remote } = await withRemote();
    await sh(repo.dir, 'branch', 'feature');
    expect(await push(repo, { branch: 'feature' })).toMatchObject({ ok: true, branch: 'feature' });
    expect(await sh(remote, 'branch', '--list', 'feature')).toContain('feature');
  });

  it('says when the remote has commits the branch has not', async () => {
    const { repo, clone } = await withRemote();
    await commitAll(clone, { 'theirs.sql': '1' }, 'theirs');
    await sh(clone.dir, 'push', '-q');
    await commitAll(repo, { 'ours.sql': '1' }, 'ours');
    expect(await push(repo)).toMatchObject({ ok: false, error: "origin refused 'main': it has commits that 'main' has not; pull first, then push" });
  });

  it('refuses with no remote, saying how to add one', async () => {
    const repo = await makeRepo();
    expect(await push(repo)).toMatchObject({ ok: false, code: 'no-remote', error: expect.stringContaining('git remote add origin <url>') });
  });

  it('refuses a detached HEAD, an unknown remote and a hostile branch name', async () => {
    const { repo } = await withRemote();
    expect(await push(repo, { remote: 'upstream' })).toMatchObject({ ok: false, code: 'no-remote', error: "there is no remote called 'upstream' (the remotes are origin)" });
    expect(await push(repo, { branch: '--force' })).toMatchObject({ ok: false, code: 'invalid-branch-name' });
    await sh(repo.dir, 'switch', '--detach', 'HEAD');
    expect(await push(repo)).toMatchObject({ ok: false, code: 'detached-head' });
  });
});

describe('pull', () => {
  it('fast-forwards to commits pushed by someone else', async () => {
    const { repo, clone } = await withRemote();
    const theirs = await commitAll(clone, { 'theirs.sql': 'select 1\n' }, 'theirs');
    await sh(clone.dir, 'push', '-q');
    expect(await pull(repo)).toEqual({ ok: true, kind: 'fast-forward', commit: theirs });
    expect(await read(repo, 'theirs.sql')).toBe('select 1\n');
  });

  it('merges when both sides moved, and reports conflicts file by file', async () => {
    const { repo, clone } = await withRemote();
    await commitAll(clone, { 'models/a.sql': 'theirs\n' }, 'theirs');
    await sh(clone.dir, 'push', '-q');
    await commitAll(repo, { 'models/a.sql': 'ours\n' }, 'ours');
    expect(await pull(repo)).toEqual({ ok: true, kind: 'conflict', files: ['models/a.sql'] });
  });

  it('fast-forward only: refuses diverged history, naming both sides, and changes nothing (issue 17)', async () => {
    const { repo, clone } = await withRemote();
    await commitAll(clone, { 'models/a.sql': 'theirs\n' }, 'theirs');
    await sh(clone.dir, 'push', '-q');
    const ours = await commitAll(repo, { 'models/b.sql': 'ours\n' }, 'ours');
    expect(await pull(repo, { fastForwardOnly: true })).toEqual({
      ok: false, code: 'diverged',
      error: "'main' has diverged from origin's 'main' (1 commit(s) here that origin has not, 1 there that 'main' has not); only a fast-forward is done here, so nothing was changed: push or drop the local commits first",
    });
    expect(await sh(repo.dir, 'rev-parse', 'HEAD')).toBe(ours);
    expect(await porcelain(repo)).toEqual([]);
  });

  it('is up to date when nothing new was pushed', async () => {
    const { repo } = await withRemote();
    expect(await pull(repo)).toMatchObject({ ok: true, kind: 'up-to-date' });
  });

  it('refuses with uncommitted changes, listing them', async () => {
    const { repo } = await withRemote();
    await write(repo, { 'models/a.sql': 'edited' });
    expect(await pull(repo)).toMatchObject({ ok: false, code: 'uncommitted-changes', files: ['models/a.sql'] });
    expect(await porcelain(repo)).toEqual([' M models/a.sql']);
  });

  it('refuses with no remote', async () => {
    const repo = await makeRepo();
    expect(await pull(repo)).toMatchObject({ ok: false, code: 'no-remote', error: expect.stringContaining('has none') });
  });

  it('says when the remote has no such branch', async () => {
    const { repo } = await withRemote();
    await sh(repo.dir, 'switch', '-q', '-c', 'local-only');
    expect(await pull(repo)).toMatchObject({ ok: false, code: 'unknown-branch', error: "origin has no branch 'local-only' to pull" });
  });
});
