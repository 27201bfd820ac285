import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffEnvironments } from '../../electron/core/diff/diff-environments.js';
import { diffQuery } from '../../electron/core/diff/query-diff.js';
import { diffHtml } from '../../electron/core/reports/diff-html.js';
import { diffMarkdown } from '../../electron/core/reports/diff-markdown.js';
import { checkoutNewBranch, commitAll, initCommittedRepo } from '../helpers/git-repo.js';
import { copyFixture, minimalProject, writeTempProject } from '../helpers/temp-project.js';

/** A repository whose `main` has `files`, and a branch `change` that rewrites some of them. */
async function branchedProject(main: Record<string, string>, change: Record<string, string>) {
  const root = await writeTempProject({ ...minimalProject, ...main });
  await initCommittedRepo(root);
  await checkoutNewBranch(root, 'change');
  for (const [file, content] of Object.entries(change)) await writeFile(path.join(root, file), content);
  await commitAll(root, 'the change');
  return root;
}

describe('diffing a branch against main', () => {
  it('reports the removed rows, the added column and the descendants a filter affects, in JSON, HTML and Markdown', async () => {
    const root = await copyFixture('pharma-launch');
    await initCommittedRepo(root);
    await checkoutNewBranch(root, 'launch-only');
    const file = path.join(root, 'models/marts/dim_product.sql');
    const original = await (await import('node:fs/promises')).readFile(file, 'utf8');
    await writeFile(file, `select *, true as reviewed from (\n${original.trim()}\n) where is_launch_product\n`);
    await commitAll(root, 'only the launch products');

    const report = await diffEnvironments({ projectRoot: root, base: 'main', compare: 'launch-only' });
    const byName = Object.fromEntries(report.models.map((m) => [m.name, m]));
    expect(Object.keys(byName).sort()).toEqual(['active_prescribers_history', 'customers_per_month', 'dim_product', 'fact_prescriptions']);
    const product = byName.dim_product;
    expect(product).toMatchObject({ status: 'modified', change: 'direct', primary_key: ['product_id'] });
    expect(product?.schema.added).toEqual([{ name: 'reviewed', type: 'BOOLEAN' }]);
    expect(product?.rows).toMatchObject({ base: 20, added: 0, changed: 0 });
    expect(product?.rows.removed).toBe((product?.rows.base ?? 0) - (product?.rows.compare ?? 0));
    expect(product?.rows.removed).toBeGreaterThan(0);
    expect(product?.samples.removed.every((r) => r.is_launch_product === false)).toBe(true);
    expect(byName.fact_prescriptions).toMatchObject({ status: 'modified', change: 'indirect' });
    // An incremental model is rebuilt whole on a branch's first build, so it does not keep main's rows.
    expect(byName.fact_prescriptions?.rows.removed).toBeGreaterThan(0);
    expect(byName.customers_per_month?.change).toBe('indirect');

    expect(diffMarkdown(report)).toContain('| `dim_product` | modified (direct) | 20 → ');
    expect(diffMarkdown(report)).toContain('+reviewed');
    expect(diffHtml(report)).toContain('<li class="added">+ reviewed');
  });

  it('matches rows by key, counts changed cells per column, and respects a numeric tolerance', async () => {
    const root = await branchedProject(
      { 'models/m.sql': 'select * from (values (1, 10.0, \'a\'), (2, 20.0, \'b\'), (3, 30.0, \'c\')) t(id, amount, label)', 'models/schema.yml': 'models:\n  - name: m\n    columns:\n      - name: id\n        tests: [unique]\n' },
      { 'models/m.sql': 'select * from (values (1, 10.0000001, \'a\'), (2, 25.0, \'b\'), (4, 40.0, \'d\')) t(id, amount, label)' },
    );
    const strict = (await diffEnvironments({ projectRoot: root, base: 'main', compare: 'change' })).models[0];
    expect(strict?.rows).toEqual({ base: 3, compare: 3, added: 1, removed: 1, changed: 2, unchanged: 0 });
    expect(strict?.columns).toMatchObject({ amount: { changed: 2, match_pct: 0 }, label: { changed: 0, match_pct: 100 } });
    const tolerant = (await diffEnvironments({ projectRoot: root, base: 'main', compare: 'change', tolerance: 0.001 })).models[0];
    expect(tolerant?.rows.changed).toBe(1);
    expect(tolerant?.samples.changed).toEqual([{ key: { id: 2 }, base: { id: 2, amount: 20, label: 'b' }, compare: { id: 2, amount: 25, label: 'b' }, changed: ['amount'] }]);
  });

  it('falls back to whole-row hashes without a key, counting duplicate rows', async () => {
    const root = await branchedProject(
      { 'models/m.sql': "select * from (values ('x'), ('x'), ('y')) t(v)" },
      { 'models/m.sql': "select * from (values ('x'), ('y'), ('y'), ('z')) t(v)" },
    );
    const m = (await diffEnvironments({ projectRoot: root, base: 'main', compare: 'change' })).models[0];
    expect(m?.primary_key).toBeNull();
    expect(m?.key_note).toMatch(/no primary key/);
    expect(m?.rows).toEqual({ base: 3, compare: 4, added: 2, removed: 1, changed: null, unchanged: 2 });
  });

  it('says so when the key has duplicates, and matches NULL keys to each other', async () => {
    const root = await branchedProject(
      { 'models/dup.sql': 'select * from (values (1, 1), (1, 2)) t(id, v)', 'models/nulls.sql': 'select * from (values (null, 1), (2, 2)) t(id, v)' },
      { 'models/dup.sql': 'select * from (values (1, 1), (1, 3)) t(id, v)', 'models/nulls.sql': 'select * from (values (null, 5), (2, 2)) t(id, v)' },
    );
    const report = await diffEnvironments({ projectRoot: root, base: 'main', compare: 'change', primaryKey: ['id'] });
    const byName = Object.fromEntries(report.models.map((m) => [m.name, m]));
    expect(byName.dup?.key_note).toMatch(/not unique in base \(1 duplicate rows\)/);
    expect(byName.dup?.rows).toMatchObject({ added: 1, removed: 1, unchanged: 1 });
    expect(byName.nulls?.key_note).toMatch(/NULL in the key/);
    expect(byName.nulls?.rows).toMatchObject({ changed: 1, unchanged: 1, added: 0, removed: 0 });
  });

  it('compares a key column retyped between environments as text, and reports the retyping', async () => {
    const root = await branchedProject(
      { 'models/m.sql': 'select * from (values (1, 10), (2, 20)) t(id, v)' },
      { 'models/m.sql': "select * from (values ('1', 10), ('2', 21)) t(id, v)" },
    );
    const m = (await diffEnvironments({ projectRoot: root, base: 'main', compare: 'change', primaryKey: ['id'] })).models[0];
    expect(m?.schema.retyped).toEqual([{ name: 'id', base: 'INTEGER', compare: 'VARCHAR' }]);
    expect(m?.rows).toMatchObject({ added: 0, removed: 0, changed: 1, unchanged: 1 });
  });

  it('lists a model present in one environment only as added or removed', async () => {
    const root = await branchedProject(
      { 'models/old.sql': 'select 1 as id', 'models/kept.sql': 'select 1 as id' },
      { 'models/new.sql': 'select 1 as id' },
    );
    const { rm } = await import('node:fs/promises');
    await rm(path.join(root, 'models/old.sql'));
    await commitAll(root, 'drop old');
    const report = await diffEnvironments({ projectRoot: root, base: 'main', compare: 'change' });
    expect(report.models.map((m) => [m.name, m.status])).toEqual([['new', 'added'], ['old', 'removed']]);
  });

  it('keeps a million fully changed rows summarised, with wide text cut in samples', async () => {
    const wide = "repeat('x', 5000)";
    const root = await branchedProject(
      { 'models/big.sql': `select range as id, range * 2 as v, ${wide} as note from range(1000000)`, 'models/schema.yml': 'models:\n  - name: big\n    columns:\n      - name: id\n        tests: [unique]\n' },
      { 'models/big.sql': `select range as id, range * 3 as v, ${wide} || 'y' as note from range(1000000)` },
    );
    const m = (await diffEnvironments({ projectRoot: root, base: 'main', compare: 'change', sampleSize: 5 })).models[0];
    expect(m?.rows).toMatchObject({ base: 1_000_000, compare: 1_000_000, added: 0, removed: 0, changed: 1_000_000, unchanged: 0 });
    expect(m?.columns).toEqual({ id: { changed: 0, match_pct: 100 }, v: { changed: 999_999, match_pct: 0 }, note: { changed: 1_000_000, match_pct: 0 } });
    expect(m?.samples.changed).toHaveLength(5);
    expect(String(m?.samples.changed[0]?.compare?.note).length).toBeLessThanOrEqual(201);
    expect(JSON.stringify(m).length).toBeLessThan(20_000);
  });

  it('diffs an ad-hoc query run on both environments', async () => {
    const root = await branchedProject(
      { 'models/m.sql': "select * from (values ('a', 1), ('b', 2)) t(k, v)" },
      { 'models/m.sql': "select * from (values ('a', 1), ('b', 3)) t(k, v)" },
    );
    const result = await diffQuery({ projectRoot: root, base: 'main', compare: 'change', sql: "select k, sum(v) as total from {{ ref('m') }} group by k", primaryKey: ['k'] });
    expect(result).toMatchObject({ status: 'modified', rows: { changed: 1, unchanged: 1 } });
    await expect(diffQuery({ projectRoot: root, base: 'main', compare: 'change', sql: "select * from {{ ref('nope') }}" })).rejects.toThrow("ref('nope') names no model");
  });
});
