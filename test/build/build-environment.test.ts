import { appendFile, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BuildEvent } from '../../shared/build-types.js';
import { buildBranch } from '../../electron/core/build/build-branch.js';
import { buildEnvironment } from '../../electron/core/build/build-environment.js';
import { assayPaths } from '../../electron/core/env/assay-paths.js';
import { lockEnvironment } from '../../electron/core/env/env-lock.js';
import { queryEnv } from '../helpers/env-reader.js';
import { initCommittedRepo } from '../helpers/git-repo.js';
import { copyFixture, minimalProject, writeTempProject } from '../helpers/temp-project.js';

const statusOf = (summary: { nodes: { node: string; status: string }[] }) => Object.fromEntries(summary.nodes.map((n) => [n.node, n.status]));

function build(projectRoot: string, extra: Partial<Parameters<typeof buildEnvironment>[0]> = {}) {
  return buildEnvironment({ projectRoot, env: 'local', branch: null, commit: null, ...extra });
}

describe('building an environment', () => {
  it('builds a dbt-duckdb project in the jaffle-shop style unmodified', async () => {
    const root = await copyFixture('jaffle-shop');
    const summary = await build(root);
    expect(summary.errors.filter((e) => !e.message.startsWith('models:'))).toEqual([]);
    expect(summary.status).toBe('ok');
    const [customers] = await queryEnv(root, 'local', 'select count(*) as n from customers');
    expect(Number(customers?.n)).toBeGreaterThan(0);
    const orders = await queryEnv(root, 'local', 'select * from orders limit 1');
    expect(Object.keys(orders[0] ?? {})).toEqual(expect.arrayContaining(['credit_card_amount', 'coupon_amount', 'bank_transfer_amount', 'gift_card_amount']));
  });

  it('materializes views, tables, seeds and ephemeral models, and streams per-node events', async () => {
    const root = await writeTempProject({
      ...minimalProject,
      'seeds/countries.csv': 'code,name\nFR,France\nDE,Germany\n',
      'models/stg.sql': "{{ config(materialized='view') }}select code, upper(name) as name from {{ ref('countries') }}",
      'models/eph.sql': "{{ config(materialized='ephemeral') }}select code from {{ ref('stg') }} where code <> 'DE'",
      'models/final.sql': "select s.* from {{ ref('stg') }} s join {{ ref('eph') }} e using (code)",
    });
    const events: BuildEvent[] = [];
    const summary = await build(root, { onEvent: (e) => events.push(e) });
    expect(statusOf(summary)).toEqual({ countries: 'built', stg: 'built', eph: 'built', final: 'built' });
    expect(summary.nodes.find((n) => n.node === 'final')?.rows).toBe(1);
    expect(await queryEnv(root, 'local', 'select * from final')).toEqual([{ code: 'FR', name: 'FRANCE' }]);
    const finalEvents = events.filter((e) => e.type === 'node' && e.node === 'final').map((e) => e.type === 'node' && e.status);
    expect(finalEvents).toEqual(['queued', 'started', 'built']);
  });

  it('rebuilds nothing the second time, and only an edited model and its descendants after an edit', async () => {
    const root = await writeTempProject({
      ...minimalProject,
      'models/a.sql': 'select 1 as id',
      'models/b.sql': "select id + 1 as id from {{ ref('a') }}",
      'models/c.sql': "select id * 10 as id from {{ ref('b') }}",
      'models/other.sql': 'select 42 as answer',
    });
    await build(root);
    const again = await build(root);
    expect(again.status).toBe('up-to-date');
    await writeFile(path.join(root, 'models/b.sql'), "select id + 2 as id from {{ ref('a') }}");
    const edited = await build(root);
    expect(statusOf(edited)).toEqual({ a: 'reused', b: 'built', c: 'built', other: 'reused' });
    expect(await queryEnv(root, 'local', 'select id from c')).toEqual([{ id: 30 }]);
  });

  it('builds independent models when one has a SQL error, and skips its descendants', async () => {
    const root = await writeTempProject({
      ...minimalProject,
      'models/good.sql': 'select 1 as id',
      'models/bad.sql': 'select no_such_column from {{ ref("good") }}',
      'models/after_bad.sql': 'select * from {{ ref("bad") }}',
      'models/independent.sql': 'select 2 as id',
    });
    const summary = await build(root);
    expect(summary.status).toBe('failed');
    expect(statusOf(summary)).toEqual({ good: 'built', bad: 'failed', after_bad: 'skipped', independent: 'built' });
    const bad = summary.nodes.find((n) => n.node === 'bad');
    expect(bad?.error).toMatch(/^models\/bad.sql: .*no_such_column/);
    expect(await queryEnv(root, 'local', 'select id from independent')).toEqual([{ id: 2 }]);
  });

  it('reports a seed CSV that does not parse with its file and line', async () => {
    const root = await writeTempProject({
      ...minimalProject,
      'seeds/broken.csv': 'id,amount\n1,10\n2,20\n3,30,oops\n4,40\n',
    });
    const summary = await build(root);
    const seed = summary.nodes.find((n) => n.node === 'broken');
    expect(seed?.status).toBe('failed');
    expect(seed?.error).toMatch(/^seeds\/broken.csv: /);
    expect(seed?.error).toMatch(/^seeds\/broken.csv: line 4: Invalid Record Length/);
  });

  it('appends to an incremental model, and replaces rows by unique_key', async () => {
    const root = await writeTempProject({
      ...minimalProject,
      'seeds/events.csv': 'id,value\n1,a\n2,b\n',
      'models/events_inc.sql': [
        "{{ config(materialized='incremental', unique_key='id') }}",
        "select id, value from {{ ref('events') }}",
        '{% if is_incremental() %}where id >= (select max(id) from {{ this }}){% endif %}',
      ].join('\n'),
    });
    await build(root);
    await writeFile(path.join(root, 'seeds/events.csv'), 'id,value\n1,a\n2,B\n3,c\n');
    const summary = await build(root);
    expect(statusOf(summary).events_inc).toBe('built');
    expect(await queryEnv(root, 'local', 'select id, value from events_inc order by id')).toEqual([
      { id: 1, value: 'a' }, { id: 2, value: 'B' }, { id: 3, value: 'c' },
    ]);
  });

  it('refuses to build an environment another build holds, naming the holder', async () => {
    const root = await writeTempProject({ ...minimalProject, 'models/a.sql': 'select 1 as id' });
    const release = await lockEnvironment(assayPaths(root).lockFile('local'), 'local');
    try {
      await expect(build(root)).rejects.toThrow(new RegExp(`environment 'local' is locked by another build \\(pid ${process.pid}`));
    } finally {
      await release();
    }
  });

  it('takes over a lock left by a process that died', async () => {
    const root = await writeTempProject({ ...minimalProject, 'models/a.sql': 'select 1 as id' });
    const lockFile = assayPaths(root).lockFile('local');
    await build(root);
    await writeFile(lockFile, JSON.stringify({ pid: 999_999_999, host: (await import('node:os')).hostname(), startedAt: 'then' }));
    await writeFile(path.join(root, 'models/a.sql'), 'select 2 as id');
    expect((await build(root)).status).toBe('ok');
  });

  it('says so and rebuilds when the environment file is corrupt, keeping the damaged file', async () => {
    const root = await writeTempProject({ ...minimalProject, 'models/a.sql': 'select 1 as id' });
    await build(root);
    const envFile = assayPaths(root).envFile('local');
    await writeFile(envFile, 'this is not a duckdb file');
    const summary = await build(root);
    expect(summary.status).toBe('ok');
    expect(summary.errors.find((e) => e.message.includes('could not be read'))?.message).toMatch(/moved it to .*corrupt-/);
    expect(await queryEnv(root, 'local', 'select id from a')).toEqual([{ id: 1 }]);
  });

  it('keeps the previous environment readable when a build is cancelled', async () => {
    const root = await writeTempProject({ ...minimalProject, 'models/a.sql': 'select 1 as id' });
    await build(root);
    await writeFile(path.join(root, 'models/a.sql'), 'select sum(x.range) as id from range(1000000000) x, range(100) y');
    const controller = new AbortController();
    const summary = await build(root, {
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'node' && e.node === 'a' && e.status === 'started') setImmediate(() => controller.abort());
      },
    });
    expect(summary.status).toBe('cancelled');
    expect(await queryEnv(root, 'local', 'select id from a')).toEqual([{ id: 1 }]);
  });

  it('selects nodes with dbt selectors and keeps the others', async () => {
    const root = await writeTempProject({
      ...minimalProject,
      'models/a.sql': 'select 1 as id',
      'models/b.sql': "select id from {{ ref('a') }}",
      'models/z.sql': 'select 9 as id',
    });
    await build(root);
    await appendFile(path.join(root, 'models/z.sql'), ' union all select 10');
    await appendFile(path.join(root, 'models/a.sql'), ' union all select 2');
    const summary = await build(root, { select: ['a+'] });
    expect(statusOf(summary)).toEqual({ a: 'built', b: 'built', z: 'carried' });
    expect(await queryEnv(root, 'local', 'select count(*)::int as n from z')).toEqual([{ n: 1 }]);
    await expect(build(root, { select: ['nope'] })).rejects.toThrow("--select 'nope' matches no node");
  });
});

describe('building branches', () => {
  it('refuses a branch name git would refuse, before reaching git', async () => {
    const root = await copyFixture('jaffle-shop');
    // A real repository, so that the refusal is the name check and not "no git repository here".
    await initCommittedRepo(root);
    await expect(buildBranch({ projectRoot: root, branch: '--upload-pack=evil' })).rejects.toThrow(/^invalid branch name '--upload-pack=evil': /);
    expect(await readFile(path.join(root, 'dbt_project.yml'), 'utf8')).toContain('name:');
    expect(await readdir(path.join(root, '.assay')).catch(() => [])).toEqual([]);
  });
});
