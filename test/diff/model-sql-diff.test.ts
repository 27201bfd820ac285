import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelSqlDiff } from '../../electron/core/diff/model-sql-diff.js';
import { checkoutBranch, checkoutNewBranch, commitAll, initCommittedRepo } from '../helpers/git-repo.js';
import { minimalProject, writeTempProject } from '../helpers/temp-project.js';

const mainFiles = {
  ...minimalProject,
  'dbt_project.yml': 'name: demo\nversion: 1\nvars:\n  min_amount: 10\nmodels:\n  demo:\n    +materialized: table\n',
  'seeds/prices.csv': 'id,amount\n1,5\n2,20\n',
  'models/orders.sql': "select id, amount\nfrom {{ ref('prices') }}\nwhere amount > 0\n",
  'models/big_orders.sql': "select *\nfrom {{ ref('orders') }}\nwhere amount >= {{ var('min_amount') }}\n",
  'models/old_report.sql': "select count(*) as orders\nfrom {{ ref('orders') }}\n",
};

/** main with the files above; branch `change` edits orders, deletes old_report and adds new_report. */
async function branchedProject(): Promise<string> {
  const root = await writeTempProject(mainFiles);
  await initCommittedRepo(root);
  await checkoutNewBranch(root, 'change');
  await writeFile(path.join(root, 'models/orders.sql'), "select id, amount, amount * 1.2 as amount_with_vat\nfrom {{ ref('prices') }}\nwhere amount > 0\n");
  await rm(path.join(root, 'models/old_report.sql'));
  await writeFile(path.join(root, 'models/new_report.sql'), "select sum(amount) as total\nfrom {{ ref('orders') }}\n");
  await commitAll(root, 'orders with VAT; a new report replaces the old one');
  await checkoutBranch(root, 'main');
  return root;
}

describe("a model's SQL diff between two branches", () => {
  it('marks the changed lines of the file as written and of the SQL it compiles to; a model changed only upstream has no SQL change', async () => {
    const root = await branchedProject();
    const orders = await modelSqlDiff({ projectRoot: root, base: 'main', compare: 'change', model: 'orders' });
    expect(orders).toMatchObject({ model: 'orders', status: 'modified', base: { ref: 'main', file: 'models/orders.sql' }, compare: { ref: 'change', file: 'models/orders.sql' } });
    expect(orders.source.changed).toBe(true);
    const lines = orders.source.diff.split('\n');
    expect(lines).toContain('--- main:models/orders.sql');
    expect(lines).toContain('+++ change:models/orders.sql');
    expect(lines).toContain('-select id, amount');
    expect(lines).toContain('+select id, amount, amount * 1.2 as amount_with_vat');
    // The whole file is shown: the lines that did not change are there as context.
    expect(lines).toContain(" from {{ ref('prices') }}");
    expect(orders.compiled?.changed).toBe(true);
    expect(orders.compiled?.diff).not.toContain('{{');
    expect(orders.compiled?.diff).toContain('+select id, amount, amount * 1.2 as amount_with_vat');

    const big = await modelSqlDiff({ projectRoot: root, base: 'main', compare: 'change', model: 'big_orders' });
    expect(big).toMatchObject({ status: 'unchanged', source: { changed: false, diff: '' }, compiled: { changed: false, diff: '' } });
  });

  it('diffs a model new on the branch against nothing (every line added) and a deleted one the other way', async () => {
    const root = await branchedProject();
    const added = await modelSqlDiff({ projectRoot: root, base: 'main', compare: 'change', model: 'new_report' });
    expect(added).toMatchObject({ status: 'added', base: { file: null }, compare: { file: 'models/new_report.sql' } });
    const addedLines = added.source.diff.split('\n').filter((line) => /^[-+ ]/.test(line) && !/^(---|\+\+\+)/.test(line));
    expect(addedLines).toEqual(['+select sum(amount) as total', "+from {{ ref('orders') }}"]);
    expect(added.source.diff).toContain('--- /dev/null');

    const removed = await modelSqlDiff({ projectRoot: root, base: 'main', compare: 'change', model: 'old_report' });
    expect(removed).toMatchObject({ status: 'removed', base: { file: 'models/old_report.sql' }, compare: { file: null } });
    const removedLines = removed.source.diff.split('\n').filter((line) => /^[-+ ]/.test(line) && !/^(---|\+\+\+)/.test(line));
    expect(removedLines).toEqual(['-select count(*) as orders', "-from {{ ref('orders') }}"]);
  });

  it('compares the checked-out branch with its uncommitted edits when no compare branch is named', async () => {
    const root = await branchedProject();
    await checkoutBranch(root, 'change');
    await writeFile(path.join(root, 'models/big_orders.sql'), "select *\nfrom {{ ref('orders') }}\nwhere amount >= 100\n");
    const edited = await modelSqlDiff({ projectRoot: root, base: 'main', model: 'big_orders' });
    expect(edited.compare.ref).toBe('change');
    expect(edited.source.diff).toContain('+where amount >= 100');
    expect(edited.source.diff).toContain("-where amount >= {{ var('min_amount') }}");
  });

  it('reads the base from git even when the project is a subfolder of the repository', async () => {
    const repo = await writeTempProject({ 'README.md': 'analytics\n' });
    const root = path.join(repo, 'analytics');
    for (const [file, content] of Object.entries(mainFiles)) {
      await mkdir(path.dirname(path.join(root, file)), { recursive: true });
      await writeFile(path.join(root, file), content);
    }
    await initCommittedRepo(repo);
    await checkoutNewBranch(repo, 'change');
    await writeFile(path.join(root, 'models/orders.sql'), 'select 1 as id\n');
    await commitAll(repo, 'orders is one row');
    const diff = await modelSqlDiff({ projectRoot: root, base: 'main', model: 'orders' });
    expect(diff.base.file).toBe('models/orders.sql');
    expect(diff.source.diff).toContain('-select id, amount');
    expect(diff.source.diff).toContain('+select 1 as id');
  });

  it('refuses a node that is not a model, and a model on neither side, naming it', async () => {
    const root = await branchedProject();
    await expect(modelSqlDiff({ projectRoot: root, base: 'main', compare: 'change', model: 'prices' })).rejects.toThrow("'prices' is a seed on main, not a model: only models have SQL to compare");
    await expect(modelSqlDiff({ projectRoot: root, base: 'main', compare: 'change', model: 'no_such_model' })).rejects.toThrow("there is no model 'no_such_model' on main or on change");
    await expect(modelSqlDiff({ projectRoot: root, base: 'no-such-branch', model: 'orders' })).rejects.toThrow("there is no branch or commit 'no-such-branch'");
  });
});
