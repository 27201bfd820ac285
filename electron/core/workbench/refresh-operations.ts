import { refreshLogView } from '../refresh/refresh-log-view.js';
import type { OperationHandlers } from './dispatch.js';

type RefreshOperations = Pick<OperationHandlers, 'refreshLog'>;

/** The scheduled refreshes (`assay refresh`, issue 17) as operations of the contract: the app lists them, it never runs one. */
export function refreshOperations(ctx: { root(): string }): RefreshOperations {
  return {
    refreshLog: ({ branch }) => refreshLogView(ctx.root(), branch),
  };
}
