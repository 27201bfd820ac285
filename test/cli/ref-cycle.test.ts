import { describe, expect, it } from 'vitest';
import { assay } from '../helpers/run-cli.js';
import { minimalProject, writeTempProject } from '../helpers/temp-project.js';

describe('a ref() cycle', () => {
  it('is printed once, fails its own models, and no model outside it', async () => {
    const root = await writeTempProject({
      ...minimalProject,
      'models/m.sql': "select * from {{ ref('m2') }}",
      'models/m2.sql': "select * from {{ ref('m') }}",
      // Found before what they read: they render only once those are known.
      'models/b_uses_ephemeral.sql': "select * from {{ ref('z_ephemeral') }}",
      'models/z_ephemeral.sql': "{{ config(materialized='ephemeral') }}\nselect 5 as v",
      'models/lake.yml': 'sources:\n  - name: lake\n    meta: {external_location: "data/c.csv"}\n    tables:\n      - name: c\n',
      'models/a_uses_source.sql': "select * from {{ source('lake', 'c') }}",
      'data/c.csv': 'id\n1\n',
    });
    const build = await assay(['build', '--project', root]);
    expect(build.code).toBe(2);
    expect(build.stderr.match(/^error: .*ref\(\) cycle: m → m2 → m$/gm)).toHaveLength(1);
    expect(build.stderr).toMatch(/FAILED\s+m\n/);
    expect(build.stderr).toMatch(/FAILED\s+m2\n/);
    expect(build.stderr).toMatch(/built\s+b_uses_ephemeral /);
    expect(build.stderr).toMatch(/built\s+a_uses_source /);
    expect(build.stderr).not.toMatch(/names no table/);
    expect(build.stderr).toMatch(/failed \(\d+ built, 0 reused, 2 failed, 0 skipped; 1 project error\)/);
  });
});
