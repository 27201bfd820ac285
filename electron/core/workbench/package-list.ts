import path from 'node:path';
import type { DeclaredPackage, PackageInfo, PackageList } from '../../../shared/package-types.js';
import type { ProjectError } from '../../../shared/project-types.js';
import { DepsError } from '../dbt/packages/deps-error.js';
import { readManifest, type InstalledEntry } from '../dbt/packages/installed-manifest.js';
import { loadInstalledPackages } from '../dbt/packages/installed-packages.js';
import { packageStateErrors } from '../dbt/packages/package-state.js';
import { readPackageSpecs, type PackageSpec } from '../dbt/packages/package-spec.js';

/**
 * The packages of a project as they are on disk now: what packages.yml (or dependencies.yml)
 * declares, what is installed under `installPath` (with the source and commit `assay deps` recorded),
 * and the problems that stop the project compiling, the same ones the project loader reports.
 */
export async function listPackages(root: string, installPath: string): Promise<PackageList> {
  const problems: ProjectError[] = [];
  const declared = await readPackageSpecs(root).catch((err: unknown) => {
    // The loader's check below reports the same problem with its file and line.
    if (err instanceof DepsError) return { file: null, specs: [] };
    throw err;
  });
  const loaded = await loadInstalledPackages(root, installPath);
  problems.push(...loaded.errors);
  problems.push(...(await packageStateErrors(root, installPath, loaded.packages.length).catch(depsProblems)));
  const manifest = (await readManifest(path.resolve(root, installPath))) ?? [];
  const installed = loaded.packages.map((pkg): PackageInfo => {
    const entry = manifest.find((e) => e.locked.name === pkg.name);
    return { name: pkg.name, folder: pkg.folder.split(path.sep).join('/'), ...describeEntry(entry, pkg.version) };
  });
  return { specFile: declared.file, installPath, declared: declared.specs.map(describeSpec), installed, problems };
}

function describeSpec(spec: PackageSpec): DeclaredPackage {
  const s = spec.source;
  const at = { file: spec.file, line: spec.line };
  if (s.kind === 'hub') return { source: 'hub', from: s.package, version: s.versions.join(', '), ...at };
  if (s.kind === 'git') return { source: 'git', from: s.subdirectory ? `${s.git} (${s.subdirectory})` : s.git, version: s.revision ?? null, ...at };
  return { source: 'local', from: s.local, version: null, ...at };
}

/** Where an installed package came from, as the manifest `assay deps` wrote says; a folder it did not write is `unknown`. */
function describeEntry(entry: InstalledEntry | undefined, projectVersion: string | undefined): Omit<PackageInfo, 'name' | 'folder'> {
  if (!entry) return { source: 'unknown', from: '-', version: projectVersion ?? '-' };
  const l = entry.locked;
  if (l.kind === 'hub') return { source: 'hub', from: l.package, version: l.version, commit: entry.commit ?? l.commit };
  if (l.kind === 'git') return { source: 'git', from: l.subdirectory ? `${l.git} (${l.subdirectory})` : l.git, version: projectVersion ?? entry.version ?? '-', commit: entry.commit ?? l.revision };
  return { source: 'local', from: l.local, version: projectVersion ?? entry.version ?? 'local' };
}

/** A malformed package-lock.yml: its problems, as project errors naming the file. */
export function depsProblems(err: unknown): ProjectError[] {
  if (!(err instanceof DepsError)) throw err;
  return err.problems.map((p) => ({ file: p.file ?? 'packages.yml', line: p.line, severity: 'error' as const, message: p.message }));
}
