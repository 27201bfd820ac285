import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildEnvironment } from '../../electron/core/build/build-environment.js';
import { corpusRoot } from '../compat/corpus.js';
import { queryEnv } from '../helpers/env-reader.js';
import { writeTempProject } from '../helpers/temp-project.js';

const build = (projectRoot: string) => buildEnvironment({ projectRoot, env: 'local', branch: null, commit: null });
const withCorpusPackages = `name: shop\npackages-install-path: ${JSON.stringify(path.join(corpusRoot, 'packages'))}\nmodels:\n  shop:\n    +materialized: table\n`;

describe('templates that ask the database while the build runs (execute is true)', () => {
  it('run_query answers from the environment being built; while parsing, execute is false', async () => {
    const root = await writeTempProject({
      'dbt_project.yml': withCorpusPackages,
      'models/cities.sql': "select 'Paris' as city union all select 'Lyon'",
      'models/answer.sql': [
        "{% set result = run_query('select count(*) as n from ' ~ ref('cities')) %}",
        "{% if execute %}select {{ result.columns[0].values()[0] }} as n, {{ result.rows | length }} as row_count{% else %}select 0 as n, 0 as row_count{% endif %}",
      ].join('\n'),
      'models/values.sql': "select {{ dbt_utils.get_column_values(ref('cities'), 'city', order_by='city') | length }} as cities",
    });
    expect((await build(root)).status).toBe('ok');
    expect(await queryEnv(root, 'local', 'select n, row_count from answer')).toEqual([{ n: 2, row_count: 1 }]);
    expect(await queryEnv(root, 'local', 'select cities from "values"')).toEqual([{ cities: 2 }]);
  });

  it('dbt_utils.union_relations reads the columns of each relation', async () => {
    const root = await writeTempProject({
      'dbt_project.yml': withCorpusPackages,
      'models/sales.sql': 'select 1 as sale_id, 10 as qty',
      'models/returns.sql': 'select 2 as return_id, 3 as qty',
      'models/bridge.sql': "{{ dbt_utils.union_relations(relations=[ref('sales'), ref('returns')], source_column_name='_src') }}",
    });
    expect((await build(root)).status).toBe('ok');
    expect(await queryEnv(root, 'local', 'select sale_id, return_id, qty from bridge order by qty')).toEqual([{ sale_id: null, return_id: 2, qty: 3 }, { sale_id: 1, return_id: null, qty: 10 }]);
  });

  it('a run_query whose SQL fails fails the model, naming the database error', async () => {
    const root = await writeTempProject({
      'dbt_project.yml': withCorpusPackages,
      'models/bad.sql': "{% set r = run_query('select * from no_such_table') %}select 1 as x",
      'models/fine.sql': 'select 1 as x',
    });
    const summary = await build(root);
    expect(summary.nodes.find((n) => n.node === 'bad')).toMatchObject({ status: 'failed', error: expect.stringMatching(/the database refused: .*no_such_table/) });
    expect(summary.nodes.find((n) => n.node === 'fine')?.status).toBe('built');
  });
});
