import { spawn } from 'node:child_process';
import { access, mkdir, readdir, rename, rm, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import { describe, expect, it } from 'vitest';
import { buildBranch } from '../../electron/core/build/build-branch.js';
import { buildEnvironment } from '../../electron/core/build/build-environment.js';
import { openEngine } from '../../electron/core/engine/open-engine.js';
import { assayPaths } from '../../electron/core/env/assay-paths.js';
import { readStoreRecord } from '../../electron/core/env/store-records.js';
import { readCatalog } from '../../electron/core/env/catalog.js';
import { collectGarbage, GarbageCollectionRefusedError } from '../../electron/core/env/collect-garbage.js';
import { lockEnvironment } from '../../electron/core/env/env-lock.js';
import { queryEnv } from '../helpers/env-reader.js';
import { checkoutBranch, checkoutNewBranch, commitAll, initCommittedRepo } from '../helpers/git-repo.js';
import { minimalProject, writeTempProject } from '../helpers/temp-project.js';

const exists = (file: string) => access(file).then(() => true, () => false);

const noGrace = { graceMs: 0 };
/** No history besides the current catalog, so that what these tests replace is garbage at once (env-history.test.ts covers kept catalogs). */
const project = { ...minimalProject, 'dbt_project.yml': `${minimalProject['dbt_project.yml']}assay:\n  env_history: 0\n` };
const modelB = (step: number) => `select id + ${step} as id from {{ ref('a') }}`;

function build(projectRoot: string, env: string) {
  return buildEnvironment({ projectRoot, env, branch: null, commit: null });
}

async function storeFiles(root: string): Promise<string[]> {
  return (await readdir(assayPaths(root).storeDir)).sort();
}

async function resultFileOf(root: string, env: string, node: string): Promise<string> {
  const catalog = await readCatalog(assayPaths(root).envFile(env));
  const physical = catalog.state === 'ok' ? catalog.entries.get(node)?.physical : null;
  if (!physical) throw new Error(`${env} has no stored result for ${node}`);
  return physical;
}

async function editB(root: string, step: number): Promise<void> {
  await writeFile(path.join(root, 'models/b.sql'), modelB(step));
}

/** `main` reads b's first version; `feature` moved from b's second version to its third, so the second is garbage. */
async function projectWithOneGarbageFile(): Promise<{ root: string; garbage: string }> {
  const root = await writeTempProject({ ...project, 'models/a.sql': 'select 1 as id', 'models/b.sql': modelB(1) });
  await build(root, 'main');
  await editB(root, 2);
  await build(root, 'feature');
  const garbage = await resultFileOf(root, 'feature', 'b');
  await editB(root, 3);
  await build(root, 'feature');
  return { root, garbage };
}

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid as number;
}

describe('assay gc: collecting the store', () => {
  it('removes exactly the store file no environment reads any more, and both environments still answer', async () => {
    const { root, garbage } = await projectWithOneGarbageFile();
    const before = await storeFiles(root);
    // Cached test outcomes (keyed by the content a store file was written with) go with their store
    // file, and so does its record.
    const { testCacheDir: cacheDir, storeDir, storeRecordsDir } = assayPaths(root);
    const kept = before.find((f) => f !== path.basename(garbage)) as string;
    const contentOf = async (name: string) => (await readStoreRecord(path.join(storeDir, name)))?.sha256 as string;
    const [garbageContent, keptContent] = [await contentOf(path.basename(garbage)), await contentOf(kept)];
    await mkdir(cacheDir, { recursive: true });
    for (const content of [garbageContent, keptContent]) await writeFile(path.join(cacheDir, `${content}.json`), '{}');

    const result = await collectGarbage({ projectRoot: root, ...noGrace });
    expect(await readdir(cacheDir)).toEqual([`${keptContent}.json`]);
    expect(await readdir(storeRecordsDir)).not.toContain(`${path.basename(garbage)}.json`);
    expect(await readdir(storeRecordsDir)).toContain(`${kept}.json`);

    expect(result.removed.map((r) => r.file)).toEqual([garbage]);
    expect(result.bytesFreed).toBe(result.removed[0]?.bytes);
    expect(result.bytesFreed).toBeGreaterThan(0);
    expect(result.kept).toBe(before.length - 1);
    expect(result.envsRead).toEqual(['feature', 'main']);
    expect(await storeFiles(root)).toEqual(before.filter((f) => f !== path.basename(garbage)));
    expect(await queryEnv(root, 'main', 'select id from b')).toEqual([{ id: 2 }]);
    expect(await queryEnv(root, 'feature', 'select id from b')).toEqual([{ id: 4 }]);
    expect((await collectGarbage({ projectRoot: root, ...noGrace })).removed).toEqual([]);

    await editB(root, 2);
    const rebuilt = await build(root, 'feature');
    expect(rebuilt.nodes.find((n) => n.node === 'b')?.status).toBe('built');
    expect(await queryEnv(root, 'feature', 'select id from b')).toEqual([{ id: 3 }]);
  });

  it('keeps a store file a view names even when no node records it as its result', async () => {
    const { root, garbage } = await projectWithOneGarbageFile();
    const engine = await openEngine({ path: assayPaths(root).envFile('feature') });
    try {
      const conn = await engine.connect();
      await conn.query(`CREATE VIEW b_second_version AS SELECT * FROM read_parquet('${garbage}')`);
      await conn.close();
    } finally {
      await engine.close();
    }

    expect((await collectGarbage({ projectRoot: root, ...noGrace })).removed).toEqual([]);
    expect(await queryEnv(root, 'feature', 'select id from b_second_version')).toEqual([{ id: 3 }]);
  });

  it('lists the same file on a dry run, and deletes nothing', async () => {
    const { root, garbage } = await projectWithOneGarbageFile();
    const before = await storeFiles(root);

    const result = await collectGarbage({ projectRoot: root, dryRun: true, ...noGrace });

    expect(result.removed.map((r) => r.file)).toEqual([garbage]);
    expect(result.bytesFreed).toBeGreaterThan(0);
    expect(await storeFiles(root)).toEqual(before);
  });

  it('keeps unreferenced files younger than the grace period, so a build that has not published yet keeps its results', async () => {
    const { root, garbage } = await projectWithOneGarbageFile();

    const fresh = await collectGarbage({ projectRoot: root });
    expect(fresh.removed).toEqual([]);
    expect(fresh.kept).toBe((await storeFiles(root)).length);

    const anHourAgo = new Date(Date.now() - 3_600_000);
    await utimes(garbage, anHourAgo, anHourAgo);
    expect((await collectGarbage({ projectRoot: root })).removed.map((r) => r.file)).toEqual([garbage]);
  });

  it('removes a store write a dead build left half-done, once it is past the grace period', async () => {
    const { root } = await projectWithOneGarbageFile();
    const halfWritten = path.join(assayPaths(root).storeDir, `${'0'.repeat(40)}.parquet.${await deadPid()}.k3j9x.tmp`);
    await writeFile(halfWritten, 'PAR1 half a file');

    expect((await collectGarbage({ projectRoot: root })).removed).toEqual([]);
    expect((await collectGarbage({ projectRoot: root, ...noGrace })).removed.map((r) => r.file)).toContain(halfWritten);
  });

  it('refuses while a build holds an environment lock, naming the environment, and removes nothing', async () => {
    const { root } = await projectWithOneGarbageFile();
    const before = await storeFiles(root);
    const release = await lockEnvironment(assayPaths(root).lockFile('feature'), 'feature');
    try {
      const refused = collectGarbage({ projectRoot: root, ...noGrace });
      await expect(refused).rejects.toThrow(GarbageCollectionRefusedError);
      await expect(refused).rejects.toThrow(/environment 'feature' is locked by another build \(pid \d+/);
      expect(await storeFiles(root)).toEqual(before);
    } finally {
      await release();
    }
    expect((await collectGarbage({ projectRoot: root, ...noGrace })).removed).toHaveLength(1);
  });

  it('refuses while a live process writes a catalog, and ignores one whose process is gone', async () => {
    const { root } = await projectWithOneGarbageFile();
    const paths = assayPaths(root);
    const before = await storeFiles(root);
    const writing = `${paths.envFile('main')}.build-${process.pid}-1700000000000`;
    await writeFile(writing, '');

    await expect(collectGarbage({ projectRoot: root, ...noGrace })).rejects.toThrow(`a build (pid ${process.pid}) is writing ${writing}`);
    expect(await storeFiles(root)).toEqual(before);

    const pid = await deadPid();
    await rename(writing, `${paths.envFile('main')}.build-${pid}-1700000000000`);
    const result = await collectGarbage({ projectRoot: root, ...noGrace });
    expect(result.removed).toHaveLength(1);
    expect(result.skippedEnvs).toEqual([{ env: 'main', reason: expect.stringContaining(`was being written by a build that died (pid ${pid})`) }]);
  });

  it('refuses on an unreadable catalog, naming the file, until that file is moved aside', async () => {
    const { root } = await projectWithOneGarbageFile();
    const paths = assayPaths(root);
    const before = await storeFiles(root);
    const broken = paths.envFile('broken');
    await writeFile(broken, 'this is not a DuckDB database');

    const refused = collectGarbage({ projectRoot: root, ...noGrace });
    await expect(refused).rejects.toThrow(GarbageCollectionRefusedError);
    await expect(refused).rejects.toThrow(`cannot tell which store files these environments read, because they cannot be read: ${broken} (`);
    expect(await storeFiles(root)).toEqual(before);

    await rename(broken, `${broken}.corrupt-1700000000000`);
    const result = await collectGarbage({ projectRoot: root, ...noGrace });
    expect(result.removed).toHaveLength(1);
    expect(result.skippedEnvs).toEqual([{ env: 'broken', reason: expect.stringContaining('left in place for inspection') }]);
  });

  it('puts back the files a gc that died had moved aside, and judges them again', async () => {
    const { root, garbage } = await projectWithOneGarbageFile();
    const live = await resultFileOf(root, 'main', 'b');
    const pid = await deadPid();
    await rename(live, `${live}.gc-${pid}`);
    await rename(garbage, `${garbage}.gc-${pid}`);

    const result = await collectGarbage({ projectRoot: root, ...noGrace });

    expect(result.removed.map((r) => r.file)).toEqual([garbage]);
    expect((await storeFiles(root)).filter((f) => f.includes('.gc-'))).toEqual([]);
    expect(await queryEnv(root, 'main', 'select id from b')).toEqual([{ id: 2 }]);
  });

  it("keeps the files of the base environment and of a commit's environment like any other", async () => {
    const root = await writeTempProject({ ...project, 'models/a.sql': 'select 1 as id', 'models/b.sql': modelB(1) });
    await initCommittedRepo(root);
    const firstCommit = (await simpleGit(root).revparse(['HEAD'])).trim();
    await editB(root, 2);
    await commitAll(root, 'b adds 2');
    await buildBranch({ projectRoot: root, branch: firstCommit });
    await checkoutNewBranch(root, 'feature/three');
    await editB(root, 3);
    await commitAll(root, 'b adds 3');
    const feature = await buildBranch({ projectRoot: root });
    expect(feature.base?.env).toBe('main');
    const commitEnv = `at~${firstCommit.slice(0, 12)}`;

    const result = await collectGarbage({ projectRoot: root, ...noGrace });

    expect(result.removed).toEqual([]);
    expect(result.envsRead).toEqual([commitEnv, 'feature~three', 'main']);
    expect(await queryEnv(root, commitEnv, 'select id from b')).toEqual([{ id: 2 }]);
    expect(await queryEnv(root, 'main', 'select id from b')).toEqual([{ id: 3 }]);
    expect(await queryEnv(root, 'feature~three', 'select id from b')).toEqual([{ id: 4 }]);

    const commitResult = await resultFileOf(root, commitEnv, 'b');
    await rm(assayPaths(root).envFile(commitEnv));
    expect((await collectGarbage({ projectRoot: root, ...noGrace })).removed.map((r) => r.file)).toEqual([commitResult]);
  });

  it("removes a deleted branch's environment and worktree with the files only it read, and keeps the rest", async () => {
    const root = await writeTempProject({ ...project, 'models/a.sql': 'select 1 as id', 'models/b.sql': modelB(1) });
    await initCommittedRepo(root);
    await buildBranch({ projectRoot: root });
    await checkoutNewBranch(root, 'feature/two');
    await editB(root, 2);
    await commitAll(root, 'b adds 2');
    await checkoutBranch(root, 'main');
    // Built from a worktree, as a reviewer builds a branch they have not checked out.
    await buildBranch({ projectRoot: root, branch: 'feature/two', record: true });
    const paths = assayPaths(root);
    const onlyFeature = await resultFileOf(root, 'feature~two', 'b');
    // What the app keeps of each branch's runs: its run history, test history and reports.
    await buildBranch({ projectRoot: root, record: true });
    const ranTests = (env: string) => [path.join(paths.historyDir, `${env}.jsonl`), path.join(paths.reportsDir, `${env}.latest.json`), path.join(paths.reportsDir, `${env}.board.json`)];
    await mkdir(paths.historyDir, { recursive: true });
    await mkdir(paths.reportsDir, { recursive: true });
    for (const file of [...ranTests('main'), ...ranTests('feature~two')]) await writeFile(file, '{}\n');
    expect((await readdir(paths.runsDir)).sort()).toEqual(['feature~two', 'main']);
    expect((await readdir(paths.worktreesDir)).sort()).toEqual(['feature~two']);

    await simpleGit(root).deleteLocalBranch('feature/two', true);
    const dry = await collectGarbage({ projectRoot: root, dryRun: true, ...noGrace });
    expect(dry.removedEnvs).toEqual([{ env: 'feature~two', branch: 'feature/two' }]);
    expect(dry.removed.map((r) => r.file)).toEqual([onlyFeature]);
    expect(await readdir(paths.envsDir)).toContain('feature~two.duckdb');

    const result = await collectGarbage({ projectRoot: root, ...noGrace });
    expect(result.removedEnvs).toEqual([{ env: 'feature~two', branch: 'feature/two' }]);
    expect(result.removed.map((r) => r.file)).toEqual([onlyFeature]);
    expect(result.envsRead).toEqual(['main']);
    expect((await readdir(paths.envsDir)).filter((f) => f.endsWith('.duckdb'))).toEqual(['main.duckdb']);
    expect(await readdir(paths.worktreesDir)).toEqual([]);
    expect((await simpleGit(root).raw(['worktree', 'list'])).trim().split('\n')).toHaveLength(1);
    expect(await queryEnv(root, 'main', 'select id from b')).toEqual([{ id: 2 }]);
    // The deleted branch's runs went with it; main's stay.
    expect(await readdir(paths.runsDir)).toEqual(['main']);
    for (const file of ranTests('feature~two')) expect(await exists(file)).toBe(false);
    for (const file of ranTests('main')) expect(await exists(file)).toBe(true);
  });
});
