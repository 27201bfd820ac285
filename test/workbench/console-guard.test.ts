import { access, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperationArgs, OperationResults } from '../../shared/api.js';
import { queryEnvironment } from '../../electron/core/workbench/environment-console.js';
import { readProjectSnapshot } from '../../electron/core/workbench/project-session.js';
import { Workbench } from '../../electron/core/workbench/workbench.js';
import { assayPaths } from '../../electron/core/env/assay-paths.js';
import { initCommittedRepo } from '../helpers/git-repo.js';
import { minimalProject, tempDir, writeTempProject } from '../helpers/temp-project.js';

const exists = (file: string) => access(file).then(() => true, () => false);

describe('the SQL console runs one read-only SELECT on the branch environment (issue 19)', () => {
  let workbench: Workbench;
  let root: string;
  let outside: string;
  const query = async (args: OperationArgs<'queryEnvironment'>) => {
    const result = await workbench.dispatch('queryEnvironment', args);
    if (!result.ok) throw new Error(result.error);
    return result.value as OperationResults['queryEnvironment'];
  };
  const refusal = async (sql: string) => {
    const result = await workbench.dispatch('queryEnvironment', { sql });
    if (result.ok) throw new Error(`'${sql}' was run`);
    return result.error;
  };

  beforeAll(async () => {
    root = await writeTempProject({
      ...minimalProject,
      'data/customers.csv': 'id,region\n1,north\n2,south\n3,north\n',
      'models/lake.yml': 'sources:\n  - name: lake\n    meta: {external_location: "data/customers.csv"}\n    tables:\n      - name: customers\n',
      'models/by_region.sql': "select region, count(*) as customers from {{ source('lake', 'customers') }} group by region",
      'models/numbers.sql': 'select range as n from range(2500)',
    });
    await initCommittedRepo(root);
    outside = await tempDir('assay-outside-');
    await writeFile(path.join(outside, 'secret.csv'), 'secret\nhunter2\n');
    workbench = new Workbench({ home: await mkdtemp(path.join(tmpdir(), 'assay-home-')), watch: false, autoBuild: false });
    const opened = await workbench.dispatch('openProject', { dir: root });
    if (!opened.ok) throw new Error(opened.error);
    expect(await refusal('select 1')).toMatch(/environment 'main' has not been built yet: run a build first/);
    const built = await workbench.dispatch('startBuild', {});
    if (!built.ok) throw new Error(built.error);
  });
  afterAll(async () => workbench.close());

  it("reads the environment's models and the project's sources, with their columns", async () => {
    const result = await query({ sql: 'select * from by_region order by region;' });
    expect(result).toEqual({
      columns: [{ name: 'region', type: 'VARCHAR' }, { name: 'customers', type: 'BIGINT' }],
      rows: [{ region: 'north', customers: 2 }, { region: 'south', customers: 1 }],
      limit: 1000,
      truncated: false,
    });
    expect((await query({ sql: `select count(*) as n from read_csv('${path.join(root, 'data/customers.csv')}') -- the lake` })).rows).toEqual([{ n: 3 }]);
    // What the node view starts the console with: a source is read from its environment's snapshot of the files.
    const relationOf = async (node: string) => {
      const result = await workbench.dispatch('previewNode', { node });
      if (!result.ok) throw new Error(result.error);
      return (result.value as OperationResults['previewNode']).relation;
    };
    const source = await relationOf('source:lake.customers');
    expect(source).toMatch(/^read_parquet\('.*\.parquet'\)$/);
    expect((await query({ sql: `select * from ${source} limit 100` })).rows).toHaveLength(3);
    expect(await relationOf('by_region')).toBe('"by_region"');
  });

  it('reads at most the limit, and says that there was more', async () => {
    const capped = await query({ sql: 'select * from numbers', limit: 100 });
    expect([capped.rows.length, capped.truncated, capped.rows[99]]).toEqual([100, true, { n: 99 }]);
    expect((await query({ sql: 'select * from numbers' })).rows.length).toBe(1000);
    expect((await query({ sql: 'select * from numbers limit 7' })).truncated).toBe(false);
    expect((await workbench.dispatch('queryEnvironment', { sql: 'select 1', limit: 5001 })).ok).toBe(false);
  });

  it('refuses COPY, ATTACH, SET, INSTALL and a second statement, naming what it runs, and writes nothing', async () => {
    const target = path.join(outside, 'stolen.csv');
    const single = /only a single SELECT can be run here/;
    expect(await refusal(`copy (select * from by_region) to '${target}'`)).toMatch(single);
    expect(await refusal(`select 1; copy (select 42) to '${target}'`)).toMatch(single);
    expect(await refusal(`attach '${assayPaths(root).envFile('main')}' as rw`)).toMatch(single);
    expect(await refusal('set enable_external_access = true')).toMatch(single);
    expect(await refusal('install httpfs')).toMatch(single);
    expect(await refusal('create table t as select 1')).toMatch(single);
    expect(await exists(target)).toBe(false);
  });

  it('cannot read a file outside the store and the sources, or change the environment file', async () => {
    const envFile = assayPaths(root).envFile('main');
    const before = { bytes: await readFile(envFile), mtime: (await stat(envFile)).mtimeMs };
    expect(await refusal(`select * from read_csv('${path.join(outside, 'secret.csv')}')`)).toMatch(/Permission Error/);
    expect(await refusal("select * from read_text('/etc/passwd')")).toMatch(/Permission Error/);
    expect(await readFile(envFile)).toEqual(before.bytes);
    // The app's own readers of the environment are not locked down by a console query.
    expect((await workbench.dispatch('previewNode', { node: 'by_region' })).ok).toBe(true);
  });

  it('says why a query fails, and stops one that runs too long', async () => {
    expect(await refusal('select nope from by_region')).toMatch(/the query fails on environment 'main': Binder Error: .*nope/);
    expect(await refusal('selec 1')).toMatch(/the query does not parse/);
    const snapshot = await readProjectSnapshot(root);
    const slow = queryEnvironment({ projectRoot: root, compiled: snapshot.compiled, env: 'main', sql: 'select sum(a.range * b.range) from range(100000000) a, range(100000000) b', limit: 10, timeoutMs: 200 });
    await expect(slow).rejects.toThrow(/the query was stopped after 200 ms/);
  });
});
