import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BuildEvent, ParameterProgress } from '../../shared/build-types.js';
import { buildEnvironment } from '../../electron/core/build/build-environment.js';
import { queryEnv } from '../helpers/env-reader.js';
import { writeTempProject } from '../helpers/temp-project.js';

const sources = "sources:\n  - name: lake\n    tables:\n      - name: sales\n        meta: {external_location: 'sales.csv'}\n      - name: months\n        meta: {external_location: 'months.csv'}\n";
const sales = 'day,customer,amount\n2024-01-05,1,10\n2024-01-20,2,5\n2024-02-03,1,7\n2024-03-09,3,1\n';
// Customers who bought in the month up to each month start, as the month's own query would say.
const history = (extra = '') => `{{ config(materialized='table', parameters={'as_of_month': 'select month from ' ~ source('lake', 'months')}) }}
select count(distinct customer) as customers, sum(amount) as amount${extra}
from {{ source('lake', 'sales') }}
where day < {{ param('as_of_month') }} + interval 1 month`;

async function project(files: Record<string, string> = {}) {
  return writeTempProject({ 'dbt_project.yml': 'name: shop\n', 'models/sources.yml': sources, 'sales.csv': sales, 'months.csv': 'month\n2024-01-01\n2024-02-01\n', 'models/history.sql': history(), ...files });
}

async function build(root: string, options: { fullRefresh?: boolean; concurrency?: number } = {}) {
  const progress: ParameterProgress[] = [];
  const onEvent = (e: BuildEvent) => {
    if (e.type === 'node' && e.values) progress.push(e.values);
  };
  const summary = await buildEnvironment({ projectRoot: root, env: 'local', branch: null, commit: null, onEvent, ...options });
  return { summary, progress, computed: progress.filter((p) => p.value !== undefined).map((p) => p.value).sort() };
}

const rows = (root: string) => queryEnv(root, 'local', 'select cast(as_of_month as varchar) as m, typeof(as_of_month) as t, customers, amount from history order by 1');

describe('parametric models', () => {
  it('runs the model once per value with the value bound, concatenated with the value as a column of its own type', async () => {
    const root = await project();
    const { summary, progress, computed } = await build(root);
    expect(summary.status).toBe('ok');
    expect(await rows(root)).toEqual([
      { m: '2024-01-01', t: 'DATE', customers: 2, amount: 15 },
      { m: '2024-02-01', t: 'DATE', customers: 2, amount: 22 },
    ]);
    expect(progress[0]).toMatchObject({ parameter: 'as_of_month', computed: 0, toCompute: 2, reused: 0, dropped: 0 });
    expect(computed).toEqual(['2024-01-01', '2024-02-01']);
    expect(progress.at(-1)).toMatchObject({ computed: 2, toCompute: 2, rows: 1 });
  });

  it('computes only new values while the model is unchanged, drops values no longer returned, and recomputes all when its SQL changes', async () => {
    const root = await project();
    await build(root);
    await writeFile(path.join(root, 'months.csv'), 'month\n2024-01-01\n2024-02-01\n2024-03-01\n');
    const grown = await build(root);
    expect(grown.computed).toEqual(['2024-03-01']);
    expect(grown.progress[0]).toMatchObject({ toCompute: 1, reused: 2 });
    expect((await rows(root)).map((r) => [r.m, r.customers])).toEqual([['2024-01-01', 2], ['2024-02-01', 2], ['2024-03-01', 3]]);

    await writeFile(path.join(root, 'months.csv'), 'month\n2024-02-01\n2024-03-01\n');
    const shrunk = await build(root);
    expect(shrunk.computed).toEqual([]);
    expect((await rows(root)).map((r) => r.m)).toEqual(['2024-02-01', '2024-03-01']);

    await writeFile(path.join(root, 'models/history.sql'), history(', 1 as version'));
    const edited = await build(root);
    expect(edited.computed).toEqual(['2024-02-01', '2024-03-01']);
    expect(await queryEnv(root, 'local', 'select distinct version from history')).toEqual([{ version: 1 }]);

    const again = await build(root, { fullRefresh: true });
    expect(again.computed).toEqual(['2024-02-01', '2024-03-01']);
  });

  it('recomputes every value when the logic upstream changes, though the model itself did not', async () => {
    const root = await project({ 'models/clean_sales.sql': "{{ config(materialized='view') }}select * from {{ source('lake', 'sales') }}", 'models/history.sql': history().replace("source('lake', 'sales')", "ref('clean_sales')") });
    await build(root);
    await writeFile(path.join(root, 'months.csv'), 'month\n2024-01-01\n2024-02-01\n2024-03-01\n');
    await writeFile(path.join(root, 'models/clean_sales.sql'), "{{ config(materialized='view') }}select * from {{ source('lake', 'sales') }} where customer <> 3");
    const { computed } = await build(root);
    expect(computed).toEqual(['2024-01-01', '2024-02-01', '2024-03-01']);
    expect((await rows(root)).at(-1)).toMatchObject({ m: '2024-03-01', customers: 2 });
  });

  it('computes values side by side on the build threads', async () => {
    const root = await project({ 'months.csv': `month\n${Array.from({ length: 12 }, (_, i) => `2024-${String(i + 1).padStart(2, '0')}-01`).join('\n')}\n` });
    const { summary, computed } = await build(root, { concurrency: 4 });
    expect(summary.status).toBe('ok');
    expect(computed).toHaveLength(12);
    expect(await queryEnv(root, 'local', 'select count(*) as n, count(distinct as_of_month) as d from history')).toEqual([{ n: 12, d: 12 }]);
  });
});
