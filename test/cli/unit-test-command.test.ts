import { readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TestRunReport } from '../../shared/test-types.js';
import { initCommittedRepo } from '../helpers/git-repo.js';
import { assay } from '../helpers/run-cli.js';
import { copyFixture } from '../helpers/temp-project.js';

describe('assay test --unit and assay unit-test --generate (as a user runs them)', () => {
  it('runs only the example\'s unit tests, building nothing; a broken model fails with its differing cells', async () => {
    const root = await copyFixture('pharma-launch');
    await initCommittedRepo(root);
    const json = path.join(root, 'out/unit.json');
    const run = await assay(['test', '--unit', '--project', root, '--json', json]);
    expect(run.code).toBe(0);
    const report = JSON.parse(await readFile(json, 'utf8')) as TestRunReport;
    const units = report.tests.filter((t) => t.kind === 'unit_test');
    expect(units.map((t) => [t.id, t.stage, t.status])).toEqual([
      ['unit_test.customers_per_month.monthly_counts_and_launch_share', 'business-logic', 'pass'],
      ['unit_test.fact_prescriptions.only_valid_lines_at_list_price', 'business-logic', 'pass'],
      ['unit_test.fact_prescriptions.incremental_appends_newer_lines_only', 'business-logic', 'pass'],
    ]);
    expect(report.summary).toEqual({ pass: 3, warn: 0, fail: 0, error: 0, skipped: report.tests.length - 3 });
    expect(report.tests.find((t) => t.kind !== 'unit_test')?.message).toBe('not selected: only unit tests were run (--unit)');
    expect(existsSync(path.join(root, '.assay/envs'))).toBe(false);

    // A wrong list price join (a business-logic bug) is caught before anything is built.
    const fact = path.join(root, 'models/marts/fact_prescriptions.sql');
    await writeFile(fact, (await readFile(fact, 'utf8')).replace('v.quantity * p.list_price', 'v.quantity * p.list_price * 1.1'));
    const broken = await assay(['test', '--unit', '--project', root]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('row prescription_id=1: net_sales: 296.000 expected, 325.600 returned');
    expect(broken.stdout).toMatch(/^FAILED: 1 passed, 0 warned, 2 failed, 0 errored, \d+ skipped/m);
  });

  it('writes a starting test from the built environment that passes as written; refuses an unbuilt branch and an unknown model', async () => {
    const root = await copyFixture('pharma-launch');
    await initCommittedRepo(root);
    const unbuilt = await assay(['unit-test', '--generate', 'customers_per_month', '--project', root]);
    expect(unbuilt.code).toBe(2);
    expect(unbuilt.stderr).toContain('has not been built yet');
    expect((await assay(['build', '--project', root])).code).toBe(0);
    const unknown = await assay(['unit-test', '--generate', 'nope', '--project', root]);
    expect(unknown.stderr).toContain("assay: 'nope' is not a model of this project");

    const output = path.join(root, 'models/marts/generated_unit.yml');
    const made = await assay(['unit-test', '--generate', 'dim_customer', '--rows', '2', '--project', root, '--output', output]);
    expect(made.code).toBe(0);
    const yaml = await readFile(output, 'utf8');
    expect(yaml).toContain('model: dim_customer');
    expect(yaml).toContain("- input: ref('stg_customers')");
    expect(yaml).toContain("- input: ref('regions')");
    expect(yaml).toMatch(/expect:\n {6}rows:\n {8}- \{ customer_id: \d+, customer_name: /);
    const again = await assay(['unit-test', '--generate', 'dim_customer', '--project', root, '--output', output]);
    expect(again.stderr).toContain('exists');

    const json = path.join(root, 'out/unit.json');
    await assay(['test', '--unit', '--project', root, '--json', json]);
    const report = JSON.parse(await readFile(json, 'utf8')) as TestRunReport;
    expect(report.tests.find((t) => t.id === 'unit_test.dim_customer.dim_customer_from_sample')).toMatchObject({ status: 'pass', message: '2 rows as expected' });
  });
});
