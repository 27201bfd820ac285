import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assay } from '../helpers/run-cli.js';
import { copyFixture } from '../helpers/temp-project.js';

describe("the example's fact table under its contract, through assay build (issue 15)", () => {
  it('builds as declared; a retyped column fails fact_prescriptions with the contract table, skips what reads it, exits 1', async () => {
    const root = await copyFixture('pharma-launch');
    const built = await assay(['build', '--project', root]);
    expect(built.stderr).toMatch(/built\s+fact_prescriptions 23,851 rows/);
    expect(built.code).toBe(0);

    const fact = path.join(root, 'models/marts/fact_prescriptions.sql');
    await writeFile(fact, (await readFile(fact, 'utf8')).replace('    v.quantity,\n', '    v.quantity::bigint as quantity,\n'));
    const retyped = await assay(['build', '--project', root]);
    expect(retyped.code).toBe(1);
    expect(retyped.stderr).toContain('FAILED  fact_prescriptions');
    expect(retyped.stderr).toContain('    models/marts/fact_prescriptions.sql: fact_prescriptions has an enforced contract that failed');
    expect(retyped.stderr).toMatch(/^ {4}\| quantity +\| BIGINT +\| INTEGER +\| data type mismatch +\| models\/marts\/schema\.yml:\d+ +\|$/m);
    expect(retyped.stderr).toMatch(/skipped\s+customers_per_month \(upstream fact_prescriptions failed\)/);
    expect(retyped.stderr).toMatch(/local: failed \(\d+ built, \d+ reused, 1 failed, \d+ skipped\)/);
  });
});
