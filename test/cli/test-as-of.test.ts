import { access, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TestRunReport } from '../../shared/test-types.js';
import { assayPaths } from '../../electron/core/env/assay-paths.js';
import { initCommittedRepo } from '../helpers/git-repo.js';
import { lakeProject, lakeSources } from '../helpers/lake-project.js';
import { assay } from '../helpers/run-cli.js';
import { minimalProject, writeTempProject } from '../helpers/temp-project.js';

const exists = (file: string) => access(file).then(() => true, () => false);

/** Three deliveries; the third lost most of its orders, which a variation test per delivery month catches. */
async function shrinkingLake(): Promise<string> {
  const root = await lakeProject({ '2024-01': '1,10\n2,20\n3,30\n', '2024-02': '4,10\n5,20\n6,30\n', '2024-03': '7,10\n' });
  await writeFile(path.join(root, 'models/sources.yml'), `${lakeSources('lake/{delivery_month}/orders.csv')}        tests:
          - variation:
              metric: "count(*)"
              period: {column: delivery_month, grain: month}
              compare_to: previous_period
              error_pct: 50
              direction: drop
`);
  return root;
}

const readReport = async (file: string) => JSON.parse(await readFile(file, 'utf8')) as TestRunReport;
const variationOf = (report: TestRunReport) => report.tests.find((t) => t.kind === 'variation');

describe('assay test --as-of (issue 17)', () => {
  it('tests the lake as of a delivery: green before the shrunk delivery, red on it, each report under its own environment', async () => {
    const root = await shrinkingLake();
    const json = path.join(root, 'out/report.json');

    const before = await assay(['test', '--project', root, '--as-of', '2024-02', '--json', json]);
    expect(before.stderr).not.toMatch(/error/i);
    expect(before.code).toBe(0);
    expect(before.stdout).toMatch(/PASSED: \d+ passed, 0 warned, 0 failed, 0 errored, 0 skipped \(main\^as-of~2024-02, /);
    const green = await readReport(json);
    expect(green.env).toBe('main^as-of~2024-02');
    expect(variationOf(green)).toMatchObject({ status: 'pass', observed: 3, baseline: 3 });

    const after = await assay(['test', '--project', root, '--as-of', '2024-03', '--json', json]);
    expect(after.code).toBe(1);
    expect(after.stdout).toMatch(/FAILED: .*\(main\^as-of~2024-03, /);
    expect(variationOf(await readReport(json))).toMatchObject({ status: 'fail', observed: 1, baseline: 3 });

    // Each run's latest report is its as-of environment's; the branch's own environment was neither built nor tested.
    const paths = assayPaths(root);
    expect(await exists(path.join(paths.reportsDir, 'main^as-of~2024-02.latest.json'))).toBe(true);
    expect(await exists(path.join(paths.reportsDir, 'main^as-of~2024-03.latest.json'))).toBe(true);
    expect(await exists(path.join(paths.reportsDir, 'main.latest.json'))).toBe(false);
    expect(await exists(paths.envFile('main'))).toBe(false);
  });

  it('refuses a date it cannot read and a date before the first delivery as build --as-of does, exit 2', async () => {
    const root = await shrinkingLake();
    const malformed = await assay(['test', '--project', root, '--as-of', '2024-13']);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain("--as-of '2024-13' is not a date: write it as YYYY-MM, YYYY-MM-DD or YYYYMMDD (e.g. 2024-08)");
    const early = await assay(['test', '--project', root, '--as-of', '2023-12']);
    expect(early.code).toBe(2);
    expect(early.stdout + early.stderr).toContain('--as-of 2023-12 is before its first delivery (lake/2024-01/orders.csv, 2024-01)');
  });

  it('refuses --as-of on a project with no dated source, naming the date and saying what is missing, and builds nothing', async () => {
    const root = await writeTempProject({
      ...minimalProject,
      'rates.csv': 'rate\n1.5\n',
      'models/rates.yml': "version: 2\nsources:\n  - name: ref\n    tables:\n      - name: rates\n        meta:\n          external_location: 'rates.csv'\n",
    });
    await initCommittedRepo(root);
    for (const command of ['test', 'build']) {
      const run = await assay([command, '--project', root, '--as-of', '2024-08']);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('--as-of 2024-08: no source of this project has meta.deliveries');
    }
    expect(await exists(assayPaths(root).envFile('main^as-of~2024-08'))).toBe(false);
  });

  it('refuses test --as-of and gc --as-of on a PostgreSQL target instead of leaving the date out, before connecting', async () => {
    const root = await writeTempProject({
      'dbt_project.yml': 'name: demo\nversion: 1\nprofile: shop\n',
      // Nothing listens on port 1: a command that tried to connect would fail another way.
      'profiles.yml': 'shop:\n  target: pg\n  outputs:\n    pg:\n      type: postgres\n      host: 127.0.0.1\n      port: 1\n      user: u\n      password: p\n      dbname: d\n      schema: analytics\n',
    });
    await initCommittedRepo(root);
    for (const [args, command] of [[['test', '--as-of', '2024-08'], 'assay test'], [['gc', '--as-of'], 'assay gc']] as const) {
      const run = await assay([...args, '--project', root]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`${command} --as-of is not available on PostgreSQL targets yet`);
    }
  });
});
