import type { NodeState } from '../../shared/api.js';
import { assertNever } from '../util/assert-never.js';

/** Every state a node can be shown in: the environment's view of it, or the running build's. */
export type DisplayStatus = NodeState['status'];

export function statusLabel(status: DisplayStatus): string {
  switch (status) {
    case 'queued': return 'queued';
    case 'started': return 'building';
    case 'built': return 'built';
    case 'reused': return 'reused';
    case 'carried': return 'carried over';
    case 'failed': return 'failed';
    case 'skipped': return 'skipped';
    case 'stale': return 'stale';
    case 'not-built': return 'not built';
    default: return assertNever(status);
  }
}

/** True once the build is done with the node, whatever the outcome. */
export function isSettled(status: DisplayStatus): boolean {
  return status === 'built' || status === 'reused' || status === 'carried' || status === 'failed' || status === 'skipped';
}
