import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildBranch } from '../../electron/core/build/build-branch.js';
import { compileProject } from '../../electron/core/compile/compile-project.js';
import { readDashboards, runnableDashboard } from '../../electron/core/dashboards/dashboard-source.js';
import { browserElementSql, exportRequeryData, loadTableSql } from '../../electron/core/dashboards/publish/requery-data.js';
import { openEngine } from '../../electron/core/engine/open-engine.js';
import { initCommittedRepo } from '../helpers/git-repo.js';
import { writeTempProject } from '../helpers/temp-project.js';

const tricky = `select * from (values
  (1, 'plain', 1.50::decimal(10,2), date '2024-01-31', timestamp '2024-01-31 08:30:00', 9007199254740993::bigint),
  (2, 'comma, "quoted"', -0.25::decimal(10,2), date '1999-12-31', timestamp '1999-12-31 23:59:59', 0::bigint),
  (3, 'two
lines', null, null, null, null),
  (4, '', 0::decimal(10,2), date '2024-02-29', timestamp '2024-02-29 00:00:00', -1::bigint)
) t(id, label, amount, day, stamp, big)`;

const withParameter = (name: string, query: string) => `title: ${name}
parameters:
  - {name: word, type: text, default: x}
elements:
  - name: chart
    query: "${query} where $word = $word"
    spec: {mark: bar, encoding: {x: {field: id, type: ordinal}}}
`;

describe('the data a published page re-queries', () => {
  let root: string;
  let env: string;
  const dashboard = async (name: string) => runnableDashboard((await readDashboards(root)).dashboards, name);
  const exported = async (name: string, maxBytes?: number) => {
    const { project } = await readDashboards(root);
    return exportRequeryData(root, env, await dashboard(name), compileProject(project).compiled, await mkdtemp(path.join(tmpdir(), 'assay-requery-')), maxBytes);
  };

  beforeAll(async () => {
    root = await writeTempProject({
      'dbt_project.yml': 'name: demo\nversion: 1\nmodels:\n  demo:\n    +materialized: table\n',
      'data/events.csv': 'id,kind\n1,a\n2,b\n',
      'models/sources.yml': 'sources:\n  - name: raw\n    tables:\n      - name: events\n        meta: {external_location: "data/events.csv"}\n',
      'models/tricky.sql': tricky,
      'models/nested.sql': 'select 1 as id, [1, 2] as xs',
      'dashboards/tricky.yml': withParameter('tricky', "select * from {{ ref('tricky') }}"),
      'dashboards/nested.yml': withParameter('nested', "select id from {{ ref('nested') }}"),
      'dashboards/from_source.yml': withParameter('from_source', "select id from {{ source('raw', 'events') }}"),
      'dashboards/fixed.yml': "title: fixed\nelements:\n  - name: chart\n    query: select id from {{ ref('tricky') }}\n    spec: {mark: bar, encoding: {x: {field: id, type: ordinal}}}\n",
    });
    await initCommittedRepo(root);
    const built = await buildBranch({ projectRoot: root });
    expect(built.target.status, JSON.stringify(built.target.nodes.filter((n) => n.error))).toBe('ok');
    env = built.target.env;
  });

  it('comes back exactly from its CSV, with the types it had: quotes, commas, new lines, empty text and NULLs', async () => {
    const data = await exported('tricky');
    if (!data.ok) throw new Error(data.reason);
    const [table] = data.tables;
    expect(table?.relation).toBe('"tricky"');
    const dir = await mkdtemp(path.join(tmpdir(), 'assay-csv-'));
    await writeFile(path.join(dir, 'tricky.csv.gz'), table?.bytes ?? Buffer.alloc(0));

    const engine = await openEngine({ path: ':memory:' });
    const conn = await engine.connect();
    const loaded = await conn.query(loadTableSql({ relation: 'copy', columns: table?.columns ?? [], file: path.join(dir, 'tricky.csv.gz') }));
    expect(loaded.ok, loaded.ok ? '' : loaded.error).toBe(true);
    const original = await conn.query(`${tricky} order by id`);
    const copy = await conn.query('select * from copy order by id');
    expect(copy.ok && copy.columns).toEqual(original.ok && original.columns);
    expect(copy.ok && copy.rows).toEqual(original.ok && original.rows);
    expect(copy.ok && copy.rows.map((r) => r.label)).toEqual(['plain', 'comma, "quoted"', 'two\nlines', '']);
    await conn.close();
    await engine.close();
  });

  it('is refused, with the reason, for a source read straight from files, a nested column, too much data, or no parameters', async () => {
    expect(await exported('tricky', 100)).toEqual({ ok: false, reason: 'the data it reads is larger than 100 bytes compressed' });
    expect(await exported('from_source')).toEqual({ ok: false, reason: expect.stringMatching(/^source:raw\.events has no table or view in this environment/) });
    expect(await exported('nested')).toEqual({ ok: false, reason: 'nested.xs is INTEGER[], which does not travel as CSV' });
    expect(await exported('fixed')).toEqual({ ok: false, reason: 'the dashboard has no parameters' });
  });

  it("casts each result column to the plain value the app embeds for it", async () => {
    const engine = await openEngine({ path: ':memory:' });
    const conn = await engine.connect();
    const original = await conn.query(tricky);
    if (!original.ok) throw new Error(original.error);
    const browser = await conn.query(browserElementSql(tricky, original.columns.map((c) => ({ name: c.name, type: c.type })), 2));
    if (!browser.ok) throw new Error(browser.error);
    expect(browser.rows).toHaveLength(3);
    expect(browser.rows[0]).toEqual({ id: 1, label: 'plain', amount: 1.5, day: '2024-01-31', stamp: '2024-01-31T08:30:00', big: 9007199254740992 });
    expect(browser.rows[1]).toEqual({ ...original.rows[1], big: 0 });
    await conn.close();
    await engine.close();
  });
});
