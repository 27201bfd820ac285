import path from 'node:path';
import type { ProjectError } from '../../../../shared/project-types.js';
import { DepsError } from './deps-error.js';
import { installedMatchingLock, readManifest } from './installed-manifest.js';
import { packagesHash, readPackageLock } from './package-lock.js';
import { readPackageSpecs } from './package-spec.js';

/**
 * Whether the packages a project declares are the ones installed, as dbt checks before it
 * compiles: none installed, or an install that no longer matches packages.yml or package-lock.yml,
 * is an error naming `assay deps`, so that nothing builds on missing or stale macros. An install
 * made by dbt itself (no Assay manifest) is taken as it is.
 */
export async function packageStateErrors(root: string, installPath: string, installedCount: number): Promise<ProjectError[]> {
  let declared;
  try {
    declared = await readPackageSpecs(root);
  } catch (err) {
    if (err instanceof DepsError) return err.problems.map((p) => ({ file: p.file ?? 'packages.yml', line: p.line, severity: 'error' as const, message: p.message }));
    throw err;
  }
  if (!declared.file || declared.specs.length === 0) return [];
  const at = { file: declared.file, line: 1, severity: 'error' as const };
  if (installedCount === 0) {
    return [{ ...at, message: `${declared.file} declares ${declared.specs.length} dbt package(s), and none is installed in ${installPath}/: run assay deps` }];
  }
  const installDir = path.resolve(root, installPath);
  if (!(await readManifest(installDir))) return [];
  const lock = await readPackageLock(root);
  if (!lock) return [{ ...at, message: `${installPath}/ was installed without a package-lock.yml: run assay deps` }];
  if (lock.sha1Hash && lock.sha1Hash !== packagesHash(declared.specs)) {
    return [{ ...at, message: `${declared.file} changed since package-lock.yml was written: run assay deps to install what it declares now` }];
  }
  if (!(await installedMatchingLock(installDir, lock.packages, root))) {
    return [{ ...at, message: `${installPath}/ does not match package-lock.yml (a package is missing or at another version): run assay deps` }];
  }
  return [];
}
