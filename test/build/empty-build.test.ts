import { access } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { buildBranch } from '../../electron/core/build/build-branch.js';
import { assayPaths } from '../../electron/core/env/assay-paths.js';
import { queryEnv } from '../helpers/env-reader.js';
import { initCommittedRepo } from '../helpers/git-repo.js';
import { assay } from '../helpers/run-cli.js';
import { writeTempProject } from '../helpers/temp-project.js';

/** dbt's `--empty`: every model is built from zero input rows, so its shape is checked without its data. */
const project = {
  'dbt_project.yml': 'name: shop\nmodels:\n  shop:\n    +materialized: table\n',
  'lake/orders.csv': 'id,amount,customer\n1,10,ann\n2,20,bob\n3,30,ann\n',
  'seeds/customers.csv': 'customer,country\nann,FR\nbob,DE\n',
  'models/sources.yml': "sources:\n  - name: lake\n    tables:\n      - name: orders\n        meta: {external_location: 'lake/orders.csv'}\n",
  'models/stg_orders.sql': "{{ config(materialized='view') }}select id, amount::integer as amount, customer from {{ source('lake', 'orders') }}",
  'models/eph_customers.sql': "{{ config(materialized='ephemeral') }}select * from {{ ref('customers') }}",
  'models/revenue.sql': "select c.country, sum(o.amount) as revenue from {{ ref('stg_orders') }} o join {{ ref('eph_customers') }} c using (customer) group by 1",
  'models/events.sql': "{{ config(materialized='incremental', unique_key='id') }}select id, amount from {{ ref('stg_orders') }}{% if is_incremental() %} where id > (select max(id) from {{ this }}){% endif %}",
  'models/constant.sql': 'select 42 as answer',
};

describe('--empty', () => {
  it('builds every model with its columns and no rows, into an environment of its own, leaving the branch\'s alone', async () => {
    const root = await writeTempProject(project);
    await initCommittedRepo(root);
    const result = await buildBranch({ projectRoot: root, empty: true });
    expect(result.target.env).toBe('main^empty');
    expect(result.target.errors).toEqual([]);
    expect(result.target.status).toBe('ok');
    expect(await access(assayPaths(root).envFile('main')).then(() => true, () => false)).toBe(false);
    for (const model of ['stg_orders', 'revenue', 'events']) {
      expect(await queryEnv(root, 'main^empty', `select count(*)::integer as n from ${model}`)).toEqual([{ n: 0 }]);
    }
    // The same columns, of the same types, as a build with the data.
    const columns = "select table_name, column_name, data_type from information_schema.columns where table_name in ('stg_orders', 'revenue', 'events') order by all";
    expect((await queryEnv(root, 'main^empty', columns)).length).toBe(7);
    await buildBranch({ projectRoot: root });
    expect(await queryEnv(root, 'main^empty', columns)).toEqual(await queryEnv(root, 'main', columns));
    // Seeds are loaded as they are (as dbt does), and a model that reads nothing keeps its rows.
    expect(await queryEnv(root, 'main^empty', 'select count(*)::integer as n from customers')).toEqual([{ n: 2 }]);
    expect(await queryEnv(root, 'main^empty', 'select answer from constant')).toEqual([{ answer: 42 }]);
  });

  it('does not read the sources\' rows, and a normal build afterwards reuses none of its empty results', async () => {
    const root = await writeTempProject(project);
    await initCommittedRepo(root);
    const empty = await buildBranch({ projectRoot: root, empty: true });
    expect(empty.target.nodes.find((n) => n.node === 'source:lake.orders')).toMatchObject({ status: 'built', rows: 0 });
    const full = await buildBranch({ projectRoot: root });
    expect(full.target.env).toBe('main');
    expect(await queryEnv(root, 'main', 'select country, revenue::integer as revenue from revenue order by 1')).toEqual([{ country: 'DE', revenue: 20 }, { country: 'FR', revenue: 40 }]);
    expect(await queryEnv(root, 'main', 'select count(*)::integer as n from events')).toEqual([{ n: 3 }]);
    const again = await buildBranch({ projectRoot: root, empty: true });
    expect(again.target.status).toBe('up-to-date');
    expect(await queryEnv(root, 'main^empty', 'select count(*)::integer as n from events')).toEqual([{ n: 0 }]);
  });

  it('fails a model whose SQL does not bind, naming it, without any data', async () => {
    const root = await writeTempProject({ ...project, 'models/broken.sql': "select no_such_column from {{ ref('stg_orders') }}" });
    await initCommittedRepo(root);
    const result = await buildBranch({ projectRoot: root, empty: true });
    expect(result.target.status).toBe('failed');
    expect(result.target.nodes.find((n) => n.node === 'broken')).toMatchObject({ status: 'failed', error: expect.stringMatching(/no_such_column/) });
  });

  it('is a flag of assay build, run and seed', async () => {
    const root = await writeTempProject(project);
    await initCommittedRepo(root);
    const seed = await assay(['seed', '--empty', '--project', root]);
    expect(seed.stderr).toMatch(/main\^empty: ok/);
    const run = await assay(['run', '--empty', '--project', root]);
    expect(run.stderr).toMatch(/main\^empty: ok \(\d+ built, \d+ reused, 0 failed, 0 skipped/);
    expect(run.code).toBe(0);
    const build = await assay(['build', '--empty', '--project', root, '--json']);
    expect(JSON.parse(build.stdout)).toMatchObject({ target: { env: 'main^empty', status: 'up-to-date' } });
  });

  it('builds a Python model as the empty table of its declared columns, and reports one it cannot shape', async () => {
    const python = {
      ...project,
      'models/scores.py': 'def model(dbt, session):\n    return session.sql("select 1")\n',
      'models/untyped.py': 'def model(dbt, session):\n    return None\n',
      'models/python.yml': 'models:\n  - name: scores\n    columns:\n      - {name: customer, data_type: VARCHAR}\n      - {name: score, data_type: "DECIMAL(6, 2)"}\n  - name: untyped\n    columns:\n      - {name: id}\n',
      'models/top_scores.sql': "select customer, max(score) as best from {{ ref('scores') }} group by 1",
    };
    const root = await writeTempProject(python);
    await initCommittedRepo(root);
    const empty = await buildBranch({ projectRoot: root, empty: true });
    expect(empty.target.nodes.find((n) => n.node === 'top_scores')).toMatchObject({ status: 'built', rows: 0 });
    expect(await queryEnv(root, 'main^empty', "select column_name, data_type from information_schema.columns where table_name = 'scores' order by ordinal_position")).toEqual([
      { column_name: 'customer', data_type: 'VARCHAR' },
      { column_name: 'score', data_type: 'DECIMAL(6,2)' },
    ]);
    expect(empty.target.errors).toEqual(expect.arrayContaining([
      expect.objectContaining({ file: 'models/scores.py', severity: 'warning', message: expect.stringMatching(/Python model: --empty builds it as an empty table of its 2 declared column/) }),
      expect.objectContaining({ file: 'models/untyped.py', severity: 'error', message: expect.stringMatching(/declare every column's data_type/) }),
    ]));
    expect(empty.target.status).toBe('failed');
    // Without --empty a Python model never builds: its code would have to run.
    const full = await buildBranch({ projectRoot: root });
    expect(full.target.nodes.find((n) => n.node === 'scores')).toMatchObject({ status: 'failed' });
    expect(full.target.nodes.find((n) => n.node === 'top_scores')).toMatchObject({ status: 'skipped' });
  });
});
