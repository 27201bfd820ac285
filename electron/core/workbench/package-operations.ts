import type { ApiEvent } from '../../../shared/api.js';
import type { DepsOutcome, PackageInstallResult } from '../../../shared/package-types.js';
import { DepsError } from '../dbt/packages/deps-error.js';
import { installPackages } from '../dbt/packages/install-packages.js';
import type { OperationHandlers } from './dispatch.js';
import { listPackages } from './package-list.js';

export interface PackageContext {
  root(): string;
  /** `packages-install-path` of the open project (default `dbt_packages`). */
  installPath(): string;
  /** The open project's root, refusing while a build runs: a build must not see its macros swapped. */
  idleRoot(doing: string): string;
  emit(event: ApiEvent): void;
  /** Reads the project again and announces it, so that compile sees the installed macros. */
  reload(): Promise<void>;
}

type PackageOperations = Pick<OperationHandlers, 'listPackages' | 'installPackages'>;

/** `assay deps` as operations of the contract: the packages of the open project, and installing them (issue 14). */
export function packageOperations(ctx: PackageContext): PackageOperations {
  let installing = false;
  const progress = (line: string) => ctx.emit({ event: 'deps', payload: { line } });
  return {
    listPackages: () => listPackages(ctx.root(), ctx.installPath()),
    installPackages: async ({ upgrade }): Promise<PackageInstallResult> => {
      const root = ctx.idleRoot(upgrade ? 'upgrade packages' : 'install packages');
      if (installing) throw new Error('packages are being installed already: wait for that to finish');
      installing = true;
      try {
        progress(upgrade ? 'resolving the packages again (upgrade)…' : 'installing the packages…');
        const deps = await installPackages({ projectRoot: root, upgrade, onProgress: progress });
        progress(summary(deps));
        await ctx.reload();
        return { outcome: 'done', deps, packages: await listPackages(root, ctx.installPath()) };
      } catch (err) {
        if (!(err instanceof DepsError)) throw err;
        progress('failed: nothing was installed');
        return { outcome: 'failed', problems: err.problems };
      } finally {
        installing = false;
      }
    },
  };
}

function summary(deps: DepsOutcome): string {
  const count = `${deps.packages.length} package${deps.packages.length === 1 ? '' : 's'}`;
  switch (deps.status) {
    case 'installed':
      return `installed ${count} into ${deps.installPath}/${deps.lockWritten ? '; package-lock.yml written' : ''} in ${deps.ms} ms`;
    case 'up-to-date':
      return `${deps.installPath}/ is up to date with package-lock.yml (${count}; nothing fetched)`;
    case 'locked':
      return `locked ${count} in package-lock.yml`;
    case 'none':
      return 'no packages declared (packages.yml or dependencies.yml); nothing to install';
  }
}
