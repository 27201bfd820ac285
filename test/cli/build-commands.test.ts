import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BranchBuild } from '../../electron/core/build/build-branch.js';
import { assayPaths } from '../../electron/core/env/assay-paths.js';
import { initCommittedRepo } from '../helpers/git-repo.js';
import { assay } from '../helpers/run-cli.js';
import { minimalProject, writeTempProject } from '../helpers/temp-project.js';

const pkg = JSON.parse(await readFile('package.json', 'utf8')) as { version: string };

const threeModels = {
  ...minimalProject,
  'models/orders.sql': 'select 1 as id, 10 as amount',
  'models/totals.sql': "select sum(amount) as total from {{ ref('orders') }}",
  'models/lonely.sql': "{{ config(materialized='view') }}\nselect 'x' as name",
};

describe('assay build, compile, ls (as a user runs them)', () => {
  it('prints its version', async () => {
    const run = await assay(['--version']);
    expect(run).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
  });

  it('builds, then has nothing to do; plain progress lines when not on a terminal; --json on stdout', async () => {
    const root = await writeTempProject(threeModels);
    const first = await assay(['build', '--project', root]);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/built\s+orders/);
    expect(first.stderr).toMatch(/local: ok \(3 built, 0 reused, 0 failed, 0 skipped\)/);
    expect(first.stderr).not.toMatch(/\x1b\[/);

    const again = await assay(['build', '--project', root, '--json']);
    expect(again.code).toBe(0);
    const summary = JSON.parse(again.stdout) as BranchBuild;
    expect(summary.target.status).toBe('up-to-date');
    expect(summary.target.nodes.map((n) => `${n.node}:${n.status}`).sort()).toEqual(['lonely:reused', 'orders:reused', 'totals:reused']);
  });

  it('exits 1 when a model fails: the independent one builds, the descendant is skipped', async () => {
    const root = await writeTempProject({ ...threeModels, 'models/orders.sql': 'select 1 as id, 10 as amount from no_such_table' });
    const run = await assay(['build', '--project', root]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/models\/orders\.sql: .*no_such_table/);
    expect(run.stderr).toMatch(/local: failed \(1 built, 0 reused, 1 failed, 1 skipped\)/);
  });

  it('exits 2 on a folder that is not a project, a bad branch name, an unknown option', async () => {
    const empty = await mkdtemp(path.join(tmpdir(), 'assay-empty-'));
    const notProject = await assay(['build', '--project', empty]);
    expect(notProject.code).toBe(2);
    expect(notProject.stderr).toContain('dbt_project.yml');

    const root = await writeTempProject(threeModels);
    await initCommittedRepo(root);
    const badBranch = await assay(['build', '--project', root, '--branch', 'feature..x']);
    expect(badBranch.code).toBe(2);
    expect(badBranch.stderr).toMatch(/invalid branch name 'feature\.\.x'/);

    const unknown = await assay(['build', '--no-such-flag']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown option '--no-such-flag'/);
  });

  it('exits 1 when another live process holds the environment lock, naming it', async () => {
    const root = await writeTempProject(threeModels);
    const lock = assayPaths(root).lockFile('local');
    await mkdir(path.dirname(lock), { recursive: true });
    await writeFile(lock, JSON.stringify({ pid: process.pid, host: hostname(), startedAt: '2026-11-23T10:00:00Z' }));
    const run = await assay(['build', '--project', root]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`environment 'local' is locked by another build \\(pid ${process.pid}`));
  });

  it('compiles one model to the SQL it runs', async () => {
    const root = await writeTempProject(threeModels);
    const run = await assay(['compile', '--project', root, '--select', 'totals']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/select sum\(amount\) as total from "orders"/);
    expect(run.stdout).not.toContain('lonely');
  });

  it('lists nodes with kind, materialization, fingerprint and what the last build did', async () => {
    const root = await writeTempProject(threeModels);
    expect((await assay(['build', '--project', root])).code).toBe(0);
    await writeFile(path.join(root, 'models/totals.sql'), "select sum(amount) * 2 as total from {{ ref('orders') }}");
    const run = await assay(['ls', '--project', root, '--json']);
    expect(run.code).toBe(0);
    const listed = JSON.parse(run.stdout) as { env: string; nodes: { node: string; kind: string; materialization: string; fingerprint: string; last_build: string }[] };
    expect(listed.env).toBe('local');
    expect(listed.nodes.map((n) => [n.node, n.kind, n.materialization, n.last_build])).toEqual([
      ['lonely', 'model', 'view', 'rebuilt'],
      ['orders', 'model', 'table', 'rebuilt'],
      ['totals', 'model', 'table', 'stale (built)'],
    ]);
    expect(listed.nodes.every((n) => /^[0-9a-f]{12}$/.test(n.fingerprint))).toBe(true);
    const table = await assay(['ls', '--project', root]);
    expect(table.stdout.split('\n')[0]).toMatch(/^node\s+kind\s+materialization\s+fingerprint\s+last build \(local\)/);
  });
});
