import { appendFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBranch } from '../../electron/core/build/build-branch.js';
import { queryEnv } from '../helpers/env-reader.js';
import { checkoutNewBranch, commitAll, initCommittedRepo } from '../helpers/git-repo.js';
import { copyFixture } from '../helpers/temp-project.js';

const statuses = (nodes: { node: string; status: string }[]) => Object.fromEntries(nodes.map((n) => [n.node, n.status]));
const rebuilt = (nodes: { node: string; status: string; kind: string }[]) => nodes.filter((n) => n.status === 'built' && n.kind !== 'source').map((n) => n.node).sort();

describe('environments per branch on the example project (real git repository)', () => {
  it('rebuilds nothing the second time, then exactly an edited model and its descendants', async () => {
    const root = await copyFixture('pharma-launch');
    await initCommittedRepo(root);
    const first = await buildBranch({ projectRoot: root });
    expect(first.target.status).toBe('ok');
    expect(first.target.env).toBe('main');

    const second = await buildBranch({ projectRoot: root });
    expect(second.target.status).toBe('up-to-date');
    expect(rebuilt(second.target.nodes)).toEqual([]);

    await appendFile(path.join(root, 'models/marts/dim_product.sql'), '\n-- edited\n');
    const third = await buildBranch({ projectRoot: root });
    expect(rebuilt(third.target.nodes)).toEqual(['active_prescribers_history', 'customers_per_month', 'dim_product', 'fact_prescriptions']);
  });

  it("builds a new branch from main's environment, rebuilding only what the branch changed, without touching the working tree", async () => {
    const root = await copyFixture('pharma-launch');
    await initCommittedRepo(root);
    await checkoutNewBranch(root, 'feature/active-only');
    await writeFile(path.join(root, 'models/marts/customers_per_month.sql'), "select date_trunc('month', prescribed_date)::date as month, count(distinct customer_id) as customers from {{ ref('fact_prescriptions') }} where quantity > 0 group by 1\n");
    await commitAll(root, 'only positive quantities');
    await appendFile(path.join(root, 'models/marts/dim_date.sql'), '\n-- uncommitted edit\n');

    const result = await buildBranch({ projectRoot: root });
    expect(result.base?.env).toBe('main');
    expect(result.base?.status).toBe('ok');
    expect(rebuilt(result.base?.nodes ?? [])).toContain('fact_prescriptions');
    expect(result.target.env).toBe('feature~active-only');
    expect(rebuilt(result.target.nodes)).toEqual(['customers_per_month', 'dim_date']);
    expect(statuses(result.target.nodes)).toMatchObject({ fact_prescriptions: 'reused', dim_customer: 'reused', dim_product: 'reused' });

    // main's environment was built from main's commit in a worktree: it has neither edit.
    const mainSql = await queryEnv(root, 'main', "select sql from duckdb_views() where view_name = 'customers_per_month'");
    expect(String(mainSql[0]?.sql)).not.toContain('quantity > 0');
    expect(await readFile(path.join(root, 'models/marts/dim_date.sql'), 'utf8')).toContain('uncommitted edit');

    const again = await buildBranch({ projectRoot: root });
    expect(again.base).toBeUndefined();
    expect(again.target.status).toBe('up-to-date');
  });

  it('refuses a branch that does not exist, and a hostile branch name', async () => {
    const root = await copyFixture('jaffle-shop');
    await initCommittedRepo(root);
    await expect(buildBranch({ projectRoot: root, branch: 'nope' })).rejects.toThrow("there is no branch or commit 'nope'");
    await expect(buildBranch({ projectRoot: root, branch: '-rf' })).rejects.toThrow(/invalid branch name '-rf'/);
    await expect(buildBranch({ projectRoot: root, branch: 'a..b' })).rejects.toThrow(/invalid branch name 'a..b'/);
  });
});
