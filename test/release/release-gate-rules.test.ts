import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { releaseCheck } from '../../electron/core/release/release-check.js';
import { signOff } from '../../electron/core/release/signoff.js';
import { runTestPipeline } from '../../electron/core/tests/test-pipeline.js';
import { initCommittedRepo } from '../helpers/git-repo.js';
import { minimalProject, writeTempProject } from '../helpers/temp-project.js';

const orders = {
  ...minimalProject,
  'models/orders.sql': 'select 1 as id',
  'models/orders.yml': 'models:\n  - name: orders\n    columns:\n      - name: id\n        tests: [unique]\n',
};

async function committed(files: Record<string, string>): Promise<string> {
  const root = await writeTempProject({ ...orders, ...files });
  await initCommittedRepo(root);
  return root;
}

const testsReason = async (root: string) => (await releaseCheck({ projectRoot: root })).reasons.find((r) => r.check === 'tests');

describe('the release gate says go only when everything declared ran and passed', () => {
  it('refuses a commit whose project has an error, naming the file, even when every test that ran passed', async () => {
    const root = await committed({ 'models/broken.yml': 'models:\n  - name: orders\n    columns: [\n' });
    const verdict = await releaseCheck({ projectRoot: root });
    expect(verdict.go).toBe(false);
    const tests = verdict.reasons.find((r) => r.check === 'tests');
    expect(tests?.ok).toBe(false);
    expect(tests?.message).toMatch(/the project has 1 error\(s\): models\/broken\.yml:\d+: invalid YAML/);
  });

  it('refuses a commit with a dashboard that does not load, or whose chart is not valid Vega-Lite', async () => {
    const chart = 'title: Sales\nelements:\n  - name: n\n    query: "select 1 as n"\n    spec: {mark: nosuchmark, encoding: {x: {field: n, type: quantitative}}}\n';
    const root = await committed({ 'dashboards/sales.yml': chart });
    const tests = await testsReason(root);
    expect(tests?.ok).toBe(false);
    expect(tests?.message).toMatch(/dashboards\/sales\.yml:5: element 'n': invalid Vega-Lite spec/);
  });

  it('refuses an error-level test whose status is error (it measured nothing)', async () => {
    const root = await committed({ 'models/checks.yml': 'models:\n  - name: orders\n    tests:\n      - expression: {expression: "no_such_column > 0"}\n' });
    const tests = await testsReason(root);
    expect(tests).toMatchObject({ ok: false, items: ['expression.orders'] });
  });

  it('refuses an error-level test that was skipped (a variation with no previous run to compare with)', async () => {
    const root = await committed({ 'models/checks.yml': 'models:\n  - name: orders\n    tests:\n      - variation: {metric: "count(*)", compare_to: previous_run, error_pct: 10}\n' });
    const tests = await testsReason(root);
    expect(tests).toMatchObject({ ok: false, items: ['variation.orders'] });
    expect(tests?.message).toContain('variation.orders (skipped)');
  });

  it('refuses a test whose model did not build, and the failed build itself', async () => {
    const root = await committed({ 'models/bad.sql': 'select nonsense from nowhere', 'models/bad.yml': 'models:\n  - name: bad\n    tests:\n      - row_count: {min: 1}\n' });
    const tests = await testsReason(root);
    expect(tests).toMatchObject({ ok: false, items: ['build.bad', 'row_count.bad'] });
  });

  it('a sign-off no longer counts once the commit builds a different environment (its data changed)', async () => {
    const root = await committed({
      '.gitignore': 'lake/\nreports/\n',
      'dbt_project.yml': `${minimalProject['dbt_project.yml']}assay:\n  require_signoff: true\n`,
      'models/lake.yml': "sources:\n  - name: lake\n    meta: {external_location: \"read_csv('lake/customers.csv')\"}\n    tables:\n      - name: customers\n",
      'models/customers.sql': "select * from {{ source('lake', 'customers') }}",
      'lake/customers.csv': 'id\n1\n2\n',
    });
    const report = await runTestPipeline({ projectRoot: root });
    const reportFile = path.join(root, 'reports', 'main.json');
    await mkdir(path.dirname(reportFile), { recursive: true });
    await writeFile(reportFile, JSON.stringify(report));
    expect((await signOff({ projectRoot: root, reportFile })).ok).toBe(true);
    expect((await releaseCheck({ projectRoot: root })).go).toBe(true);

    await writeFile(path.join(root, 'lake/customers.csv'), 'id\n1\n');
    const verdict = await releaseCheck({ projectRoot: root });
    expect(verdict.go).toBe(false);
    expect(verdict.reasons.find((r) => r.check === 'signoff')).toMatchObject({
      ok: false,
      message: expect.stringMatching(new RegExp(`signed off environment ${report.env_fingerprint.slice(0, 12)}, but the commit now builds [0-9a-f]{12}`)),
    });
  });
});
