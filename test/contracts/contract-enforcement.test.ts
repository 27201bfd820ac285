import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildEnvironment } from '../../electron/core/build/build-environment.js';
import { queryEnv } from '../helpers/env-reader.js';
import { minimalProject, writeTempProject } from '../helpers/temp-project.js';

const build = (projectRoot: string) => buildEnvironment({ projectRoot, env: 'local', branch: null, commit: null });
const nodeOf = (summary: Awaited<ReturnType<typeof build>>, id: string) => summary.nodes.find((n) => n.node === id);

/** A project whose model `orders` (a table unless said otherwise) has the contract `columns` and a child `report`. */
function contracted(sql: string, columns: string, extra: Record<string, string> = {}) {
  return writeTempProject({
    ...minimalProject,
    'models/orders.sql': sql,
    'models/report.sql': "select count(*) as n from {{ ref('orders') }}",
    'models/schema.yml': `version: 2
models:
  - name: orders
    config:
      contract:
        enforced: true
    columns:
${columns}`,
    ...extra,
  });
}

const orderColumns = `      - name: order_id
        data_type: int
        constraints:
          - type: not_null
          - type: primary_key
      - name: amount
        data_type: numeric(10,2)
        constraints:
          - type: check
            expression: "amount >= 0"
      - name: placed_at
        data_type: datetime
      - name: channel
        data_type: text
`;

const goodSql = "select 1::integer as order_id, 12.50::decimal(10,2) as amount, timestamp '2024-01-02 10:00:00' as placed_at, 'web' as channel\nunion all select 2, 3.00, timestamp '2024-01-03 11:00:00', 'shop'";

describe('model contracts at build time (issue 15)', () => {
  it('builds a model whose SQL matches its contract, type aliases resolved by DuckDB (int, numeric(p,s), datetime, text)', async () => {
    const root = await contracted(goodSql, orderColumns);
    const summary = await build(root);
    expect(summary.errors).toEqual([]);
    expect(summary.status).toBe('ok');
    expect(nodeOf(summary, 'orders')).toMatchObject({ status: 'built', rows: 2 });
    expect(await queryEnv(root, 'local', 'select n from report')).toEqual([{ n: 2 }]);
  });

  it('fails the node on a type mismatch, a column missing from the SQL and one missing from the contract, in one table naming each; downstream is skipped', async () => {
    const root = await contracted("select 1::bigint as order_id, 12.5::double as amount, timestamp '2024-01-02' as placed_at, 'x' as source_system", orderColumns);
    const summary = await build(root);
    expect(summary.status).toBe('failed');
    const orders = nodeOf(summary, 'orders');
    expect(orders?.status).toBe('failed');
    const error = orders?.error ?? '';
    expect(error).toContain('orders has an enforced contract that failed');
    const rows = error.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| column_name') && !l.startsWith('| ---')).map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));
    expect(rows).toEqual([
      ['order_id', 'BIGINT', 'INTEGER', 'data type mismatch', 'models/schema.yml:9'],
      ['amount', 'DOUBLE', 'DECIMAL(10,2)', 'data type mismatch', 'models/schema.yml:14'],
      ['channel', '', 'VARCHAR', 'missing in definition', 'models/schema.yml:21'],
      ['source_system', 'VARCHAR', '', 'missing in contract', ''],
    ]);
    expect(nodeOf(summary, 'report')).toMatchObject({ status: 'skipped', error: 'not built: upstream node orders failed' });
  });

  it('names a type DuckDB does not know, with its file and line', async () => {
    const root = await contracted(goodSql, orderColumns.replace('data_type: text', 'data_type: textish'));
    const summary = await build(root);
    const error = nodeOf(summary, 'orders')?.error ?? '';
    expect(nodeOf(summary, 'orders')?.status).toBe('failed');
    expect(error).toContain("channel: data_type 'textish' (models/schema.yml:21) is not a type DuckDB knows");
    expect(error).toContain('Type with name textish does not exist');
  });

  it('refuses a type text that would end the cast and run more SQL', async () => {
    const root = await contracted(goodSql, orderColumns.replace('data_type: text', 'data_type: "text) as x; drop table report; select (1"'));
    const summary = await build(root);
    expect(nodeOf(summary, 'orders')?.error).toContain('a type name cannot hold ";"');
  });

  it('fails a table whose rows break not_null, primary_key and check, naming each constraint, its line and an example duplicate; nothing is stored', async () => {
    const root = await contracted("select * from (values (1, 5.00::decimal(10,2), timestamp '2024-01-01', 'web'), (1, -2.00, timestamp '2024-01-01', 'web'), (null, 1.00, timestamp '2024-01-01', 'web')) t(order_id, amount, placed_at, channel)", orderColumns);
    const summary = await build(root);
    const error = nodeOf(summary, 'orders')?.error ?? '';
    expect(nodeOf(summary, 'orders')?.status).toBe('failed');
    expect(error).toContain('orders breaks 4 constraints of its contract');
    expect(error).toContain('constraint not_null on order_id (models/schema.yml:11): 1 row has a null value');
    expect(error).toContain('constraint primary_key on order_id (models/schema.yml:12): 1 row has a null value');
    expect(error).toContain('constraint primary_key on order_id (models/schema.yml:12): 1 row repeats a value already present, e.g. order_id = 1 (2 rows)');
    expect(error).toContain('constraint check on amount (amount >= 0) (models/schema.yml:16): 1 row fails it');
    expect(await queryEnv(root, 'local', "select count(*) as n from information_schema.tables where table_name = 'orders'")).toEqual([{ n: 0 }]);
    // The failed result is not kept under its fingerprint: the next build checks it again, and fails again.
    expect(nodeOf(await build(root), 'orders')).toMatchObject({ status: 'failed', error: expect.stringContaining('orders breaks 4 constraints') });
    await writeFile(path.join(root, 'models/orders.sql'), goodSql);
    expect(nodeOf(await build(root), 'orders')).toMatchObject({ status: 'built', rows: 2 });
  });

  it('checks a constraint added to an unchanged model: its result is not reused as if checked', async () => {
    const root = await contracted(goodSql, orderColumns);
    expect(nodeOf(await build(root), 'orders')?.status).toBe('built');
    await writeFile(path.join(root, 'models/schema.yml'), (await readFile(path.join(root, 'models/schema.yml'), 'utf8')).replace('        data_type: text\n', '        data_type: text\n        constraints:\n          - type: check\n            expression: "channel = \'web\'"\n'));
    const again = await build(root);
    expect(nodeOf(again, 'orders')?.error).toContain("constraint check on channel (channel = 'web') (models/schema.yml:23): 1 row fails it");
  });

  it('names the constraint whose expression cannot be evaluated', async () => {
    const root = await contracted(goodSql, orderColumns.replace('expression: "amount >= 0"', 'expression: "no_such_column >= 0"'));
    const error = nodeOf(await build(root), 'orders')?.error ?? '';
    expect(error).toContain('orders: constraint check on amount (no_such_column >= 0) (models/schema.yml:16) cannot be checked: Binder Error');
    expect(error).toContain('no_such_column');
  });

  it('checks a model-level unique constraint on several columns (rows with a null are not duplicates)', async () => {
    const root = await contracted(
      "select * from (values (1, 'a'), (1, 'a'), (2, null), (2, null)) t(order_id, channel)",
      `      - name: order_id
        data_type: integer
      - name: channel
        data_type: varchar
`.replace(/$/, '    constraints:\n      - type: unique\n        columns: [order_id, channel]\n'),
    );
    const summary = await build(root);
    expect(nodeOf(summary, 'orders')?.error).toContain("constraint unique on (order_id, channel) (models/schema.yml:13): 1 row repeats a value already present, e.g. order_id = 1, channel = 'a' (2 rows)");
  });

  it('fails a model whose contracted columns lack a data_type, naming them at compile time', async () => {
    const root = await contracted(goodSql, orderColumns.replace('        data_type: datetime\n', '').replace('        data_type: text\n', ''));
    const summary = await build(root);
    expect(nodeOf(summary, 'orders')?.status).toBe('failed');
    expect(nodeOf(summary, 'orders')?.error).toBe("models/schema.yml:18: model 'orders': contracted model is missing column data types: placed_at (models/schema.yml:18), channel (models/schema.yml:19)");
  });

  it('checks the columns of a view and warns, naming file and line, that its constraints are not enforced', async () => {
    const root = await contracted(`{{ config(materialized='view') }}\nselect * from (values (null::integer, -1.00::decimal(10,2), timestamp '2024-01-01', 'web')) t(order_id, amount, placed_at, channel)`, orderColumns);
    const summary = await build(root);
    expect(summary.status).toBe('ok');
    expect(nodeOf(summary, 'orders')?.status).toBe('built');
    expect(summary.errors.map((e) => `${e.file}:${e.line} ${e.severity} ${e.message}`)).toEqual([
      "models/schema.yml:11 warning model 'orders': constraint not_null on order_id is not enforced: orders is a view: constraints are checked on tables and incremental models only (its columns and types are still checked)",
      "models/schema.yml:12 warning model 'orders': constraint primary_key on order_id is not enforced: orders is a view: constraints are checked on tables and incremental models only (its columns and types are still checked)",
      "models/schema.yml:16 warning model 'orders': constraint check on amount (amount >= 0) is not enforced: orders is a view: constraints are checked on tables and incremental models only (its columns and types are still checked)",
    ]);
    await writeFile(path.join(root, 'models/orders.sql'), "{{ config(materialized='view') }}\nselect 1 as order_id");
    expect(nodeOf(await build(root), 'orders')?.error).toContain('missing in definition');
  });

  it('checks an ephemeral model\'s columns too', async () => {
    const root = await contracted("{{ config(materialized='ephemeral') }}\nselect 1::bigint as order_id, 1.00::decimal(10,2) as amount, timestamp '2024-01-01' as placed_at, 'web' as channel", orderColumns);
    const summary = await build(root);
    expect(nodeOf(summary, 'orders')?.error).toMatch(/\| order_id +\| BIGINT +\| INTEGER +\| data type mismatch/);
  });

  it('checks the whole result of an incremental model each time it grows, kept rows with the new', async () => {
    const sql = `{{ config(materialized='incremental') }}
select order_id::integer as order_id, 1.00::decimal(10,2) as amount, timestamp '2024-01-01' as placed_at, 'web' as channel
from {{ ref('deliveries') }}
{% if is_incremental() %}where delivery > (select max(delivery) from {{ this }}){% endif %}`;
    const root = await contracted(sql.replace("'web' as channel", "'web' as channel, delivery::integer as delivery"), orderColumns.replace(/$/, '      - name: delivery\n        data_type: integer\n'), { 'seeds/deliveries.csv': 'delivery,order_id\n1,1\n1,2\n' });
    expect(nodeOf(await build(root), 'orders')).toMatchObject({ status: 'built', rows: 2 });
    await writeFile(path.join(root, 'seeds/deliveries.csv'), 'delivery,order_id\n1,1\n1,2\n2,3\n');
    expect(nodeOf(await build(root), 'orders')).toMatchObject({ status: 'built', rows: 3 });
    // The new delivery alone holds no duplicate; with the rows kept from before, it does.
    await writeFile(path.join(root, 'seeds/deliveries.csv'), 'delivery,order_id\n1,1\n1,2\n2,3\n3,2\n');
    const grown = await build(root);
    expect(nodeOf(grown, 'orders')?.error).toContain('constraint primary_key on order_id (models/schema.yml:12): 1 row repeats a value already present, e.g. order_id = 2 (2 rows)');
    // A delivery that keeps the key unique grows it again.
    await writeFile(path.join(root, 'seeds/deliveries.csv'), 'delivery,order_id\n1,1\n1,2\n2,3\n3,4\n');
    expect(nodeOf(await build(root), 'orders')).toMatchObject({ status: 'built', rows: 4 });
  });

  it('reads the contract from dbt_project.yml (+contract) and from config() in the SQL', async () => {
    const columns = '      - name: id\n        data_type: integer\n';
    const schema = 'version: 2\nmodels:\n  - name: orders\n    columns:\n' + columns;
    const fromProject = await writeTempProject({
      'dbt_project.yml': 'name: demo\nversion: 1\nmodels:\n  demo:\n    +materialized: table\n    +contract:\n      enforced: true\n',
      'models/orders.sql': 'select 1::bigint as id',
      'models/schema.yml': schema,
    });
    expect(nodeOf(await build(fromProject), 'orders')?.error).toContain('data type mismatch');
    const fromSql = await writeTempProject({ ...minimalProject, 'models/orders.sql': "{{ config(contract={'enforced': true}) }}\nselect 1::bigint as id", 'models/schema.yml': schema });
    expect(nodeOf(await build(fromSql), 'orders')?.error).toContain('data type mismatch');
    const off = await writeTempProject({ ...minimalProject, 'models/orders.sql': "{{ config(contract={'enforced': false}) }}\nselect 1::bigint as id", 'models/schema.yml': schema });
    expect(nodeOf(await build(off), 'orders')?.status).toBe('built');
  });
});
