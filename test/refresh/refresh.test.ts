import { readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RefreshRecord } from '../../shared/refresh-types.js';
import { assayPaths } from '../../electron/core/env/assay-paths.js';
import { refreshFiles } from '../../electron/core/refresh/refresh-files.js';
import { RefreshLog } from '../../electron/core/refresh/refresh-log.js';
import { runRefresh } from '../../electron/core/refresh/run-refresh.js';
import { isolateFromMachineConfig, sh } from '../git/git-fixture.js';
import { queryEnv } from '../helpers/env-reader.js';
import { assay } from '../helpers/run-cli.js';
import { colleaguePushes, deliver, shopWithRemote, statuses } from './refresh-fixture.js';

beforeAll(isolateFromMachineConfig);

const step = (record: RefreshRecord, name: string) => record.steps.find((s) => s.step === name);

/** `assay refresh --json` as a scheduler runs it: its exit code and its summary. */
async function refreshCli(root: string, ...args: string[]): Promise<{ code: number; summary: RefreshRecord & { exitCode: number }; stderr: string }> {
  const out = await assay(['refresh', '--project', root, '--json', ...args]);
  return { code: out.code, summary: out.stdout ? JSON.parse(out.stdout) : null, stderr: out.stderr };
}

describe('assay refresh (issue 17)', () => {
  it('pulls, builds, tests and publishes on a green gate, and says so in JSON, in both logs and with exit 0', async () => {
    const repo = await shopWithRemote();
    const { code, summary } = await refreshCli(repo.root, '--publish');
    expect(code).toBe(0);
    expect(summary).toMatchObject({ verdict: 'ok', exitCode: 0, branch: 'main', env: 'main' });
    expect(statuses(summary)).toEqual({ pull: 'unchanged', deps: 'skipped', build: 'ok', test: 'ok', publish: 'ok' });
    expect(step(summary, 'pull')?.message).toBe(`'main' is up to date with origin (${repo.remote})`);
    expect(step(summary, 'build')?.counts).toMatchObject({ built: 2, failed: 0 });
    expect(step(summary, 'test')?.counts).toMatchObject({ pass: 2, fail: 0, error: 0 });
    const published = path.join(assayPaths(repo.root).dir, 'published');
    expect(summary.published).toMatchObject({ outDir: published, commit: summary.commit, envFingerprint: summary.envFingerprint, byRefresh: summary.id });
    const manifest = JSON.parse(await readFile(path.join(published, 'orders', 'manifest.json'), 'utf8'));
    expect(manifest.commit).toBe(summary.commit);

    const log = await new RefreshLog(repo.root).read();
    expect(log.refreshes.map((r) => r.id)).toEqual([summary.id]);
    const text = await readFile(refreshFiles(repo.root).text, 'utf8');
    expect(text.split('\n')[0]).toBe(`${summary.startedAt}  ${summary.message}`);
    expect(text).toContain(`  publish  ok `);
  });

  it('builds the commit a pull brings', async () => {
    const repo = await shopWithRemote();
    await runRefresh({ projectRoot: repo.root });
    const theirs = await colleaguePushes(repo, { 'models/orders.sql': "select id, amount, amount * 2 as doubled from {{ source('lake', 'orders') }}\n" }, 'doubled amounts');
    const record = await runRefresh({ projectRoot: repo.root });
    expect(statuses(record)).toMatchObject({ pull: 'ok', build: 'ok', test: 'ok' });
    expect(step(record, 'pull')).toMatchObject({ counts: { commits: 1 }, message: expect.stringContaining(`to ${theirs.slice(0, 8)}: 1 commit(s) from origin`) });
    expect(record.commit).toBe(theirs);
    expect(await queryEnv(repo.root, 'main', 'select sum(doubled)::int as d from orders')).toEqual([{ d: 60 }]);
  });

  it('is idempotent: with nothing new it reuses everything and does not publish again; a new delivery is built and published', async () => {
    const repo = await shopWithRemote();
    const first = await runRefresh({ projectRoot: repo.root, publish: true });
    const manifestFile = path.join(assayPaths(repo.root).dir, 'published', 'orders', 'manifest.json');
    const written = await readFile(manifestFile, 'utf8');

    const second = await runRefresh({ projectRoot: repo.root, publish: true });
    expect(statuses(second)).toEqual({ pull: 'unchanged', deps: 'skipped', build: 'unchanged', test: 'ok', publish: 'unchanged' });
    expect(step(second, 'build')?.counts).toMatchObject({ built: 0, reused: 2 });
    expect(step(second, 'publish')?.message).toContain(`nothing new: commit ${first.commit?.slice(0, 8)}`);
    expect(second.published).toEqual(first.published);
    expect(await readFile(manifestFile, 'utf8')).toBe(written);

    await deliver(repo.root, '2024-02', [[3, 30]]);
    const third = await runRefresh({ projectRoot: repo.root, publish: true });
    expect(statuses(third)).toMatchObject({ build: 'ok', publish: 'ok' });
    expect(third.envFingerprint).not.toBe(first.envFingerprint);
    expect(third.published?.byRefresh).toBe(third.id);

    // Published again by hand since: the refresh's publication no longer stands, so it publishes.
    await writeFile(manifestFile, written.replace(/"published_at": "[^"]+"/, '"published_at": "2000-01-01T00:00:00.000Z"'));
    expect(statuses(await runRefresh({ projectRoot: repo.root, publish: true })).publish).toBe('ok');
  });

  it('a failing test exits 1 and publishes nothing', async () => {
    const repo = await shopWithRemote();
    await deliver(repo.root, '2024-02', [[2, 25]]);
    const { code, summary } = await refreshCli(repo.root, '--publish');
    expect(code).toBe(1);
    expect(summary.verdict).toBe('failed');
    expect(statuses(summary)).toMatchObject({ build: 'ok', test: 'failed', publish: 'not-run' });
    expect(step(summary, 'test')?.reasons?.[0]).toMatch(/^unique\.orders\.id \(fail\)/);
    expect(summary.published).toBeNull();
    await expect(readFile(path.join(assayPaths(repo.root).dir, 'published', 'orders', 'manifest.json'))).rejects.toThrow(/ENOENT/);
  });

  it('the gate saying no-go (a required sign-off is missing) exits 3 and publishes nothing, even with --publish', async () => {
    const repo = await shopWithRemote({ 'dbt_project.yml': 'name: shop\nversion: 1\nmodels:\n  shop:\n    +materialized: table\nassay:\n  require_signoff: true\n' });
    const { code, summary } = await refreshCli(repo.root, '--publish');
    expect(code).toBe(3);
    expect(summary.verdict).toBe('no-go');
    expect(statuses(summary)).toMatchObject({ test: 'ok', publish: 'no-go' });
    expect(step(summary, 'publish')?.reasons).toEqual([expect.stringMatching(/^signoff: commit [0-9a-f]{10} has no sign-off/)]);
    expect(summary.published).toBeNull();
    await expect(readFile(path.join(assayPaths(repo.root).dir, 'published', 'orders', 'manifest.json'))).rejects.toThrow(/ENOENT/);
  });

  it('refuses to run while another refresh holds the lock (exit 5, naming its pid and start), and takes over the lock of a dead one', async () => {
    const repo = await shopWithRemote();
    const lock = refreshFiles(repo.root).lock;
    const { lockRefresh } = await import('../../electron/core/refresh/refresh-lock.js');
    const held = await lockRefresh(repo.root);
    const owner = JSON.parse(await readFile(lock, 'utf8'));
    try {
      const out = await assay(['refresh', '--project', repo.root]);
      expect(out.code).toBe(5);
      expect(out.stderr).toContain(`another refresh of this project is running (pid ${process.pid} on ${hostname()}, started ${owner.startedAt})`);
      const json = await refreshCli(repo.root);
      expect(json.code).toBe(5);
      expect(json.summary).toMatchObject({ verdict: 'busy', exitCode: 5, holder: { pid: process.pid, startedAt: owner.startedAt } });
    } finally {
      await held.release();
    }
    expect((await new RefreshLog(repo.root).read()).refreshes).toEqual([]);

    const dead = await deadPid();
    await writeFile(lock, JSON.stringify({ pid: dead, host: hostname(), startedAt: '2026-01-01T00:00:00.000Z' }));
    const record = await runRefresh({ projectRoot: repo.root });
    expect(record.verdict).toBe('ok');
    expect(record.notes).toEqual([`took over the refresh lock of pid ${dead}, started 2026-01-01T00:00:00.000Z, which is no longer running`]);
    await expect(readFile(lock)).rejects.toThrow(/ENOENT/);
  });

  it('a pull that cannot fast-forward stops the refresh with exit 4, naming the remote, and builds nothing', async () => {
    const repo = await shopWithRemote();
    await colleaguePushes(repo, { 'models/theirs.sql': 'select 1 as x\n' }, 'theirs');
    await writeFile(path.join(repo.root, 'models/ours.sql'), 'select 2 as y\n');
    await sh(repo.root, 'add', '-A');
    await sh(repo.root, 'commit', '-q', '-m', 'ours');
    const ours = await sh(repo.root, 'rev-parse', 'HEAD');
    const { code, summary } = await refreshCli(repo.root);
    expect(code).toBe(4);
    expect(summary.verdict).toBe('pull-failed');
    expect(statuses(summary)).toEqual({ pull: 'failed', deps: 'not-run', build: 'not-run', test: 'not-run', publish: 'not-run' });
    expect(step(summary, 'pull')?.message).toBe(
      `pulling 'main' from origin (${repo.remote}) failed: 'main' has diverged from origin's 'main' (1 commit(s) here that origin has not, 1 there that 'main' has not); only a fast-forward is done here, so nothing was changed: push or drop the local commits first`,
    );
    expect(await sh(repo.root, 'rev-parse', 'HEAD')).toBe(ours);
    await expect(readFile(assayPaths(repo.root).envFile('main'))).rejects.toThrow(/ENOENT/);
  });

  it('an unreachable remote stops the refresh with exit 4, naming it and its URL', async () => {
    const repo = await shopWithRemote();
    const gone = path.join(path.dirname(repo.remote), 'moved-away.git');
    await sh(repo.root, 'remote', 'set-url', 'origin', gone);
    const { code, summary } = await refreshCli(repo.root);
    expect(code).toBe(4);
    expect(step(summary, 'pull')?.message).toMatch(new RegExp(`^pulling 'main' from origin \\(${gone.replaceAll('.', '\\.')}\\) failed: fetching 'main' from origin failed: `));
    expect(step(summary, 'build')?.status).toBe('not-run');
  });

  it('--branch refuses (exit 2, nothing logged) when another branch is checked out', async () => {
    const repo = await shopWithRemote();
    await sh(repo.root, 'switch', '-q', '-c', 'feature');
    const out = await assay(['refresh', '--project', repo.root, '--branch', 'main']);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain("--branch main: 'feature' is checked out");
    expect((await new RefreshLog(repo.root).read()).refreshes).toEqual([]);
  });
});

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid as number;
}
