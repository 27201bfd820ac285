import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { buildEnvironment } from '../../electron/core/build/build-environment.js';
import { queryEnv } from '../helpers/env-reader.js';
import { writeTempProject } from '../helpers/temp-project.js';

const build = (projectRoot: string) => buildEnvironment({ projectRoot, env: 'local', branch: null, commit: null });

/** What a loader outside dbt does (octocatalog's el.py): write a table into the profile's DuckDB file. */
async function loadTable(file: string, sql: string): Promise<void> {
  const db = await DuckDBInstance.create(file);
  const conn = await db.connect();
  await conn.run(sql);
  conn.closeSync();
  db.closeSync();
}

const profile = (extra = '') => `shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: ./warehouse.duckdb\n${extra}`;

describe('sources that name a table of the profile’s DuckDB file', () => {
  it('are snapshotted from the file read-only, and again when the file changes', async () => {
    const root = await writeTempProject({
      'dbt_project.yml': 'name: shop\nprofile: shop\n',
      'profiles.yml': profile(),
      'models/sources.yml': 'sources:\n  - name: app\n    schema: raw\n    tables:\n      - name: events\n',
      'models/event_count.sql': "select count(*) as n from {{ source('app', 'events') }}",
    });
    await loadTable(path.join(root, 'warehouse.duckdb'), 'create schema raw; create table raw.events as select range as id from range(3)');
    expect((await build(root)).status).toBe('ok');
    expect(await queryEnv(root, 'local', 'select n from event_count')).toEqual([{ n: 3 }]);
    await loadTable(path.join(root, 'warehouse.duckdb'), 'insert into raw.events values (3), (4)');
    const again = await build(root);
    expect(again.nodes.find((n) => n.node === 'source:app.events')?.status).toBe('built');
    expect(await queryEnv(root, 'local', 'select n from event_count')).toEqual([{ n: 5 }]);
  });

  it('read an attach: database by the source’s database:, and name the file when it cannot be opened', async () => {
    const root = await writeTempProject({
      'dbt_project.yml': 'name: shop\nprofile: shop\n',
      'profiles.yml': profile('      attach:\n        - path: ./crm.duckdb\n          alias: crm\n'),
      'models/sources.yml': 'sources:\n  - name: crm\n    database: crm\n    schema: main\n    tables:\n      - name: customers\n',
      'models/c.sql': "select * from {{ source('crm', 'customers') }}",
    });
    const missing = await build(root);
    expect(missing.nodes.find((n) => n.node === 'source:crm.customers')?.error).toMatch(/source crm.customers: the profile's database .\/crm.duckdb cannot be opened read-only/);
    await loadTable(path.join(root, 'crm.duckdb'), "create table customers as select 'ada' as name");
    expect((await build(root)).status).toBe('ok');
    expect(await queryEnv(root, 'local', 'select name from c')).toEqual([{ name: 'ada' }]);
  });
});
