import type { BuildPhaseEvent, BuildSummary, NodeBuildEvent, NodeBuildStatus } from '../../shared/build-types.js';

export interface NodeOutcome {
  node: string;
  status: NodeBuildStatus;
  rows?: number;
  ms?: number;
  error?: string;
}

export interface BuildOutcome {
  status: BuildSummary['status'] | 'error';
  message: string;
  ms?: number;
}

export function recordsOfSummary(summary: BuildSummary): NodeOutcome[] {
  return summary.nodes.map(({ node, status, rows, ms, error }) => ({ node, status, rows, ms, error }));
}

export function recordsOfEvents(events: readonly NodeBuildEvent[]): NodeOutcome[] {
  return events.map(({ node, status, rows, ms, error }) => ({ node, status, rows, ms, error }));
}

export function outcomeOfSummary(summary: BuildSummary): BuildOutcome {
  const seconds = `${(summary.ms / 1000).toFixed(1)}s`;
  const failed = summary.nodes.filter((node) => node.status === 'failed').length || summary.errors.length;
  switch (summary.status) {
    case 'ok': return { status: 'ok', message: `Built in ${seconds}`, ms: summary.ms };
    case 'up-to-date': return { status: 'up-to-date', message: 'Up to date', ms: summary.ms };
    case 'cancelled': return { status: 'cancelled', message: 'Cancelled', ms: summary.ms };
    case 'failed': return { status: 'failed', message: `Failed: ${failed} error${failed === 1 ? '' : 's'}`, ms: summary.ms };
  }
}

/**
 * The outcome of a build seen only through its events (started elsewhere). The core's last phase
 * says whether there was nothing to do or it was cancelled; the node events say whether any failed.
 */
export function outcomeOfEvents(done: BuildPhaseEvent, events: readonly NodeBuildEvent[]): BuildOutcome {
  if (/^up to date/.test(done.message)) return { status: 'up-to-date', message: 'Up to date' };
  if (/^cancelled/.test(done.message)) return { status: 'cancelled', message: 'Cancelled' };
  const failed = events.filter((event) => event.status === 'failed').length;
  if (failed > 0 || /fail/.test(done.message)) return { status: 'failed', message: `Rebuilt: ${failed} error${failed === 1 ? '' : 's'}` };
  return { status: 'ok', message: `Rebuilt ${events.filter((event) => event.status === 'built').length} node(s)` };
}
