import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitAll, initCommittedRepo } from '../helpers/git-repo.js';
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

    // A brand that is none of the select's options: a warning on stderr, not just empty charts.
    const typo = await assay(['dashboard', 'preview', 'launch', '--project', root, '--param', 'brand=velmora']);
    expect(typo.code).toBe(1); // the element tests asking for rows fail too
    expect(typo.stdout).toMatch(/top_prescribers\s+0 row\(s\)/);
    expect(typo.stderr).toMatch(/^warning: parameter 'brand': 'velmora' is not one of its options \('All', 'Arteva', .*, … \(13 in all\)\); did you mean 'Velmora'\? the elements that filter on it will find no rows$/m);
    const known = await assay(['dashboard', 'preview', 'launch', '--project', root, '--param', 'brand=Velmora']);
    expect(known.stderr).not.toMatch(/warning/);

    const unknown = await assay(['dashboard', 'preview', 'nope', '--project', root]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/there is no dashboard 'nope' \(the project has launch\)/);
  });

  it('prints its progress while it publishes: the gate, its builds and tests, each dashboard and the shared engine', async () => {
    const root = await copyFixture('pharma-launch');
    await initCommittedRepo(root);
    const schema = path.join(root, 'models/marts/schema.yml');
    await writeFile(schema, (await readFile(schema, 'utf8')).replace('          min_baseline: 10\n', '          min_baseline: 10\n          severity: warn\n'));
    await commitAll(root, 'the September drop is known: warn only');
    const out = path.join(root, '.assay', 'out');
    const published = await assay(['publish', '--project', root, '--out', out]);
    expect(published.code).toBe(0);
    expect(published.stdout).toMatch(/^published launch → .*launch\/index\.html \(commit [0-9a-f]{10}\)$/m);
    // Progress goes to stderr, one line per step with the time since the start, in order.
    const steps = published.stderr.split('\n').filter((line) => /^publish +\d+\.\ds  /.test(line)).map((line) => line.replace(/^publish +\d+\.\ds  /, ''));
    expect(steps).toEqual([
      'reading the project and its dashboards, each chart checked against the Vega-Lite schema',
      'checking the release gate: clean tree, tests on this commit, sign-off',
      expect.stringMatching(/^the release gate says go for [0-9a-f]{10}$/),
      'launch: running 4 queries on main',
      "launch: exporting the tables its queries read, for its controls",
      "compressing the query engine (DuckDB-Wasm) for the dashboards' controls",
      expect.stringMatching(/^query engine DuckDB-Wasm \d+\.\d+\.\d+: \d+\.\d MB → \d+\.\d MB gzipped, \d+\.\d MB in .*assay-engine, shared by the dashboards$/),
      expect.stringMatching(/^launch: written, controls re-query \d+ KB of data$/),
    ]);
    // Between the gate's first and last lines, its build and tests, node by node.
    const gate = published.stderr.slice(published.stderr.indexOf('checking the release gate'), published.stderr.indexOf('the release gate says go'));
    expect(gate).toMatch(/built +fact_prescriptions 23,851 rows/);
  }, 120_000);
});
