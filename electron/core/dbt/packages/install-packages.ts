import { mkdir, rename, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { readYamlFile } from '../../project/yaml-file.js';
import { DepsError } from './deps-error.js';
import { hubRepositoryUrl } from './hub-repositories.js';
import { installedMatchingLock, writeManifest, type InstalledEntry } from './installed-manifest.js';
import { lockFileName, packagesHash, readPackageLock, writePackageLock, type LockedPackage } from './package-lock.js';
import { readPackageSpecs, renderPackageValue } from './package-spec.js';
import { PackageTrees } from './package-trees.js';
import { gitTarget, resolvePackages, type ResolvedPackage } from './resolve-packages.js';
import { versionsOfTags } from './resolve-versions.js';
import { replaceFolder, workFolderBeside } from './stage-install.js';

export interface DepsOptions {
  projectRoot: string;
  /** Resolve again from packages.yml, ignoring package-lock.yml (dbt deps --upgrade). */
  upgrade?: boolean;
  /** Only resolve and write package-lock.yml; install nothing (dbt deps --lock). */
  lockOnly?: boolean;
  /** One line per step (fetching, warnings), for a progress display. */
  onProgress?: (line: string) => void;
}

/** One package as installed (or locked). */
export interface DepsPackage {
  name: string;
  source: 'hub' | 'git' | 'local';
  /** `dbt-labs/dbt_utils`, a git URL, or a local path. */
  from: string;
  /** Hub: the version; git: the commit; local: `local`. */
  version: string;
  commit?: string;
  /** Its folder, relative to the project (`dbt_packages/dbt_utils`). */
  folder: string;
}

export interface DepsResult {
  /** installed: dbt_packages was replaced; up-to-date: it already matched the lock (nothing fetched); locked: --lock; none: no packages declared. */
  status: 'installed' | 'up-to-date' | 'locked' | 'none';
  packages: DepsPackage[];
  /** The packages.yml or dependencies.yml read, relative to the project. */
  specFile: string | null;
  lockWritten: boolean;
  installPath: string;
  warnings: string[];
  ms: number;
}

const rootProject = z.looseObject({
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a dbt project name (letters, digits, _)'),
  'packages-install-path': z.string().min(1).optional(),
});

/**
 * `assay deps`: installs the packages a dbt project declares as `dbt deps` (1.7+) does. With a
 * package-lock.yml made from the same packages.yml (same sha1_hash), the lock is installed as it
 * pins; otherwise (or with `upgrade`) the packages are resolved again and the lock rewritten. An
 * install folder that already matches the lock is left alone without touching the network. The new
 * folder is built beside the old one and renamed into place: a failure leaves the old one as it was.
 */
export async function installPackages(options: DepsOptions): Promise<DepsResult> {
  const started = performance.now();
  const root = path.resolve(options.projectRoot);
  const warnings: string[] = [];
  const progress = options.onProgress ?? (() => {});
  const warn = (message: string) => {
    warnings.push(message);
    progress(`warning: ${message}`);
  };
  const project = await readRootProject(root);
  const installDir = path.resolve(root, project['packages-install-path'] ?? 'dbt_packages');
  const installPath = path.relative(root, installDir) || '.';
  const declared = await readPackageSpecs(root);
  const result = (status: DepsResult['status'], packages: DepsPackage[], lockWritten: boolean): DepsResult => ({
    status, packages, specFile: declared.file, lockWritten, installPath, warnings, ms: Math.round(performance.now() - started),
  });
  if (declared.specs.length === 0) return result('none', [], false);

  const hash = packagesHash(declared.specs);
  const lock = options.upgrade ? null : await readPackageLock(root);
  const lockIsCurrent = lock !== null && lock.sha1Hash === hash;
  const folderOf = (name: string) => path.relative(root, path.join(installDir, name)) || name;

  if (lockIsCurrent && !options.lockOnly) {
    const installed = await installedMatchingLock(installDir, lock.packages, root);
    if (installed) return result('up-to-date', installed.map((e) => describe(e, folderOf)), false);
  }
  if (lockIsCurrent && options.lockOnly) return result('locked', lock.packages.map((locked) => describe({ locked, commit: lockedCommit(locked) }, folderOf)), false);

  const workDir = await workFolderBeside(installDir);
  try {
    const trees = new PackageTrees(path.join(workDir, 'fetched'), progress);
    const resolved = lockIsCurrent
      ? await fetchLocked(lock.packages, root, trees)
      : await resolvePackages(declared.specs, { root, rootName: project.name, installPath, trees, warn });
    const entries: InstalledEntry[] = resolved.map(({ locked, commit, version }) => ({ locked, commit, version }));
    if (!options.lockOnly) {
      const staged = path.join(workDir, 'staged');
      await mkdir(staged);
      for (const pkg of resolved) await placePackage(pkg, staged, installDir, root);
      await writeManifest(staged, entries);
      await replaceFolder(staged, installDir, workDir);
    }
    const lockWritten = !lockIsCurrent;
    if (lockWritten) await writePackageLock(root, resolved.map((r) => r.locked), hash);
    return result(options.lockOnly ? 'locked' : 'installed', entries.map((e) => describe(e, folderOf)), lockWritten);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

async function readRootProject(root: string) {
  const parsed = await readYamlFile(root, 'dbt_project.yml', rootProject).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') throw new DepsError([{ message: `${root} is not a dbt project: it has no dbt_project.yml` }]);
    throw err;
  });
  if (!parsed.ok) throw new DepsError(parsed.errors.map(({ file, line, message }) => ({ file, line, message })));
  return parsed.yaml.value;
}

/** Fetches each package as package-lock.yml pins it (its dependencies are in the lock already), all at once. */
function fetchLocked(lock: LockedPackage[], root: string, trees: PackageTrees): Promise<ResolvedPackage[]> {
  return Promise.all(lock.map(async (locked): Promise<ResolvedPackage> => {
    if (locked.kind === 'hub') {
      const url = hubRepositoryUrl(locked.package);
      const label = { label: `${locked.package} ${locked.version}` };
      let commit = locked.commit;
      let tag: string | undefined;
      if (!commit) {
        // dbt writes no commit for a hub package: its version's tag says which.
        const refs = await trees.remoteRefs(url, label);
        tag = versionsOfTags([...refs.tags.keys()]).get(locked.version);
        if (!tag) throw new DepsError([{ file: lockFileName, message: `${locked.package}: ${url} has no tag for the locked version ${locked.version}; run assay deps --upgrade` }]);
        commit = refs.tags.get(tag);
      }
      const tree = await trees.fetch(url, { ref: tag, commit }, undefined, label);
      return { locked: { ...locked, name: tree.name }, dir: tree.dir, commit: tree.commit, version: tree.version };
    }
    if (locked.kind === 'git') {
      const url = renderPackageValue(locked.git, lockFileName);
      const label = { label: locked.git, url: locked.git };
      const tree = await trees.fetch(url, await gitTarget(url, locked.revision, trees), locked.subdirectory, label);
      return { locked: { ...locked, name: tree.name }, dir: tree.dir, commit: tree.commit, version: tree.version };
    }
    const dir = path.resolve(root, locked.local);
    const tree = await trees.local(dir, { label: `local package ${locked.local}` });
    return { locked: { ...locked, name: tree.name }, dir, version: tree.version };
  }));
}

/** Moves a fetched package into the staged folder under its project name; a local one is linked, as dbt does. */
async function placePackage(pkg: ResolvedPackage, staged: string, installDir: string, root: string): Promise<void> {
  const dest = path.join(staged, pkg.locked.name);
  if (pkg.locked.kind === 'local') {
    const target = path.resolve(root, pkg.locked.local);
    // Relative to the final folder, which sits where `staged` will be renamed to (a Windows junction takes an absolute path).
    if (process.platform === 'win32') await symlink(target, dest, 'junction');
    else await symlink(path.relative(installDir, target) || '.', dest, 'dir');
    return;
  }
  await rename(pkg.dir, dest);
}

function lockedCommit(locked: LockedPackage): string | undefined {
  return locked.kind === 'hub' ? locked.commit : locked.kind === 'git' ? locked.revision : undefined;
}

function describe(entry: InstalledEntry, folderOf: (name: string) => string): DepsPackage {
  const l = entry.locked;
  const commit = entry.commit ?? lockedCommit(l);
  const base = { name: l.name, folder: folderOf(l.name), commit };
  if (l.kind === 'hub') return { ...base, source: 'hub', from: l.package, version: l.version };
  // A git or local package has no hub version: the one its dbt_project.yml declares stands in.
  if (l.kind === 'git') return { ...base, source: 'git', from: l.subdirectory ? `${l.git} (${l.subdirectory})` : l.git, version: entry.version ?? '-' };
  return { ...base, source: 'local', from: l.local, version: entry.version ?? 'local', commit: undefined };
}
