import { lstat, mkdir, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { DepsError } from '../dbt/packages/deps-error.js';
import { installPackages } from '../dbt/packages/install-packages.js';
import { loadInstalledPackages } from '../dbt/packages/installed-packages.js';
import { packageStateErrors } from '../dbt/packages/package-state.js';
import { readPackageSpecs } from '../dbt/packages/package-spec.js';
import { readYamlFile } from '../project/yaml-file.js';

const installPathOf = z.looseObject({ 'packages-install-path': z.string().min(1).optional() });

/**
 * dbt packages are installed, not committed (`dbt_packages/` is in .gitignore), so a worktree made
 * for another branch or commit has none. It gets the working tree's install, linked, when that
 * matches what its own packages.yml and package-lock.yml pin; otherwise its own pins are installed
 * into it, as `assay deps` would (from git, whose configuration applies). A failure names the commit.
 */
export async function providePackages(projectRoot: string, buildRoot: string, commit: string): Promise<void> {
  const declared = await readPackageSpecs(buildRoot).catch(() => null);
  if (!declared?.file || declared.specs.length === 0) return;
  const parsed = await readYamlFile(buildRoot, 'dbt_project.yml', installPathOf).catch(() => null);
  const installPath = (parsed?.ok ? parsed.yaml.value['packages-install-path'] : undefined) ?? 'dbt_packages';
  if (path.isAbsolute(installPath)) return;
  const target = path.join(buildRoot, installPath);
  const existing = await lstat(target).catch(() => null);
  if (existing && !existing.isSymbolicLink()) return;

  const linked = path.join(projectRoot, installPath);
  if (await lstat(linked).catch(() => null)) {
    await rm(target, { force: true });
    await mkdir(path.dirname(target), { recursive: true });
    await symlink(linked, target, 'dir');
    if (await matchesItsPins(buildRoot, installPath)) return;
  }
  await rm(target, { force: true });
  try {
    await installPackages({ projectRoot: buildRoot });
  } catch (err) {
    if (!(err instanceof DepsError)) throw err;
    throw new DepsError([{ message: `the dbt packages ${commit.slice(0, 8)} pins are not the ones installed in the working tree, and installing them failed: ${err.message}` }]);
  }
}

async function matchesItsPins(buildRoot: string, installPath: string): Promise<boolean> {
  const installed = await loadInstalledPackages(buildRoot, installPath);
  return (await packageStateErrors(buildRoot, installPath, installed.packages.length)).length === 0;
}
