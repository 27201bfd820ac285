/**
 * The dbt packages of the open project as both processes see them (issue 14): what packages.yml or
 * dependencies.yml declares, what `assay deps` installed, and what installing them again did.
 * Pure types: the core fills them in (electron/core/workbench/package-list.ts), the renderer shows them.
 */
import type { ProjectError } from './project-types.js';

export type PackageSource = 'hub' | 'git' | 'local';

/** One entry of `packages:`, as written. */
export interface DeclaredPackage {
  source: PackageSource;
  /** `dbt-labs/dbt_utils`, a git URL, or a local path. */
  from: string;
  /** Hub: the pin or the range (`>=1.0.0, <2.0.0`); git: the revision; local: null. */
  version: string | null;
  file: string;
  line?: number;
}

/** One package as installed under `packages-install-path`. */
export interface PackageInfo {
  name: string;
  /** `unknown` for a folder Assay did not install (put there by dbt itself or by hand). */
  source: PackageSource | 'unknown';
  from: string;
  /** Hub: the locked version; git and local: the `version:` of the package's dbt_project.yml. */
  version: string;
  commit?: string;
  /** Relative to the project (`dbt_packages/dbt_utils`). */
  folder: string;
}

export interface PackageList {
  /** `packages.yml` or `dependencies.yml`, or null when the project declares no packages. */
  specFile: string | null;
  installPath: string;
  declared: DeclaredPackage[];
  installed: PackageInfo[];
  /** Why the install does not match what is declared ("run assay deps"), a malformed packages.yml, a broken package. */
  problems: ProjectError[];
}

/** What one run of `assay deps` did (the core's DepsResult). */
export interface DepsOutcome {
  status: 'installed' | 'up-to-date' | 'locked' | 'none';
  packages: PackageInfo[];
  specFile: string | null;
  lockWritten: boolean;
  installPath: string;
  warnings: string[];
  ms: number;
}

/** Why `assay deps` stopped: the file and line when a file says it, else the message names the package. */
export interface PackageProblem {
  file?: string;
  line?: number;
  message: string;
}

/** Nothing is installed when it failed: the previous install folder and package-lock.yml are as they were. */
export type PackageInstallResult =
  | { outcome: 'done'; deps: DepsOutcome; packages: PackageList }
  | { outcome: 'failed'; problems: PackageProblem[] };

/** One progress line of a running install (fetching, warnings), as the command line prints it. */
export interface DepsProgress {
  line: string;
}
