import { describe, expect, it } from 'vitest';
import { diffEnvironments } from '../../electron/core/diff/diff-environments.js';
import { diffQuery } from '../../electron/core/diff/query-diff.js';
import { initCommittedRepo } from '../helpers/git-repo.js';
import { copyFixture } from '../helpers/temp-project.js';

describe('diffing the lake as of two deliveries (as-of~DATE refs)', () => {
  it("answers what the example's September delivery changed: the prescribers it lost", async () => {
    const root = await copyFixture('pharma-launch');
    await initCommittedRepo(root);
    const report = await diffEnvironments({ projectRoot: root, base: 'as-of~2024-08', compare: 'as-of~2024-09' });
    expect([report.base.env, report.compare.env]).toEqual(['main^as-of~2024-08', 'main^as-of~2024-09']);
    const perMonth = report.models.find((m) => m.name === 'customers_per_month');
    expect(perMonth).toMatchObject({ change: 'indirect', rows: { base: 8, compare: 9, added: 1, removed: 0 } });
    expect(perMonth?.samples.added[0]).toMatchObject({ customers: 80 });
    // What reads no lake file is not part of what the delivery changed.
    expect(report.models.map((m) => m.name)).not.toContain('dim_date');

    const lost = await diffQuery({
      projectRoot: root, base: 'as-of~2024-08', compare: 'as-of~2024-09', primaryKey: ['customer_id'],
      sql: "select customer_id from {{ ref('stg_customers') }} where last_delivered_month = (select max(last_delivered_month) from {{ ref('stg_customers') }})",
    });
    expect(lost.rows).toMatchObject({ base: 120, compare: 80, removed: 40, added: 0 });
  });
});
