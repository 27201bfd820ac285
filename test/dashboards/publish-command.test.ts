import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { initCommittedRepo } from '../helpers/git-repo.js';
import { copyFixture } from '../helpers/temp-project.js';
import { assay } from '../helpers/run-cli.js';

describe('assay publish and assay dashboard preview', () => {
  it('refuses to publish with exit 1 naming the failing test, and previews with SVGs', async () => {
    const root = await copyFixture('pharma-launch');
    await initCommittedRepo(root);
    const refused = await assay(['publish', '--project', root]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/not publishing: the release gate says no-go/);
    expect(refused.stderr).toMatch(/✘ tests: 1 test\(s\) failed or could not run: variation\.fact_prescriptions \(fail\)/);

    const svgDir = path.join(root, '.assay', 'svg');
    const preview = await assay(['dashboard', 'preview', 'launch', '--project', root, '--param', 'brand=Velmora', '--param', 'top_n=3', '--svg', svgDir]);
    expect(preview.code).toBe(0);
    expect(preview.stdout).toMatch(/top_prescribers\s+3 row\(s\)/);
    expect(preview.stdout).toMatch(/warn\s+range\.dashboard:launch\.customer_variation/);
    expect((await readdir(svgDir)).sort()).toEqual(['customer_variation.svg', 'customers_per_month.svg', 'market_share.svg', 'top_prescribers.svg']);

    const unknown = await assay(['dashboard', 'preview', 'nope', '--project', root]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/there is no dashboard 'nope' \(the project has launch\)/);
  });
});
