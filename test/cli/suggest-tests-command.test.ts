import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AcceptedTests, TestSuggestions } from '../../shared/suggest-types.js';
import type { TestRunReport } from '../../shared/test-types.js';
import { initCommittedRepo } from '../helpers/git-repo.js';
import { assay } from '../helpers/run-cli.js';
import { copyFixture } from '../helpers/temp-project.js';

describe('assay suggest-tests (as a user runs it, on the example; issue 15)', () => {
  it('refuses before a build and for an unknown model, suggests with evidence, accepts into the schema file', async () => {
    const root = await copyFixture('pharma-launch');
    await initCommittedRepo(root);
    const unbuilt = await assay(['suggest-tests', 'fact_prescriptions', '--project', root]);
    expect(unbuilt.code).toBe(2);
    expect(unbuilt.stderr).toBe("assay: environment 'main' has not been built yet: run a build first (tests are suggested from the built data)\n");
    expect((await assay(['build', '--project', root])).code).toBe(0);
    const unknown = await assay(['suggest-tests', 'fact_prescription', '--project', root]);
    expect(unknown).toMatchObject({ code: 2, stderr: "assay: 'fact_prescription' is not a model of this project\n" });

    const text = await assay(['suggest-tests', 'fact_prescriptions', '--project', root]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^fact_prescriptions in 'main': [\d,]+ rows, 9 columns, profiled in [12] scans?\n/);
    expect(text.stdout).toContain('\nrange.net_sales\n  evidence: observed ');
    expect(text.stdout).toContain('Accepted tests go to models/marts/schema.yml (declares fact_prescriptions).');

    const json = await assay(['suggest-tests', 'fact_prescriptions', '--project', root, '--json']);
    const suggested = JSON.parse(json.stdout) as TestSuggestions;
    const ids = suggested.suggestions.map((s) => s.id);
    // What the example declares already (tests, and the constraints its enforced contract checks) is not proposed.
    expect(ids).not.toContain('unique.prescription_id');
    expect(ids).not.toContain('not_null.customer_id');
    expect(ids).not.toContain('not_null.product_id');
    expect(ids.some((id) => id.startsWith('relationships.customer_id'))).toBe(false);
    expect(ids).toEqual(expect.arrayContaining(['not_null.lake_month', 'range.quantity', 'range.net_sales', 'variation.row_count.prescription_month']));

    const schema = path.join(root, 'models/marts/schema.yml');
    const before = await readFile(schema, 'utf8');
    const accepted = await assay(['suggest-tests', 'fact_prescriptions', '--project', root, '--accept', 'not_null.lake_month,range.net_sales', '--json']);
    expect(accepted.code).toBe(0);
    const result = JSON.parse(accepted.stdout) as AcceptedTests;
    expect(result).toMatchObject({ file: 'models/marts/schema.yml', created: false, alreadyDeclared: [] });
    expect(result.added.map((t) => t.id)).toEqual(['range.net_sales', 'not_null.lake_month']);
    const after = (await readFile(schema, 'utf8')).split('\n');
    expect(after.length).toBe(before.split('\n').length + 6);

    const again = await assay(['suggest-tests', 'fact_prescriptions', '--project', root, '--accept', 'range.net_sales']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/^assay: not \(or no longer\) suggested for fact_prescriptions: range\.net_sales \(suggested now: .*\); nothing was written\n$/);
    const report = path.join(root, 'out/tests.json');
    await assay(['test', '--project', root, '--select', 'fact_prescriptions', '--json', report]);
    const tests = (JSON.parse(await readFile(report, 'utf8')) as TestRunReport).tests;
    expect(tests.filter((t) => t.id === 'range.fact_prescriptions.net_sales' || t.id === 'not_null.fact_prescriptions.lake_month').map((t) => [t.id, t.status])).toEqual([
      ['range.fact_prescriptions.net_sales', 'pass'],
      ['not_null.fact_prescriptions.lake_month', 'pass'],
    ]);
  });
});
