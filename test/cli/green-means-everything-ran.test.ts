import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TestRunReport } from '../../shared/test-types.js';
import { initCommittedRepo } from '../helpers/git-repo.js';
import { assay } from '../helpers/run-cli.js';
import { minimalProject, writeTempProject } from '../helpers/temp-project.js';

/** A model with a passing test, in its own schema file: what must survive an error elsewhere. */
const healthy = {
  ...minimalProject,
  'models/orders.sql': 'select 1 as id',
  'models/orders.yml': 'models:\n  - name: orders\n    columns:\n      - name: id\n        tests: [unique]\n',
};

async function committed(files: Record<string, string>): Promise<string> {
  const root = await writeTempProject({ ...healthy, ...files });
  await initCommittedRepo(root);
  return root;
}

async function testRun(root: string) {
  const json = path.join(root, 'out/report.json');
  const junit = path.join(root, 'out/junit.xml');
  const run = await assay(['test', '--project', root, '--json', json, '--junit', junit]);
  const report = JSON.parse(await readFile(json, 'utf8')) as TestRunReport;
  const statuses = Object.fromEntries(report.tests.map((t) => [t.id, t.status]));
  return { ...run, report, statuses, junit: await readFile(junit, 'utf8') };
}

describe('a run is green only when everything declared ran and passed (issue 20, section 1)', () => {
  it('a schema.yml with a YAML syntax error: build exits 2, test exits 2 naming the file, and the tests of the other files still run', async () => {
    const root = await committed({ 'models/broken.yml': 'models:\n  - name: orders\n    columns: [\n' });
    const build = await assay(['build', '--project', root]);
    expect(build.code).toBe(2);
    const run = await testRun(root);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^FAILED: 1 passed, 0 warned, 0 failed, 1 errored, 0 skipped/m);
    expect(run.stdout).toMatch(/project\.models\/broken\.yml:\d+: invalid YAML/);
    expect(run.statuses).toEqual({ 'unique.orders.id': 'pass', [`project.models/broken.yml:${run.report.project_errors?.[0]?.line}`]: 'error' });
    expect(run.junit).toMatch(/<testcase [^>]*name="error in models\/broken.yml"[^>]*><error message="invalid YAML/);
  });

  it('a model with a SQL error: its tests and those of its descendants are errors that name the cause, and test exits 1', async () => {
    const root = await committed({
      'models/bad.sql': 'select nonsense from nowhere',
      'models/after_bad.sql': "select * from {{ ref('bad') }}",
      'models/bad.yml': 'models:\n  - name: bad\n    columns:\n      - name: nonsense\n        tests: [not_null]\n  - name: after_bad\n    tests:\n      - row_count: {min: 1}\n',
    });
    expect((await assay(['build', '--project', root])).code).toBe(1);
    const run = await testRun(root);
    expect(run.code).toBe(1);
    expect(run.statuses).toEqual({ 'build.bad': 'error', 'unique.orders.id': 'pass', 'not_null.bad.nonsense': 'error', 'row_count.after_bad': 'error' });
    const byId = Object.fromEntries(run.report.tests.map((t) => [t.id, t]));
    expect(byId['build.bad']?.message).toMatch(/^bad did not build: models\/bad\.sql: .*nowhere/);
    expect(byId['not_null.bad.nonsense']?.message).toMatch(/^not run: bad did not build \(failed: models\/bad\.sql: .*nowhere/);
    expect(byId['row_count.after_bad']?.message).toBe('not run: after_bad did not build (skipped: not built: upstream node bad failed)');
    expect(run.report.summary).toEqual({ pass: 1, warn: 0, fail: 0, error: 3, skipped: 0 });
  });

  it('a failed model with no test of its own still fails the run', async () => {
    const root = await committed({ 'models/bad.sql': 'select nonsense from nowhere' });
    const run = await testRun(root);
    expect(run.code).toBe(1);
    expect(run.statuses).toEqual({ 'build.bad': 'error', 'unique.orders.id': 'pass' });
    expect(run.stdout).toMatch(/^FAILED/m);
  });

  it.each([
    ['a Jinja error', { 'models/m.sql': 'select {{ nope( }} 1 as id' }, 2, /build\.m: m did not build: models\/m\.sql:1: /],
    ['an unknown ref()', { 'models/m.sql': "select * from {{ ref('ghost') }}" }, 2, /build\.m: m did not build: .*ref\('ghost'\)/],
    ['a ref() cycle', { 'models/m.sql': "select * from {{ ref('m2') }}", 'models/m2.sql': "select * from {{ ref('m') }}" }, 2, /build\.m2: m2 did not build: .*ref\(\) cycle/],
    ['a CSV seed that does not parse', { 'seeds/s.csv': 'a,b\n1,2,3\n"x\n', 'models/m.sql': "select * from {{ ref('s') }}" }, 1, /build\.s: s did not build: seeds\/s\.csv/],
    [
      'a source whose file is missing',
      { 'models/lake.yml': "sources:\n  - name: lake\n    meta: {external_location: \"read_csv('lake/*.csv')\"}\n    tables:\n      - name: t\n", 'models/m.sql': "select * from {{ source('lake', 't') }}" },
      2,
      /source:lake\.t did not build|lake\/\*\.csv' matches no file/,
    ],
  ])('%s fails assay test and names the cause; the other tests still run', async (_what, files, code, cause) => {
    const root = await committed(files);
    const run = await testRun(root);
    expect(run.code).toBe(code);
    expect(run.stdout).toMatch(cause);
    expect(run.stdout).toMatch(/^FAILED/m);
    expect(run.statuses['unique.orders.id']).toBe('pass');
    expect(run.report.summary.skipped).toBe(0);
  });

  it('a test of an unknown kind is in the report as an error, and test exits 2', async () => {
    const root = await committed({ 'models/more.yml': 'models:\n  - name: orders\n    columns:\n      - name: id\n        tests: [not_null, frobnicate]\n' });
    expect((await assay(['build', '--project', root])).code).toBe(2);
    const run = await testRun(root);
    expect(run.code).toBe(2);
    expect(run.statuses).toEqual({ 'unique.orders.id': 'pass', 'not_null.orders.id': 'pass', 'frobnicate.orders.id': 'error' });
    expect(run.report.tests.find((t) => t.id === 'frobnicate.orders.id')).toMatchObject({ location: { file: 'models/more.yml', line: 5 }, message: expect.stringMatching(/^unknown test kind 'frobnicate'/) });
  });

  it('a dashboard whose YAML is invalid fails assay test, naming the file', async () => {
    const root = await committed({ 'dashboards/sales.yml': 'title: Sales\nelements: nope\n' });
    const run = await testRun(root);
    expect(run.code).toBe(2);
    expect(run.statuses['project.dashboards/sales.yml:2']).toBe('error');
    expect(run.report.tests.find((t) => t.kind === 'project')?.stage).toBe('output');
  });

  it('two models with the same name: build exits 2, printing the error once', async () => {
    const root = await committed({ 'models/a/dup.sql': 'select 1 as id', 'models/b/dup.sql': 'select 2 as id' });
    const build = await assay(['build', '--project', root]);
    expect(build.code).toBe(2);
    expect(build.stderr.match(/error: models\/b\/dup\.sql:1: model 'dup' writes to the name 'dup'/g)).toHaveLength(1);
    expect(build.stderr).toMatch(/main: ok \(2 built, 0 reused, 0 failed, 0 skipped; 1 project error\)/);
    expect((await testRun(root)).code).toBe(2);
  });

  it('a warning alone (a description of a model that does not exist) does not fail the build', async () => {
    const root = await committed({ 'models/ghost.yml': 'models:\n  - name: ghost\n' });
    const build = await assay(['build', '--project', root]);
    expect(build.stderr).toMatch(/^warning: models\/ghost\.yml:2: /m);
    expect(build.code).toBe(0);
  });
});
