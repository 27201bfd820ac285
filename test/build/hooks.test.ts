import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildEnvironment } from '../../electron/core/build/build-environment.js';
import { queryEnv } from '../helpers/env-reader.js';
import { minimalProject, writeTempProject } from '../helpers/temp-project.js';

const build = (projectRoot: string) => buildEnvironment({ projectRoot, env: 'local', branch: null, commit: null });
const statusOf = (summary: { nodes: { node: string; status: string; error?: string }[] }) => Object.fromEntries(summary.nodes.map((n) => [n.node, n.status]));

describe('hooks', () => {
  it('run pre- and post-hooks in order with the node as {{ this }}, from folder config, YAML and config()', async () => {
    const root = await writeTempProject({
      'dbt_project.yml': [
        'name: demo',
        'on-run-start: "create table run_log (what varchar)"',
        'on-run-end: ["insert into run_log values (\'end\')"]',
        'models:',
        '  demo:',
        '    +materialized: table',
        '    +pre-hook: "insert into run_log values (\'folder pre\')"',
      ].join('\n'),
      'models/orders.sql': "{{ config(post_hook=[\"insert into run_log select 'post ' || count(*) from {{ this }}\"]) }}select 1 as id union all select 2",
    });
    const summary = await build(root);
    expect(summary.status).toBe('ok');
    expect(await queryEnv(root, 'local', 'select what from run_log')).toEqual([{ what: 'folder pre' }, { what: 'post 2' }, { what: 'end' }]);
  });

  it('a hook whose SQL fails fails its node, named, and leaves the previous environment intact', async () => {
    const root = await writeTempProject({ ...minimalProject, 'models/a.sql': 'select 1 as id', 'models/b.sql': 'select 2 as id' });
    expect((await build(root)).status).toBe('ok');
    await writeFile(path.join(root, 'models/a.sql'), "{{ config(pre_hook='select * from no_such_table') }}select 10 as id");
    const broken = await build(root);
    expect(statusOf(broken)).toEqual({ a: 'failed', b: 'reused' });
    expect(broken.nodes.find((n) => n.node === 'a')?.error).toMatch(/models\/a.sql: pre-hook 1 of 1 failed: .*no_such_table.*\(in: select \* from no_such_table\)/s);
    expect(await queryEnv(root, 'local', 'select id from b')).toEqual([{ id: 2 }]);
  });

  it('a failing on-run-start builds nothing and says why; a failing on-run-end fails the build', async () => {
    const start = await writeTempProject({ 'dbt_project.yml': 'name: demo\non-run-start: "select * from nowhere"\n', 'models/a.sql': 'select 1 as id' });
    const notRun = await build(start);
    expect(notRun.status).toBe('failed');
    expect(notRun.nodes).toEqual([expect.objectContaining({ node: 'a', status: 'skipped', error: expect.stringMatching(/on-run-start hook 1 of 1 failed/) })]);
    const end = await writeTempProject({ 'dbt_project.yml': 'name: demo\non-run-end: "select * from nowhere"\n', 'models/a.sql': 'select 1 as id' });
    const ended = await build(end);
    expect(ended.status).toBe('failed');
    expect(ended.errors).toEqual([expect.objectContaining({ file: 'dbt_project.yml', message: expect.stringMatching(/on-run-end hook 1 of 1 failed/) })]);
  });
});
