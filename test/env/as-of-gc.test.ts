import { access, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBranch } from '../../electron/core/build/build-branch.js';
import { diffEnvironments } from '../../electron/core/diff/diff-environments.js';
import { assayPaths } from '../../electron/core/env/assay-paths.js';
import { recordAsOfUse } from '../../electron/core/env/as-of-use.js';
import { readCatalog } from '../../electron/core/env/catalog.js';
import { collectGarbage } from '../../electron/core/env/collect-garbage.js';
import { parseAsOf } from '../../electron/core/project/delivery-date.js';
import { queryEnv } from '../helpers/env-reader.js';
import { lakeProject } from '../helpers/lake-project.js';
import { assay } from '../helpers/run-cli.js';

const exists = (file: string) => access(file).then(() => true, () => false);
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);
const JANUARY = 'main^as-of~2024-01';
const FEBRUARY = 'main^as-of~2024-02';

/** The branch and two as-of environments; January's reads a smaller lake, so its source and model are store files of its own. */
async function lakeWithAsOfEnvironments(): Promise<string> {
  const root = await lakeProject({ '2024-01': '1,10\n', '2024-02': '2,20\n', '2024-03': '3,30\n' });
  await buildBranch({ projectRoot: root });
  for (const date of ['2024-01', '2024-02']) expect((await buildBranch({ projectRoot: root, asOf: parseAsOf(date) })).target.status).toBe('ok');
  return root;
}

/** The store files only `env` reads: its nodes' results that no other environment's catalog names. */
async function filesOnlyReadBy(root: string, env: string): Promise<string[]> {
  const paths = assayPaths(root);
  const physical = async (name: string) => {
    const catalog = await readCatalog(paths.envFile(name));
    return catalog.state === 'ok' ? [...catalog.entries.values()].flatMap((e) => (e.physical ? [e.physical] : [])) : [];
  };
  const others = new Set((await Promise.all([...(await readdir(paths.envsDir))].filter((f) => f.endsWith('.duckdb') && f !== `${env}.duckdb`).map((f) => physical(f.slice(0, -'.duckdb'.length))))).flat());
  return (await physical(env)).filter((file) => !others.has(file));
}

const ordersIn = async (root: string, env: string) => (await queryEnv(root, env, 'select count(*) as n from orders'))[0]?.n;

describe('gc and as-of environments (issue 17)', () => {
  it('drops an as-of environment not built or read for longer than as_of_keep_days, with its store files and history; one read since stays', async () => {
    const root = await lakeWithAsOfEnvironments();
    const paths = assayPaths(root);
    const januaryFiles = await filesOnlyReadBy(root, JANUARY);
    expect(januaryFiles.length).toBeGreaterThan(0);
    await recordAsOfUse(paths, JANUARY, daysAgo(8));
    await recordAsOfUse(paths, FEBRUARY, daysAgo(8));
    // A diff reads February's environment today: that is a use.
    await diffEnvironments({ projectRoot: root, base: 'as-of~2024-02', compare: 'main' });
    // The use of a build that was refused before it published anything.
    await recordAsOfUse(paths, 'main^as-of~2023-01');

    const gc = await collectGarbage({ projectRoot: root, graceMs: 0 });

    expect(gc.droppedAsOfEnvs).toEqual([{ env: JANUARY, lastUsed: expect.any(String), reason: expect.stringMatching(/^not built or read for 8 days \(assay: as_of_keep_days: 7\)$/) }]);
    expect(await exists(paths.envFile(JANUARY))).toBe(false);
    expect(await exists(path.join(paths.envHistoryDir, JANUARY))).toBe(false);
    expect(gc.removed.map((r) => r.file).sort()).toEqual([...januaryFiles].sort());
    for (const file of januaryFiles) expect(await exists(file)).toBe(false);
    expect(gc.envsRead.sort()).toEqual(['main', FEBRUARY]);
    expect(await readdir(paths.asOfUseDir)).toEqual([FEBRUARY]);
    expect(await ordersIn(root, FEBRUARY)).toBe(2);
    expect(await ordersIn(root, 'main')).toBe(3);
    // Dropped is not lost: the next use builds it again.
    expect((await buildBranch({ projectRoot: root, asOf: parseAsOf('2024-01') })).target.status).toBe('ok');
    expect(await ordersIn(root, JANUARY)).toBe(1);
  });

  it('assay gc --as-of drops every as-of environment however recently used, naming each; --dry-run only lists them', async () => {
    const root = await lakeWithAsOfEnvironments();
    const paths = assayPaths(root);

    const dry = await assay(['gc', '--project', root, '--as-of', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`would drop as-of environment '${JANUARY}': assay gc --as-of drops every as-of environment`);
    expect(dry.stdout).toContain(`would drop as-of environment '${FEBRUARY}'`);
    expect(await exists(paths.envFile(JANUARY))).toBe(true);

    const kept = await assay(['gc', '--project', root]);
    expect(kept.stdout).not.toContain('as-of environment');

    const dropped = await assay(['gc', '--project', root, '--as-of', '--json']);
    expect(dropped.code).toBe(0);
    expect((JSON.parse(dropped.stdout) as { droppedAsOfEnvs: { env: string }[] }).droppedAsOfEnvs.map((d) => d.env)).toEqual([JANUARY, FEBRUARY]);
    expect((await readdir(paths.envsDir)).filter((f) => f.endsWith('.duckdb'))).toEqual(['main.duckdb']);
  });

  it('refuses an as_of_keep_days that is not a whole number of days, naming the file, line and value, and removes nothing', async () => {
    const root = await lakeWithAsOfEnvironments();
    await writeFile(path.join(root, 'dbt_project.yml'), 'name: lake_demo\nversion: 1\nassay:\n  as_of_keep_days: a week\n');
    const run = await assay(['gc', '--project', root, '--as-of']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('dbt_project.yml:4: assay.as_of_keep_days: must be a whole number of days (0 or more), not "a week"');
    expect(await exists(assayPaths(root).envFile(JANUARY))).toBe(true);
  });
});
