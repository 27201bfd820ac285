import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBranch } from '../../electron/core/build/build-branch.js';
import { installPackages } from '../../electron/core/dbt/packages/install-packages.js';
import { queryEnv } from '../helpers/env-reader.js';
import { checkoutNewBranch, commitAll, initCommittedRepo } from '../helpers/git-repo.js';
import { writeTempProject } from '../helpers/temp-project.js';

/**
 * Installed packages are not committed, so the worktree a base branch builds in has none: it must
 * get the install its own pins name (the working tree's when they match), never build without it.
 */
const kit = (name: string, factor: number) => ({
  [`vendor/${name}/dbt_project.yml`]: `name: ${name}\nversion: '1.0.0'\n`,
  [`vendor/${name}/macros/scale.sql`]: `{% macro scale_${name}(x) %}({{ x }} * ${factor}){% endmacro %}`,
});

async function projectWithKit() {
  const root = await writeTempProject({
    ...kit('kit', 10),
    ...kit('kit2', 100),
    '.gitignore': 'dbt_packages/\n.assay/\n',
    'dbt_project.yml': 'name: shop\nmodels:\n  shop:\n    +materialized: table\n',
    'packages.yml': 'packages:\n  - local: vendor/kit\n',
    'models/scaled.sql': 'select {{ kit.scale_kit(2) }} as value',
  });
  await installPackages({ projectRoot: root });
  await initCommittedRepo(root);
  return root;
}

describe("a base branch's worktree and dbt packages", () => {
  it("builds with the working tree's install when the pins match", async () => {
    const root = await projectWithKit();
    await checkoutNewBranch(root, 'feature/more');
    await writeFile(path.join(root, 'models/other.sql'), 'select 1 as one');
    await commitAll(root, 'another model');
    const result = await buildBranch({ projectRoot: root });
    expect(result.base?.errors).toEqual([]);
    expect(result.base?.status).toBe('ok');
    expect(result.target.status).toBe('ok');
    expect(await queryEnv(root, 'main', 'select value from scaled')).toEqual([{ value: 20 }]);
  });

  it('installs its own pins when the branch changed packages, and leaves the working tree\'s install alone', async () => {
    const root = await projectWithKit();
    await checkoutNewBranch(root, 'feature/kit2');
    await writeFile(path.join(root, 'packages.yml'), 'packages:\n  - local: vendor/kit\n  - local: vendor/kit2\n');
    await writeFile(path.join(root, 'models/scaled.sql'), 'select {{ kit2.scale_kit2(2) }} as value');
    await installPackages({ projectRoot: root });
    await commitAll(root, 'kit2');
    const result = await buildBranch({ projectRoot: root });
    expect(result.base?.errors).toEqual([]);
    expect(await queryEnv(root, 'main', 'select value from scaled')).toEqual([{ value: 20 }]);
    expect(await queryEnv(root, 'feature~kit2', 'select value from scaled')).toEqual([{ value: 200 }]);
    expect((await readdir(path.join(root, 'dbt_packages'))).filter((f) => !f.startsWith('.')).sort()).toEqual(['kit', 'kit2']);
    expect(await readFile(path.join(root, 'package-lock.yml'), 'utf8')).toContain('vendor/kit2');
  });

  it('names the commit and the package when its pins cannot be installed', async () => {
    const root = await projectWithKit();
    await writeFile(path.join(root, 'packages.yml'), `packages:\n  - git: "file://${root}/no-such-repo.git"\n    revision: v1\n`);
    await commitAll(root, 'a package that cannot be fetched');
    await checkoutNewBranch(root, 'feature/back');
    await writeFile(path.join(root, 'packages.yml'), 'packages:\n  - local: vendor/kit\n');
    await installPackages({ projectRoot: root });
    await commitAll(root, 'back to kit');
    await expect(buildBranch({ projectRoot: root })).rejects.toThrow(/dbt packages [0-9a-f]{8} pins .*no-such-repo/s);
  });
});
