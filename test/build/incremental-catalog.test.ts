import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBranch, type BranchBuild } from '../../electron/core/build/build-branch.js';
import { assayPaths } from '../../electron/core/env/assay-paths.js';
import { readCatalog } from '../../electron/core/env/catalog.js';
import { queryEnv } from '../helpers/env-reader.js';
import { initCommittedRepo } from '../helpers/git-repo.js';
import { writeTempProject } from '../helpers/temp-project.js';

/**
 * A rebuild starts from a copy of the environment's previous catalog and touches only what changed;
 * what the new build did not make again must not survive in the copy.
 */
const project = {
  'dbt_project.yml': 'name: shop\n',
  'seeds/customers.csv': 'id,country\n1,FR\n2,DE\n',
  'models/base.sql': "select * from {{ ref('customers') }}",
  'models/by_country.sql': "{{ config(materialized='table') }}select country, count(*) as n from {{ ref('base') }} group by 1",
  'models/french.sql': "select * from {{ ref('base') }} where country = 'FR'",
};

const viewNames = async (root: string) => (await queryEnv(root, 'main', "select table_name from information_schema.tables where table_schema = 'main' and not starts_with(table_name, '_assay') order by 1")).map((r) => r.table_name);

/** The catalog's rows say exactly what the build says it did: no row of a removed node, none out of date. */
async function expectCatalogOf(root: string, build: BranchBuild) {
  const catalog = await readCatalog(assayPaths(root).envFile('main'));
  if (catalog.state !== 'ok') throw new Error(`catalog ${catalog.state}`);
  const rows = [...catalog.entries.values()].map((e) => ({ node: e.node, status: e.status, fingerprint: e.fingerprint })).sort((a, b) => a.node.localeCompare(b.node));
  const built = build.target.nodes.map((n) => ({ node: n.node, status: n.status, fingerprint: n.fingerprint })).sort((a, b) => a.node.localeCompare(b.node));
  expect(rows).toEqual(built);
  expect(catalog.info.status).toBe(build.target.status === 'failed' ? 'failed' : 'ok');
}

describe('a rebuild from the previous catalog', () => {
  it('keeps unchanged nodes, and drops the views of nodes removed, renamed, failed or skipped', async () => {
    const root = await writeTempProject(project);
    await initCommittedRepo(root);
    expect((await buildBranch({ projectRoot: root })).target.status).toBe('ok');
    expect(await viewNames(root)).toEqual(['base', 'by_country', 'customers', 'french']);

    await rm(path.join(root, 'models/french.sql'));
    await writeFile(path.join(root, 'models/by_country.sql'), "{{ config(materialized='table', alias='countries') }}select country, count(*) as n from {{ ref('base') }} group by 1");
    const renamed = await buildBranch({ projectRoot: root });
    expect(renamed.target.status).toBe('ok');
    await expectCatalogOf(root, renamed);
    expect(renamed.target.nodes.find((n) => n.node === 'base')).toMatchObject({ status: 'reused' });
    expect(await viewNames(root)).toEqual(['base', 'countries', 'customers']);
    expect(await queryEnv(root, 'main', 'select count(*)::integer as n from base')).toEqual([{ n: 2 }]);

    // A model that now fails, and what reads it, are not in the environment, as after a fresh build.
    await writeFile(path.join(root, 'models/base.sql'), "select no_such_column from {{ ref('customers') }}");
    const failed = await buildBranch({ projectRoot: root });
    expect(failed.target.status).toBe('failed');
    await expectCatalogOf(root, failed);
    expect(failed.target.nodes.find((n) => n.node === 'by_country')).toMatchObject({ status: 'skipped' });
    expect(await viewNames(root)).toEqual(['customers']);

    // And the next good build makes them again.
    await writeFile(path.join(root, 'models/base.sql'), "select * from {{ ref('customers') }} where id > 1");
    const fixed = await buildBranch({ projectRoot: root });
    expect(fixed.target.status).toBe('ok');
    await expectCatalogOf(root, fixed);
    expect(await queryEnv(root, 'main', 'select country, n::integer as n from countries')).toEqual([{ country: 'DE', n: 1 }]);
    // A build with nothing changed since leaves the rows as they are.
    const steady = await buildBranch({ projectRoot: root, select: ['customers'] });
    await expectCatalogOf(root, steady);
  });

  it('gives a name a removed node had to the node that now takes it', async () => {
    const root = await writeTempProject(project);
    await initCommittedRepo(root);
    await buildBranch({ projectRoot: root });
    await rm(path.join(root, 'models/french.sql'));
    await writeFile(path.join(root, 'models/german.sql'), "{{ config(alias='french') }}select * from {{ ref('base') }} where country = 'DE'");
    expect((await buildBranch({ projectRoot: root })).target.status).toBe('ok');
    expect(await queryEnv(root, 'main', 'select country from french')).toEqual([{ country: 'DE' }]);
  });

  it('starts from a fresh catalog when the project has hooks, so that what they create is created again', async () => {
    const root = await writeTempProject({
      ...project,
      'dbt_project.yml': "name: shop\non-run-start:\n  - create table build_log as select 'started' as event\n",
    });
    await initCommittedRepo(root);
    expect((await buildBranch({ projectRoot: root })).target.status).toBe('ok');
    await writeFile(path.join(root, 'models/french.sql'), "select * from {{ ref('base') }} where country <> 'FR'");
    const again = await buildBranch({ projectRoot: root });
    expect(again.target.errors).toEqual([]);
    expect(again.target.status).toBe('ok');
    expect(await queryEnv(root, 'main', 'select count(*)::integer as n from build_log')).toEqual([{ n: 1 }]);
  });
});
