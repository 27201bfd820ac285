import { access, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { diffQuery } from '../../electron/core/diff/query-diff.js';
import { assayPaths } from '../../electron/core/env/assay-paths.js';
import { checkoutNewBranch, commitAll, initCommittedRepo } from '../helpers/git-repo.js';
import { assay } from '../helpers/run-cli.js';
import { minimalProject, tempDir, writeTempProject } from '../helpers/temp-project.js';

const exists = (file: string) => access(file).then(() => true, () => false);

/** `main` and a branch `change`, each with a table model, a view over it and a source read from a CSV. */
async function project() {
  const root = await writeTempProject({
    ...minimalProject,
    'data/customers.csv': 'id,region\n1,north\n2,south\n',
    'models/lake.yml': 'sources:\n  - name: lake\n    meta: {external_location: "data/customers.csv"}\n    tables:\n      - name: customers\n',
    'models/m.sql': "select c.id, c.region, 10 as v from {{ source('lake', 'customers') }} c",
    'models/by_region.sql': "{{ config(materialized='view') }}\nselect region, sum(v) as total from {{ ref('m') }} group by region",
  });
  await initCommittedRepo(root);
  await checkoutNewBranch(root, 'change');
  await writeFile(path.join(root, 'models/m.sql'), "select c.id, c.region, 20 as v from {{ source('lake', 'customers') }} c");
  await commitAll(root, 'the change');
  return root;
}

describe('a query diff runs the user SQL as one read-only SELECT, reading only the store and the sources', () => {
  let root: string;
  let outside: string;
  beforeAll(async () => {
    root = await project();
    outside = await tempDir('assay-outside-');
    await writeFile(path.join(outside, 'secret.csv'), 'secret\nhunter2\n');
  });
  const diff = (sql: string) => diffQuery({ projectRoot: root, base: 'main', compare: 'change', sql });

  it('still diffs a SELECT over views, tables and the sources', async () => {
    const result = await diff("select r.region, r.total, (select count(*) from {{ source('lake', 'customers') }}) as n from {{ ref('by_region') }} r");
    expect(result).toMatchObject({ status: 'modified', rows: { base: 2, compare: 2 } });
  });

  it('refuses a second statement that would write a file, and writes nothing', async () => {
    const target = path.join(outside, 'stolen.csv');
    await expect(diff(`select 1; COPY (select 42) TO '${target}'`)).rejects.toThrow(/only a single SELECT/);
    await expect(diff(`COPY (select 42) TO '${target}'`)).rejects.toThrow(/only a single SELECT/);
    expect(await exists(target)).toBe(false);
  });

  it('cannot read a file outside the project', async () => {
    await expect(diff(`select * from read_csv('${path.join(outside, 'secret.csv')}')`)).rejects.toThrow(/Permission Error/);
    await expect(diff("select * from read_text('/etc/passwd')")).rejects.toThrow(/Permission Error/);
  });

  it('cannot attach an environment read-write, change a setting, or overwrite a store file', async () => {
    const paths = assayPaths(root);
    const storeFiles = (await readdir(paths.storeDir)).filter((f) => f.endsWith('.parquet'));
    const victim = path.join(paths.storeDir, storeFiles[0] as string);
    const before = { bytes: await readFile(victim), mtime: (await stat(victim)).mtimeMs };
    await expect(diff(`ATTACH '${paths.envFile('main')}' AS rw`)).rejects.toThrow(/only a single SELECT/);
    await expect(diff('SET enable_external_access = true')).rejects.toThrow(/only a single SELECT/);
    await expect(diff(`select 1; COPY (select 1 as id) TO '${victim}' (FORMAT parquet)`)).rejects.toThrow(/only a single SELECT/);
    expect(await readFile(victim)).toEqual(before.bytes);
    expect((await stat(victim)).mtimeMs).toBe(before.mtime);
  });

  it('assay diff --query says why, without a stack trace (exit 2)', async () => {
    const run = await assay(['diff', 'main', 'change', '--project', root, '--query', `select 1; COPY (select 1) TO '${path.join(outside, 'x.csv')}'`]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^assay: only a single SELECT can be run here/m);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('stops a query that runs too long, and refuses a result too big to read, each saying so', async () => {
    const heavy = 'select count(*) as n from range(200000000) a, range(200000000) b';
    await expect(diffQuery({ projectRoot: root, base: 'main', compare: 'change', sql: heavy, timeoutMs: 300 })).rejects.toThrow(/stopped after 300 ms: a query diff runs a query for at most that long/);
    await expect(diffQuery({ projectRoot: root, base: 'main', compare: 'change', sql: 'select range as id from range(101)', maxRows: 100 })).rejects.toThrow(/more than 100 rows on main/);
    const fits = await diffQuery({ projectRoot: root, base: 'main', compare: 'change', sql: 'select range as id from range(100)', maxRows: 100 });
    expect(fits).toMatchObject({ status: 'unchanged', rows: { base: 100, compare: 100 } });
  });
});
