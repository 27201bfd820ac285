import type { ApiEvent } from '../../../shared/api.js';
import { profileTargets } from '../warehouse/profile-targets.js';
import { warehouseNodeStates } from '../warehouse/warehouse-node-states.js';
import {
  buildWarehouseBranch, collectWarehouseStore, diffWarehouseBranches, testWarehouseBranch, warehouseEnvironments, type WarehouseBuildRequest,
} from '../warehouse/warehouse-runs.js';
import { CancellableLane } from './cancellable-lane.js';
import type { OperationHandlers } from './dispatch.js';

export interface WarehouseContext {
  root(): string;
  emit(event: ApiEvent): void;
}

type WarehouseOperations = Pick<
  OperationHandlers,
  'warehouseTargets' | 'warehouseEnvironments' | 'warehouseNodeStates' | 'warehouseBuild' | 'warehouseTest' | 'warehouseDiff' | 'warehouseGc' | 'cancelWarehouseBuild'
>;

/**
 * One warehouse build at a time from this app (a build alone or a test run's): a second is refused
 * rather than queued, as the local builds are, and the running one can be cancelled. The server's
 * advisory lock still keeps apart two processes building one environment.
 */
export class WarehouseLane extends CancellableLane {
  constructor() {
    super(() => new Error('a warehouse build is already running; cancel it or wait for it to finish'));
  }
}

/** The profile's PostgreSQL targets as operations of the contract (issue 16): what `assay build/test/diff/gc --target` do. */
export function warehouseOperations(ctx: WarehouseContext, lane: WarehouseLane): WarehouseOperations {
  const request = (target: string, branch: string | undefined, signal: AbortSignal): WarehouseBuildRequest => ({
    projectRoot: ctx.root(), target, branch, signal, onEvent: (event) => ctx.emit({ event: 'warehouse', payload: { target, event } }),
  });
  return {
    warehouseTargets: () => profileTargets(ctx.root()),
    warehouseEnvironments: ({ target }) => warehouseEnvironments(ctx.root(), target),
    warehouseNodeStates: ({ target, branch }) => warehouseNodeStates(ctx.root(), target, branch),
    warehouseBuild: ({ target, branch, fullRefresh, select, exclude, empty }) => lane.run((signal) => buildWarehouseBranch({ ...request(target, branch, signal), fullRefresh, select, exclude, empty })),
    warehouseTest: ({ target, branch }) => lane.run((signal) => testWarehouseBranch(request(target, branch, signal))),
    warehouseDiff: ({ target, base, compare, primaryKey, tolerance }) => diffWarehouseBranches(ctx.root(), target, base, compare, { primaryKey, tolerance }),
    warehouseGc: ({ target, dryRun }) => collectWarehouseStore(ctx.root(), target, dryRun),
    cancelWarehouseBuild: async () => ({ cancelled: lane.cancel() }),
  };
}
