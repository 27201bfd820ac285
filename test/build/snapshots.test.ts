import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildEnvironment } from '../../electron/core/build/build-environment.js';
import { compileProject } from '../../electron/core/compile/compile-project.js';
import { loadProject } from '../../electron/core/project/load-project.js';
import { queryEnv } from '../helpers/env-reader.js';
import { minimalProject, writeTempProject } from '../helpers/temp-project.js';

const build = (projectRoot: string) => buildEnvironment({ projectRoot, env: 'local', branch: null, commit: null });

const snapshotOf = (strategy: string) => `-- comments outside the block are ignored
{% snapshot customers_snapshot %}
{{ config(target_schema='snapshots', unique_key='id', ${strategy}) }}
select * from {{ ref('customers') }}
{% endsnapshot %}
`;

/** Block snapshots name target_schema='snapshots', a schema inside the environment; the YAML one lives in main. */
async function history(root: string, relation = 'snapshots.customers_snapshot') {
  return queryEnv(root, 'local', `select id, city, dbt_valid_to is null as current from ${relation} order by id, dbt_valid_from, city`);
}

describe('snapshots', () => {
  it('keep a type-2 history with the timestamp strategy, closing changed versions', async () => {
    const root = await writeTempProject({
      ...minimalProject,
      'seeds/customers.csv': 'id,city,updated_at\n1,Paris,2024-01-01\n2,Lyon,2024-01-01\n',
      'snapshots/customers.sql': snapshotOf("strategy='timestamp', updated_at='updated_at'"),
      'models/current_cities.sql': "select city from {{ ref('customers_snapshot') }} where dbt_valid_to is null",
    });
    expect((await build(root)).status).toBe('ok');
    expect(await history(root)).toEqual([{ id: 1, city: 'Paris', current: true }, { id: 2, city: 'Lyon', current: true }]);
    await writeFile(path.join(root, 'seeds/customers.csv'), 'id,city,updated_at\n1,Nice,2024-02-01\n2,Lyon,2024-01-01\n3,Lille,2024-02-01\n');
    expect((await build(root)).status).toBe('ok');
    expect(await history(root)).toEqual([
      { id: 1, city: 'Paris', current: false },
      { id: 1, city: 'Nice', current: true },
      { id: 2, city: 'Lyon', current: true },
      { id: 3, city: 'Lille', current: true },
    ]);
    const closed = await queryEnv(root, 'local', "select strftime(dbt_valid_to, '%Y-%m-%d') as closed from snapshots.customers_snapshot where city = 'Paris'");
    expect(closed).toEqual([{ closed: '2024-02-01' }]);
  });

  it('track check_cols with the check strategy and invalidate hard deletes', async () => {
    const root = await writeTempProject({
      ...minimalProject,
      'seeds/customers.csv': 'id,city\n1,Paris\n2,Lyon\n',
      'snapshots/customers.sql': snapshotOf("strategy='check', check_cols=['city'], invalidate_hard_deletes=true"),
    });
    await build(root);
    await writeFile(path.join(root, 'seeds/customers.csv'), 'id,city\n1,Nice\n');
    await build(root);
    expect(await history(root)).toEqual([
      { id: 1, city: 'Paris', current: false },
      { id: 1, city: 'Nice', current: true },
      { id: 2, city: 'Lyon', current: false },
    ]);
  });

  it('a snapshot without unique_key is an error naming it, at its file', async () => {
    const root = await writeTempProject({
      ...minimalProject,
      'models/customers.sql': 'select 1 as id',
      'snapshots/s.sql': "\n{% snapshot s %}{{ config(strategy='check', check_cols='all') }}select * from {{ ref('customers') }}{% endsnapshot %}",
    });
    const loaded = await loadProject(root);
    if (!loaded.ok) throw new Error('load failed');
    const { compiled } = compileProject(loaded.project);
    expect(compiled.errors).toEqual([expect.objectContaining({ file: 'snapshots/s.sql', line: 2, message: "snapshot 's' needs a unique_key in its config" })]);
  });

  it('defined in YAML (dbt 1.9: relation and config) snapshot their relation the same way', async () => {
    const root = await writeTempProject({
      ...minimalProject,
      'seeds/customers.csv': 'id,city\n1,Paris\n',
      'snapshots/snapshots.yml': "snapshots:\n  - name: customers_snapshot\n    relation: ref('customers')\n    config:\n      unique_key: id\n      strategy: check\n      check_cols: [city]\n",
    });
    await build(root);
    await writeFile(path.join(root, 'seeds/customers.csv'), 'id,city\n1,Nice\n');
    await build(root);
    expect(await history(root, 'customers_snapshot')).toEqual([{ id: 1, city: 'Paris', current: false }, { id: 1, city: 'Nice', current: true }]);
  });
});
