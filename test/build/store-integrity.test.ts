import { readdir, readFile, stat, truncate, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BranchBuild } from '../../electron/core/build/build-branch.js';
import { assayPaths } from '../../electron/core/env/assay-paths.js';
import { prepareProject } from '../../electron/core/build/prepare-project.js';
import { openEngine } from '../../electron/core/engine/open-engine.js';
import { runTests } from '../../electron/core/tests/run-tests.js';
import type { TestRunReport } from '../../shared/test-types.js';
import { queryEnv } from '../helpers/env-reader.js';
import { assay } from '../helpers/run-cli.js';
import { minimalProject, writeTempProject } from '../helpers/temp-project.js';

/** A table of three positive amounts, with a range test that passes on them. */
async function project() {
  const root = await writeTempProject({
    ...minimalProject,
    'models/orders.sql': 'select * from (values (1, 10), (2, 20), (3, 30)) t(id, amount)',
    'models/orders.yml': 'models:\n  - name: orders\n    columns:\n      - name: amount\n        tests:\n          - range: {min: 0}\n',
  });
  expect((await assay(['build', '--project', root])).code).toBe(0);
  const storeFile = await ordersStoreFile(root);
  return { root, storeFile };
}

async function ordersStoreFile(root: string): Promise<string> {
  const [row] = await queryEnv(root, 'local', "select physical from _assay_nodes where node = 'orders'");
  return String(row?.physical);
}

/** Writes other rows into the store file itself, as a tamperer would. */
async function overwriteWith(file: string, select: string): Promise<void> {
  const engine = await openEngine({ path: ':memory:' });
  try {
    const conn = await engine.connect();
    const result = await conn.query(`COPY (${select}) TO '${file}' (FORMAT parquet)`);
    if (!result.ok) throw new Error(result.error);
    await conn.close();
  } finally {
    await engine.close();
  }
}

const buildJson = async (root: string) => JSON.parse((await assay(['build', '--project', root, '--json'])).stdout) as BranchBuild;

describe('a store file changed behind Assay\'s back', () => {
  it('truncated: the build is not up to date, rebuilds the node, says so and keeps the damaged file aside', async () => {
    const { root, storeFile } = await project();
    await truncate(storeFile, 10);
    const build = await buildJson(root);
    expect(build.target.status).toBe('ok');
    expect(build.target.nodes.find((n) => n.node === 'orders')?.status).toBe('built');
    expect(build.target.errors).toEqual([expect.objectContaining({ severity: 'warning', message: expect.stringMatching(/store file .*\.parquet of orders is not what was written \(its size is 10 bytes, \d+ when it was written\): moved it to .*\.tampered-\d+; rebuilding it/) })]);
    expect(await queryEnv(root, 'local', 'select sum(amount)::int as total from orders')).toEqual([{ total: 60 }]);
    expect((await readdir(path.dirname(storeFile))).some((name) => name.startsWith(`${path.basename(storeFile)}.tampered-`))).toBe(true);
  });

  it('rewritten with other rows: tests never report the outcome cached for the rows that were written', async () => {
    const { root, storeFile } = await project();
    const json = path.join(root, 'report.json');
    expect((await assay(['test', '--project', root, '--json', json])).code).toBe(0);
    await overwriteWith(storeFile, 'select * from (values (1, -10), (2, -20), (3, -30)) t(id, amount)');
    const run = await assay(['test', '--project', root, '--json', json]);
    const report = JSON.parse(await readFile(json, 'utf8')) as TestRunReport;
    // The build noticed and wrote the real rows again; the test measured them (or their own cached outcome).
    expect(run.code).toBe(0);
    expect(report.tests.map((t) => [t.id, t.status])).toEqual([['range.orders.amount', 'pass']]);
    expect(await queryEnv(root, 'local', 'select min(amount)::int as low from orders')).toEqual([{ low: 10 }]);
  });

  it('changed with its size and time kept: assay verify finds it (exit 1), sets it aside, and the next build writes it again', async () => {
    const { root, storeFile } = await project();
    const before = await stat(storeFile);
    const bytes = await readFile(storeFile);
    const changed = Buffer.from(bytes);
    const middle = Math.floor(changed.length / 2);
    changed.writeUInt8(changed.readUInt8(middle) ^ 0xff, middle);
    await writeFile(storeFile, changed);
    await utimes(storeFile, before.atimeMs / 1000, before.mtimeMs / 1000);
    // The cheap check cannot see it...
    expect((await buildJson(root)).target.status).toBe('up-to-date');
    // ...the thorough one does.
    const verify = await assay(['verify', '--project', root]);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toMatch(new RegExp(`^changed: \\.assay/store/${path.basename(storeFile)}: its content hashes to [0-9a-f]{12}, [0-9a-f]{12} when it was written; moved to .*tampered-\\d+, the next build writes it again$`, 'm'));
    expect(verify.stdout).toMatch(/^verified \d+ store files?: 1 not as written$/m);
    const rebuilt = await buildJson(root);
    expect(rebuilt.target.nodes.find((n) => n.node === 'orders')?.status).toBe('built');
    expect(await readFile(storeFile)).toEqual(bytes);
    const again = await assay(['verify', '--project', root]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/: all as written$/m);
  });

  it('tests run straight on an environment (no build first) measure nothing on it: an error naming the file', async () => {
    const { root, storeFile } = await project();
    await overwriteWith(storeFile, 'select * from (values (1, -10)) t(id, amount)');
    const { compiled, renderer, project: loaded } = await prepareProject(root, root);
    const [result] = await runTests({ projectRoot: root, compiled, renderer, env: 'local', tests: loaded.tests });
    expect(result).toMatchObject({ id: 'range.orders.amount', status: 'error', message: expect.stringMatching(/^not run: the store file of orders is not what was written \(/) });
  });

  it('an environment built from a store file whose record is gone is recorded again, as it is', async () => {
    const { root, storeFile } = await project();
    await writeFile(path.join(assayPaths(root).storeRecordsDir, `${path.basename(storeFile)}.json`), 'not json');
    expect((await buildJson(root)).target.status).toBe('up-to-date');
    expect((await assay(['verify', '--project', root])).code).toBe(0);
  });
});
