import { readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBranch } from '../../electron/core/build/build-branch.js';
import { assayPaths } from '../../electron/core/env/assay-paths.js';
import { readCatalog } from '../../electron/core/env/catalog.js';
import { collectGarbage } from '../../electron/core/env/collect-garbage.js';
import { UnknownCatalogError } from '../../electron/core/env/history/catalog-history.js';
import { StoreFilesMissingError } from '../../electron/core/env/history/catalog-store-files.js';
import { environmentHistory } from '../../electron/core/env/history/environment-history.js';
import { EnvironmentNameError } from '../../electron/core/env/history/environment-name.js';
import { restoreEnvironment } from '../../electron/core/env/history/restore-environment.js';
import { RunLog } from '../../electron/core/runs/run-log.js';
import type { TestRunReport } from '../../shared/test-types.js';
import { queryEnv } from '../helpers/env-reader.js';
import { commitAll, initCommittedRepo } from '../helpers/git-repo.js';
import { writeTempProject } from '../helpers/temp-project.js';

const projectFile = (limit: number) => `name: demo\nversion: 1\nmodels:\n  demo:\n    +materialized: table\nassay:\n  env_history: ${limit}\n`;

/** A git project on `main` whose model `b` holds one row, `value`. */
async function project(limit: number): Promise<string> {
  const root = await writeTempProject({ 'dbt_project.yml': projectFile(limit), 'models/a.sql': 'select 1 as id', 'models/b.sql': "select 'v1' as value" });
  await initCommittedRepo(root);
  return root;
}

/** Commits a new version of `b` and builds main: one more published catalog. */
async function publishVersion(root: string, value: string): Promise<void> {
  await writeFile(path.join(root, 'models/b.sql'), `select '${value}' as value`);
  await commitAll(root, `b is ${value}`);
  const build = await buildBranch({ projectRoot: root });
  expect(build.target.status).toBe('ok');
}

const valueOfB = async (root: string) => (await queryEnv(root, 'main', 'select value from b'))[0]?.value;
const storeListing = async (root: string) => (await readdir(assayPaths(root).storeDir)).sort();
const resultFileOfB = async (root: string) => {
  const catalog = await readCatalog(assayPaths(root).envFile('main'));
  return catalog.state === 'ok' ? (catalog.entries.get('b')?.physical as string) : '';
};

describe('environment history: every publish keeps its catalog (issue 17)', () => {
  it('lists the kept catalogs newest first with commit, build and the current one marked, bounded by assay: env_history', async () => {
    const root = await project(2);
    await buildBranch({ projectRoot: root });
    for (const value of ['v2', 'v3', 'v4']) await publishVersion(root, value);
    // Nothing changed: an up-to-date build publishes nothing, and a rebuild of the same content keeps no second copy.
    await buildBranch({ projectRoot: root });
    await buildBranch({ projectRoot: root, select: ['b'] });

    const history = await environmentHistory(root, 'main');
    expect(history.limit).toBe(2);
    // The current one and the two before it: v1's catalog went when v4's was kept.
    expect(history.catalogs).toHaveLength(3);
    expect(history.catalogs.map((c) => c.current)).toEqual([true, false, false]);
    const current = await readCatalog(assayPaths(root).envFile('main'));
    expect(history.catalogs[0]?.commit).toBe(current.state === 'ok' ? current.info.commit : 'no catalog');
    expect(history.catalogs[1]?.commit).not.toBe(history.catalogs[0]?.commit);
    expect(history.catalogs[0]?.build).toMatchObject({ status: 'ok', counts: { built: 1, failed: 0 } });
    expect(history.catalogs.map((c) => c.id)).toEqual([...history.catalogs.map((c) => c.id)].sort().reverse());
    expect((await readdir(path.join(assayPaths(root).envHistoryDir, 'main'))).filter((f) => f.endsWith('.duckdb'))).toHaveLength(3);
  });

  it('names the test status known for each catalog: the newest test run of the same environment fingerprint', async () => {
    const root = await project(10);
    await buildBranch({ projectRoot: root });
    await publishVersion(root, 'v2');
    const [newest, older] = (await environmentHistory(root, 'main')).catalogs;
    const report = { branch: 'main', commit: older?.commit, env: 'main', env_fingerprint: older?.envFingerprint, started_at: new Date().toISOString(), finished_at: new Date().toISOString(), summary: { pass: 3, warn: 0, fail: 0, error: 0, skipped: 0 }, tests: [], project: 'demo' } as unknown as TestRunReport;
    await new RunLog(assayPaths(root).runsDir).recordTests(report, null);

    const listed = (await environmentHistory(root, 'main')).catalogs;
    expect(listed.find((c) => c.id === older?.id)?.tests).toMatchObject({ outcome: 'passed', counts: { pass: 3 }, scope: null });
    expect(listed.find((c) => c.id === newest?.id)?.tests).toBeNull();
  });

  it('restores an earlier catalog: the earlier rows, no rebuild, no new store file, the current marker moved, and the replaced one kept', async () => {
    const root = await project(10);
    await buildBranch({ projectRoot: root });
    await publishVersion(root, 'v2');
    expect(await valueOfB(root)).toBe('v2');
    const [v2, v1] = (await environmentHistory(root, 'main')).catalogs;
    const store = await storeListing(root);

    const restored = await restoreEnvironment(root, 'main', v1?.id as string);

    expect(await valueOfB(root)).toBe('v1');
    expect(restored.previousId).toBe(v2?.id);
    expect(restored.storeFilesChecked).toBeGreaterThan(0);
    expect(await storeListing(root)).toEqual(store);
    const after = (await environmentHistory(root, 'main')).catalogs;
    expect(after.map((c) => [c.id, c.current])).toEqual([[v2?.id, false], [v1?.id, true]]);
    // And back again.
    await restoreEnvironment(root, 'main', v2?.id as string);
    expect(await valueOfB(root)).toBe('v2');
  });

  it('refuses an id the history does not have, listing the ones it has', async () => {
    const root = await project(10);
    await buildBranch({ projectRoot: root });
    const [only] = (await environmentHistory(root, 'main')).catalogs;
    const refused = restoreEnvironment(root, 'main', '20240101T000000000Z-abcdef');
    await expect(refused).rejects.toThrow(UnknownCatalogError);
    await expect(refused).rejects.toThrow(`there is no catalog '20240101T000000000Z-abcdef' in the history of environment 'main': it keeps ${only?.id}`);
    await expect(restoreEnvironment(root, 'main', '../../etc/passwd')).rejects.toThrow(UnknownCatalogError);
  });

  it('refuses a catalog whose store files were removed or changed, naming them, and changes nothing', async () => {
    const root = await project(10);
    await buildBranch({ projectRoot: root });
    const v1File = await resultFileOfB(root);
    await publishVersion(root, 'v2');
    const [, v1] = (await environmentHistory(root, 'main')).catalogs;
    const envFile = assayPaths(root).envFile('main');
    const before = await stat(envFile);

    // Changed with its size and time kept: only its hash tells, which --verify asks for.
    const bytes = await readFile(v1File);
    const at = (await stat(v1File)).mtime;
    bytes[10] = bytes[10] === 0 ? 1 : 0;
    await writeFile(v1File, bytes);
    await utimes(v1File, at, at);
    await expect(restoreEnvironment(root, 'main', v1?.id as string, { verify: true })).rejects.toThrow(new RegExp(`${path.basename(v1File)} \\(b\\): its content hashes to`));
    // Changed as a change usually is (another size or time): the check a build makes tells.
    await writeFile(v1File, Buffer.concat([bytes, Buffer.from('x')]));
    await expect(restoreEnvironment(root, 'main', v1?.id as string)).rejects.toThrow(new RegExp(`${path.basename(v1File)} \\(b\\): `));
    expect((await stat(envFile)).ino).toBe(before.ino);

    await rm(v1File);
    const refused = restoreEnvironment(root, 'main', v1?.id as string);
    await expect(refused).rejects.toThrow(StoreFilesMissingError);
    await expect(refused).rejects.toThrow(`${path.basename(v1File)} (b): it is missing. Nothing was changed`);
    expect((await stat(envFile)).ino).toBe(before.ino);
    expect(await valueOfB(root)).toBe('v2');
  });

  it('refuses a branch name that is not valid before touching anything', async () => {
    const root = await project(10);
    await expect(restoreEnvironment(root, 'bad..name', '20240101T000000000Z-abcdef')).rejects.toThrow(EnvironmentNameError);
    await expect(environmentHistory(root, '../main')).rejects.toThrow(/invalid branch name "..\/main"/);
  });
});

describe('gc and kept catalogs (issue 17)', () => {
  it('keeps every store file a kept catalog reads, drops the ones none reads, and drops history beyond a lowered limit', async () => {
    const root = await project(1);
    await buildBranch({ projectRoot: root });
    const v1File = await resultFileOfB(root);
    await publishVersion(root, 'v2');
    const v2File = await resultFileOfB(root);
    await publishVersion(root, 'v3');
    const [, v2] = (await environmentHistory(root, 'main')).catalogs;

    const gc = await collectGarbage({ projectRoot: root, graceMs: 0 });
    // v1's catalog went past the limit: nothing reads its b any more. v2's is kept, and so is its b.
    expect(gc.removed.map((r) => r.file)).toEqual([v1File]);
    expect(gc.keptCatalogsRead).toBe(2);
    await restoreEnvironment(root, 'main', v2?.id as string);
    expect(await valueOfB(root)).toBe('v2');
    await restoreEnvironment(root, 'main', (await environmentHistory(root, 'main')).catalogs[0]?.id as string);

    // The limit lowered to 0: gc drops v2's catalog, and then its file.
    await writeFile(path.join(root, 'dbt_project.yml'), projectFile(0));
    const dry = await collectGarbage({ projectRoot: root, graceMs: 0, dryRun: true });
    expect(dry.droppedCatalogs.map((d) => d.id)).toEqual([v2?.id]);
    expect(dry.removed.map((r) => r.file)).toEqual([v2File]);
    expect((await environmentHistory(root, 'main')).catalogs).toHaveLength(2);
    const lowered = await collectGarbage({ projectRoot: root, graceMs: 0 });
    expect(lowered.removed.map((r) => r.file)).toEqual([v2File]);
    expect((await environmentHistory(root, 'main')).catalogs.map((c) => c.current)).toEqual([true]);
    expect(await valueOfB(root)).toBe('v3');
  });
});
