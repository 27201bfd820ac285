import { describe, expect, it } from 'vitest';
import { buildEnvironment } from '../../electron/core/build/build-environment.js';
import { compileProject } from '../../electron/core/compile/compile-project.js';
import { loadProject } from '../../electron/core/project/load-project.js';
import { queryEnv } from '../helpers/env-reader.js';
import { writeTempProject } from '../helpers/temp-project.js';

const build = (projectRoot: string) => buildEnvironment({ projectRoot, env: 'local', branch: null, commit: null });

describe('custom schemas and aliases', () => {
  it("name nodes as dbt's generate_schema_name does, as schemas inside the environment", async () => {
    const root = await writeTempProject({
      'dbt_project.yml': 'name: shop\nseeds:\n  shop:\n    +schema: raw\nmodels:\n  shop:\n    marts:\n      +schema: marts\n      +materialized: table\n',
      'seeds/raw_customers.csv': 'id\n1\n2\n',
      'models/staging/stg_customers.sql': "select * from {{ ref('raw_customers') }}",
      'models/marts/customers.sql': "{{ config(alias='dim_customers') }}select '{{ this }}' as me, count(*) as n from {{ ref('stg_customers') }}",
    });
    expect((await build(root)).status).toBe('ok');
    expect(await queryEnv(root, 'local', 'select id from main_raw.raw_customers order by id')).toEqual([{ id: 1 }, { id: 2 }]);
    expect(await queryEnv(root, 'local', 'select me, n from main_marts.dim_customers')).toEqual([{ me: '"main_marts"."dim_customers"', n: 2 }]);
    expect(await queryEnv(root, 'local', 'select count(*) as n from stg_customers')).toEqual([{ n: 2 }]);
  });

  it("use the project's own generate_schema_name and generate_alias_name, and let two schemas hold one name", async () => {
    const root = await writeTempProject({
      'dbt_project.yml': "name: shop\nmodels:\n  shop:\n    y2023:\n      +schema: '2023'\n    y2024:\n      +schema: '2024'\n",
      'macros/naming.sql': [
        '{% macro generate_schema_name(custom_schema_name, node) %}{{ custom_schema_name | trim if custom_schema_name else target.schema }}{% endmacro %}',
        "{% macro generate_alias_name(custom_alias_name, node) %}{{ node.name.split('__')[-1] }}{% endmacro %}",
      ].join('\n'),
      'models/y2023/pd__2023__week_1.sql': 'select 2023 as year',
      'models/y2024/pd__2024__week_1.sql': 'select 2024 as year',
    });
    const loaded = await loadProject(root);
    if (!loaded.ok) throw new Error('load failed');
    const { compiled } = compileProject(loaded.project);
    expect(compiled.errors).toEqual([]);
    expect(compiled.nodes.get('pd__2023__week_1')?.relation).toBe('"2023"."week_1"');
    expect((await build(root)).status).toBe('ok');
    expect(await queryEnv(root, 'local', 'select (select year from "2023".week_1) as a, (select year from "2024".week_1) as b')).toEqual([{ a: 2023, b: 2024 }]);
  });
});
