import { describe, expect, it } from 'vitest';
import { queryEnv } from '../helpers/env-reader.js';
import { assay } from '../helpers/run-cli.js';
import { minimalProject, writeTempProject } from '../helpers/temp-project.js';

describe('an environment built from inside the project folder (cd proj && assay build)', () => {
  it('names its store files and its root by absolute path, so a reader started elsewhere sees the data', async () => {
    const root = await writeTempProject({
      ...minimalProject,
      'data/customers.csv': 'id,name\n1,a\n2,b\n',
      'models/lake.yml': 'sources:\n  - name: lake\n    meta: {external_location: "data/customers.csv"}\n    tables:\n      - name: customers\n',
      'models/customers.sql': "select * from {{ source('lake', 'customers') }}",
      'models/named.sql': "{{ config(materialized='view') }}\nselect name from {{ ref('customers') }}",
    });
    const build = await assay(['build'], { cwd: root });
    expect(build.code).toBe(0);
    // This process runs in the checkout, not in the project: nothing may resolve against its folder.
    expect(process.cwd()).not.toBe(root);
    expect(await queryEnv(root, 'local', 'select count(*)::int as n from named')).toEqual([{ n: 2 }]);
    const views = await queryEnv(root, 'local', 'select sql from duckdb_views() where not internal');
    const stored = views.map(({ sql }) => String(sql)).filter((sql) => sql.includes('read_parquet'));
    expect(stored).toHaveLength(1);
    expect(stored[0]).toContain(`read_parquet('${root}/.assay/store/`);
    for (const { sql } of views) expect(String(sql)).not.toContain("'.assay/");
    expect(await queryEnv(root, 'local', 'select root from _assay_env')).toEqual([{ root }]);
  });
});
