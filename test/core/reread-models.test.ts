import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../electron/core/project/load-project.js';
import { withModelsReread } from '../../electron/core/project/reread-models.js';
import { readProjectSnapshot, type ProjectSnapshot } from '../../electron/core/workbench/project-session.js';
import { writeTempProject } from '../helpers/temp-project.js';

const files: Record<string, string> = {
  'dbt_project.yml': 'name: shop\nversion: 1\nmodels:\n  shop:\n    marts:\n      +materialized: table\n',
  'models/staging/stg_orders.sql': "{{ config(materialized='table', tags=['nightly']) }}\nselect 1 as id, {{ cents('amount') }} as amount from (select 250 as amount)\n",
  'models/marts/orders.sql': "select id, amount from {{ ref('stg_orders') }}\n",
  'models/marts/forecast.py': 'def model(dbt, session):\n    return None\n',
  'models/schema.yml': 'version: 2\nmodels:\n  - name: orders\n    description: One row per order.\n    columns:\n      - name: id\n        tests: [unique]\n',
  'macros/cents.sql': '{% macro cents(column) %}{{ column }} * 100{% endmacro %}\n',
  'seeds/regions.csv': 'code,name\nN,North\n',
  'snapshots/orders_snapshot.sql': "{% snapshot orders_snapshot %}\n{{ config(unique_key='id', strategy='check', check_cols='all') }}\nselect * from {{ ref('orders') }}\n{% endsnapshot %}\n",
  'dashboards/sales.yml': "title: Sales\nelements:\n  - name: total\n    query: select sum(amount) as amount from {{ ref('orders') }}\n    spec: {mark: bar, encoding: {y: {field: amount, type: quantitative}}}\n",
};

/** What a snapshot is to the app: the project's nodes, their compiled SQL and config, and the summary the UI draws. */
function shape(snapshot: ProjectSnapshot) {
  return {
    nodes: [...snapshot.project.nodes.values()],
    errors: snapshot.project.errors,
    compiled: [...snapshot.compiled.nodes.values()].map((n) => ({ id: n.id, sql: n.sql, materialization: n.materialization, config: n.config, dependsOn: n.dependsOn, error: n.error })),
    summary: snapshot.summary,
  };
}

/**
 * An analyst's save changes one model's SQL: reading that file again gives the project a whole
 * load would, and anything else a save can change takes a whole load.
 */
describe('a project read again after its models\' SQL changed', () => {
  it('is the project a whole load gives, in-file config and all', async () => {
    const root = await writeTempProject(files);
    const previous = await readProjectSnapshot(root);
    // The in-file config goes, the SQL reads another column: what compiling the old text gave must not stay.
    await writeFile(path.join(root, 'models/staging/stg_orders.sql'), "select 2 as id, {{ cents('amount') }} as amount from (select 300 as amount)\n");
    await writeFile(path.join(root, 'models/marts/orders.sql'), "select id, amount, 'web' as channel from {{ ref('stg_orders') }}\n");
    const reread = await readProjectSnapshot(root, { previous, files: ['models/staging/stg_orders.sql', 'models/marts/orders.sql'] });
    const whole = await readProjectSnapshot(root);
    expect(shape(reread)).toEqual(shape(whole));
    expect(reread.compiled.nodes.get('stg_orders')?.materialization).toBe('view');
    expect(reread.summary.nodes.find((n) => n.id === 'dashboard:sales')?.dependsOn).toEqual(['orders']);
  });

  it('is a whole load for anything but an existing model\'s SQL', async () => {
    const root = await writeTempProject({ ...files, 'models/new_model.sql': 'select 1 as x\n' });
    const loaded = await loadProject(root);
    if (!loaded.ok) throw new Error('the test project does not load');
    const { project } = loaded;
    await rm(path.join(root, 'models/new_model.sql'));
    for (const changed of [
      [],
      ['models/schema.yml'],
      ['macros/cents.sql'],
      ['seeds/regions.csv'],
      ['models/marts/forecast.py'],
      ['snapshots/orders_snapshot.sql'],
      ['dbt_project.yml'],
      ['dashboards/sales.yml'],
      // Added since the project was read, and removed: neither is the model the project has.
      ['models/marts/added.sql'],
      ['models/new_model.sql'],
      ['models/marts/orders.sql', 'models/schema.yml'],
    ]) {
      expect(await withModelsReread(project, changed), changed.join(', ')).toBeNull();
    }
    expect(await withModelsReread(project, ['models/marts/orders.sql'])).not.toBeNull();
  });
});
