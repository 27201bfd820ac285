import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { assayPaths } from '../../electron/core/env/assay-paths.js';
import { buildEnvironment } from '../../electron/core/build/build-environment.js';
import { queryEnv } from '../helpers/env-reader.js';
import { writeTempProject } from '../helpers/temp-project.js';

const model = (parameter: string, extra = '') =>
  `{{ config(materialized='table', parameters={'p': ${parameter}}${extra}) }}\nselect count(*) as n, max(label) as label from {{ ref('labels') }} where label = {{ param('p') }}`;

/** A project whose `labels` table holds the text `values` lists, and whose `values_of_p` the parameter may read. */
async function project(parameterModel: string, values = "select * from (values ('a'), ('b'), ('b'), (null)) as v(p)") {
  return writeTempProject({
    'dbt_project.yml': 'name: shop\nmodels:\n  shop:\n    +materialized: table\n',
    'models/labels.sql': "select * from (values ('a'), ('b'), ('x''); drop table victim; --')) as t(label)",
    'models/victim.sql': 'select 1 as still_here',
    'models/values_of_p.sql': values,
    'models/by_p.sql': parameterModel,
  });
}

const build = (root: string) => buildEnvironment({ projectRoot: root, env: 'local', branch: null, commit: null });
const fromValues = "'select p from ' ~ ref('values_of_p')";

describe('a parametric model on bad input', () => {
  it('computes NULLs never and duplicates once, and warns about the NULLs', async () => {
    const root = await project(model(fromValues));
    const summary = await build(root);
    expect(summary.status).toBe('ok');
    expect(await queryEnv(root, 'local', 'select p, n from by_p order by p')).toEqual([{ p: 'a', n: 1 }, { p: 'b', n: 1 }]);
    expect(summary.errors).toContainEqual(expect.objectContaining({ severity: 'warning', file: 'models/by_p.sql', node: 'by_p', message: expect.stringMatching(/by_p: parameter 'p': 1 row\(s\) of its query are NULL and were left out/) }));
  });

  it('builds an empty table with the columns when the query returns no rows, and says so', async () => {
    const root = await project(model(fromValues), "select 'a' as p where false");
    const summary = await build(root);
    expect(summary.status).toBe('ok');
    expect(await queryEnv(root, 'local', "select column_name, data_type from information_schema.columns where table_name = 'by_p' order by ordinal_position")).toEqual([
      { column_name: 'p', data_type: 'VARCHAR' }, { column_name: 'n', data_type: 'BIGINT' }, { column_name: 'label', data_type: 'VARCHAR' },
    ]);
    expect(await queryEnv(root, 'local', 'select count(*) as n from by_p')).toEqual([{ n: 0 }]);
    expect(summary.errors).toContainEqual(expect.objectContaining({ severity: 'warning', message: "by_p: parameter 'p' has no values: the model is empty" }));
  });

  it('fails the node over the limit of values, naming the model, its file and the count; max_parameter_values raises it', async () => {
    const many = 'select range as p from range(10000)';
    const root = await project(model(fromValues), many);
    const summary = await build(root);
    const node = summary.nodes.find((n) => n.node === 'by_p');
    expect(node?.status).toBe('failed');
    expect(node?.error).toBe("models/by_p.sql: by_p: parameter 'p' has 10,000 distinct values, over the limit of 1,000; narrow its query, or raise max_parameter_values in the model's config");

    const raised = await project(model(fromValues, ', max_parameter_values=1500').replace("where label = {{ param('p') }}", "where {{ param('p') }} >= 0"), 'select range as p from range(1200)');
    expect((await build(raised)).status).toBe('ok');
    expect(await queryEnv(raised, 'local', 'select count(*) as n, typeof(any_value(p)) as t from by_p')).toEqual([{ n: 1200, t: 'BIGINT' }]);
  }, 30_000);

  it('binds hostile text as a value: nothing is dropped, and the value is found as written', async () => {
    const root = await project(model(fromValues), "select label as p from (values ('x''); drop table victim; --'), ('b'' or ''1''=''1')) as t(label)");
    const summary = await build(root);
    expect(summary.status).toBe('ok');
    expect(await queryEnv(root, 'local', 'select p, n, label from by_p order by p')).toEqual([
      { p: "b' or '1'='1", n: 0, label: null },
      { p: "x'); drop table victim; --", n: 1, label: "x'); drop table victim; --" },
    ]);
    expect(await queryEnv(root, 'local', 'select still_here from victim')).toEqual([{ still_here: 1 }]);
  });

  it('takes a literal list or a var, dates as DATE', async () => {
    const root = await project(model("['b', 'a', 'b', none]"));
    expect((await build(root)).status).toBe('ok');
    expect(await queryEnv(root, 'local', 'select p, n from by_p order by p')).toEqual([{ p: 'a', n: 1 }, { p: 'b', n: 1 }]);

    const dated = await writeTempProject({
      'dbt_project.yml': "name: shop\nvars:\n  months: ['2024-02-01', '2024-01-01']\n",
      'models/by_month.sql': "{{ config(materialized='table', parameters={'month': var('months')}) }}\nselect {{ param('month') }} + interval 1 month as next_month",
    });
    expect((await build(dated)).status).toBe('ok');
    expect(await queryEnv(dated, 'local', 'select typeof(month) as t, cast(month as varchar) as m from by_month order by month')).toEqual([{ t: 'DATE', m: '2024-01-01' }, { t: 'DATE', m: '2024-02-01' }]);
  });

  it('fails the node naming the value whose run failed, and leaves no part files behind', async () => {
    const root = await project(model("[1, 2, 3]").replace("max(label) as label from {{ ref('labels') }} where label = {{ param('p') }}", "max(case when {{ param('p') }} = 2 then error('no rows for two') else label end) as label from {{ ref('labels') }}"));
    const summary = await build(root);
    expect(summary.nodes.find((n) => n.node === 'by_p')?.error).toMatch(/^models\/by_p\.sql: by_p: for p = "2": .*no rows for two/);
    expect((await readdir(assayPaths(root).storeDir)).filter((f) => !f.endsWith('.parquet'))).toEqual([]);
  });
});
