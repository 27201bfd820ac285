import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBranch } from '../../electron/core/build/build-branch.js';
import { compileProject } from '../../electron/core/compile/compile-project.js';
import { selectNodes } from '../../electron/core/build/select-nodes.js';
import { loadProject } from '../../electron/core/project/load-project.js';
import { checkoutNewBranch, initCommittedRepo } from '../helpers/git-repo.js';
import { assay } from '../helpers/run-cli.js';
import { minimalProject, writeTempProject } from '../helpers/temp-project.js';

const files = {
  ...minimalProject,
  'seeds/countries.csv': 'code\nFR\n',
  'models/a.sql': "select * from {{ ref('countries') }}",
  'models/b.sql': "select * from {{ ref('a') }}",
  'models/c.sql': 'select 1 as x',
  'snapshots/s.sql': "{% snapshot s %}{{ config(unique_key='code', strategy='check', check_cols='all') }}select * from {{ ref('countries') }}{% endsnapshot %}",
};

async function compiled(root: string) {
  const loaded = await loadProject(root);
  if (!loaded.ok) throw new Error('load failed');
  return compileProject(loaded.project).compiled;
}

const statusOf = (summary: { nodes: { node: string; status: string }[] }) => Object.fromEntries(summary.nodes.map((n) => [n.node, n.status]));

describe("dbt's selectors", () => {
  it('select by resource_type and config.materialized, and --exclude takes away', async () => {
    const project = await compiled(await writeTempProject(files));
    const ids = (select: string[], exclude: string[] = []) => {
      const result = selectNodes(project, select, exclude);
      return result.ok ? [...result.ids].sort() : result.error;
    };
    expect(ids(['resource_type:seed'])).toEqual(['countries']);
    expect(ids(['resource_type:snapshot'])).toEqual(['s']);
    expect(ids(['config.materialized:table'], ['c'])).toEqual(['a', 'b']);
    expect(ids(['countries+'], ['b', 'resource_type:snapshot'])).toEqual(['a', 'countries']);
    expect(ids([], ['resource_type:model'])).toEqual(['countries', 's']);
    expect(ids(['nope'])).toBe("--select 'nope' matches no node");
    expect(ids(['state:modified'])).toBe("--select 'state:modified' needs the base environment: build the base branch first");
  });

  it('state:modified+ builds what a branch changed and what reads it, against the base environment', async () => {
    const root = await writeTempProject(files);
    await initCommittedRepo(root);
    await buildBranch({ projectRoot: root });
    await checkoutNewBranch(root, 'feature');
    await writeFile(path.join(root, 'models/a.sql'), "select code, 1 as n from {{ ref('countries') }}");
    const summary = (await buildBranch({ projectRoot: root, select: ['state:modified+'] })).target;
    expect(statusOf(summary)).toMatchObject({ a: 'built', b: 'built', c: 'reused', countries: 'reused' });
  });

  it('assay seed loads only the seeds', async () => {
    const root = await writeTempProject(files);
    await initCommittedRepo(root);
    const result = await assay(['seed', '--project', root, '--json']);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout).target as { nodes: { node: string; status: string }[] };
    expect(statusOf(summary)).toEqual({ countries: 'built', a: 'skipped', b: 'skipped', c: 'skipped', s: 'skipped' });
  });
});
