import { describe, expect, it } from 'vitest';
import { simpleGit } from 'simple-git';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { checkoutBranch, checkoutNewBranch, commitAll } from '../helpers/git-repo.js';
import { assay } from '../helpers/run-cli.js';
import { project, rows, server, started } from './shop-on-postgres.js';

/** The shop with the release gate on merge; the profile's default is DuckDB (`dev`), `pg` the server, `down` a port nothing listens on, `snow` an engine Assay does not run on. */
async function gatedShop() {
  const db = await server.createDatabase();
  const root = await project(
    db,
    { 'dbt_project.yml': 'name: shop\nversion: 1\nconfig-version: 2\nprofile: shop\nmodels:\n  shop:\n    +materialized: table\nassay:\n  release_check_on_merge: true\n' },
    { defaultTarget: 'dev', outputs: { dev: { type: 'duckdb' }, down: { type: 'postgres', host: db.host, port: 1, user: db.user, password: db.password, dbname: db.database, schema: 'analytics' }, snow: { type: 'snowflake', account: 'x' } } },
  );
  return { db, root, git: simpleGit(root) };
}

/** Commits `files` on a new branch made from main, then checks main out again. */
async function branchWith(root: string, branch: string, files: Record<string, string>): Promise<void> {
  await checkoutNewBranch(root, branch);
  for (const [file, text] of Object.entries(files)) await writeFile(path.join(root, file), text);
  await commitAll(root, `${branch}: ${Object.keys(files).join(', ')}`);
  await checkoutBranch(root, 'main');
}

describe.skipIf(!started.ok)('assay merge with release_check_on_merge on a warehouse target (issue 16)', () => {
  it('gates on the target --target names: no-go where the branch fails there, merged where it passes; without --target, on DuckDB', async () => {
    const { db, root, git } = await gatedShop();
    // list_value is DuckDB's: the model builds locally and fails on PostgreSQL.
    await branchWith(root, 'feature/duck-only', { 'models/pairs.sql': 'select list_value(1, 2) as pair\n' });
    await branchWith(root, 'feature/bigger', { 'models/big_orders.sql': "select * from {{ ref('stg_orders') }} where amount >= 15\n" });

    const good = await assay(['merge', 'feature/bigger', '-p', root, '--target', 'pg']);
    expect(good).toMatchObject({ code: 0, stdout: expect.stringContaining('"kind"') });
    // The gate built and tested the branch's commit on the server.
    const gated = await rows(db, "select env, status from assay_meta.environments where env like 'at~%'");
    expect(gated).toEqual([{ env: expect.stringMatching(/^at~[0-9a-f]{12}$/), status: 'ok' }]);

    const before = await git.revparse(['main']);
    const refused = await assay(['merge', 'feature/duck-only', '-p', root, '--target', 'pg']);
    expect(refused.code).not.toBe(0);
    expect(refused.stdout).toMatch(/^NO-GO for [0-9a-f]{10}\n/);
    expect(refused.stdout).toMatch(/✘ tests: .*build\.pairs \(error\)/);
    expect(refused.stderr).toContain('not merging feature/duck-only: the release gate says no-go');
    expect(await git.revparse(['main'])).toBe(before);

    // The same branch, gated on the profile's default (DuckDB): it builds and passes there, and is merged.
    const local = await assay(['merge', 'feature/duck-only', '-p', root]);
    expect(local.code).toBe(0);
    expect(await git.revparse(['main'])).not.toBe(before);
  });

  it('refuses a target the profile does not have or Assay cannot run on, naming it, gates on DuckDB when --target names it, and says no-go naming a target whose server cannot be reached', async () => {
    const { root, git } = await gatedShop();
    await branchWith(root, 'feature/bigger', { 'models/big_orders.sql': "select * from {{ ref('stg_orders') }} where amount >= 15\n" });
    const before = await git.revparse(['main']);

    const unknown = await assay(['merge', 'feature/bigger', '-p', root, '--target', 'prod']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain("profile 'shop' has no target 'prod' (it has dev, down, snow, pg)");
    const check = await assay(['release-check', '-p', root, '--target', 'prod']);
    expect(check.code).not.toBe(0);
    expect(check.stderr).toContain("profile 'shop' has no target 'prod' (it has dev, down, snow, pg)");

    const publish = await assay(['publish', '-p', root, '--target', 'prod']);
    expect(publish.code).not.toBe(0);
    expect(publish.stderr).toContain("profile 'shop' has no target 'prod' (it has dev, down, snow, pg)");
    expect(publish.stdout).not.toContain('published');

    const snow = await assay(['merge', 'feature/bigger', '-p', root, '--target', 'snow']);
    expect(snow.code).not.toBe(0);
    expect(snow.stderr).toContain("target 'snow' is a snowflake target: the release gate runs on DuckDB or on a type: postgres target");

    // Naming the DuckDB target is the local gate.
    const dev = await assay(['release-check', '-p', root, '--target', 'dev']);
    expect(dev).toMatchObject({ code: 0, stdout: expect.stringMatching(/^GO for [0-9a-f]{10}\n[^]*✔ tests: all \d+ error-level tests pass\n/) });

    const down = await assay(['merge', 'feature/bigger', '-p', root, '--target', 'down']);
    expect(down.code).not.toBe(0);
    expect(down.stdout).toMatch(/✘ tests: the tests could not run: target 'down' \(postgres:\/\/assay@127\.0\.0\.1:1\/\w+\): cannot connect/);
    expect(await git.revparse(['main'])).toBe(before);
  });
});
