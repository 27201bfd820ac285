import { environmentHistory } from '../env/history/environment-history.js';
import { restoreEnvironment } from '../env/history/restore-environment.js';
import { resolveBuildTarget } from '../build/build-target.js';
import type { OperationHandlers } from './dispatch.js';

export interface EnvironmentHistoryContext {
  root(): string;
  /** The open project, refused (thrown) while a build runs: a restore would race its publish. */
  idleRoot(doing: string): string;
  /** The environment changed under the UI: its node states and previews are read again. */
  restored(): Promise<void>;
}

type EnvironmentHistoryOperations = Pick<OperationHandlers, 'environmentHistory' | 'restoreEnvironment'>;

/** An environment's kept catalogs, and restoring one (issue 17), as operations of the contract. */
export function environmentHistoryOperations(ctx: EnvironmentHistoryContext): EnvironmentHistoryOperations {
  return {
    environmentHistory: async ({ branch }) => environmentHistory(ctx.root(), branch ?? (await checkedOut(ctx.root()))),
    restoreEnvironment: async ({ branch, id }) => {
      const root = ctx.idleRoot(`restore catalog ${id}`);
      const restored = await restoreEnvironment(root, branch ?? (await checkedOut(root)), id);
      await ctx.restored();
      return restored;
    },
  };
}

/** The checked-out branch, or the environment's own name where there is none (a folder outside git: `local`). */
async function checkedOut(root: string): Promise<string> {
  const target = await resolveBuildTarget(root);
  return target.branch ?? target.env;
}
