import { NOT_SELECTED, type BuildPhaseEvent, type BuildSummary, type NodeBuildEvent, type NodeBuildStatus } from '../../shared/build-types.js';
import type { DisplayStatus } from '../lineage/node-status.js';

export interface NodeOutcome {
  node: string;
  status: DisplayStatus;
  rows?: number;
  ms?: number;
  error?: string;
}

export interface BuildOutcome {
  status: BuildSummary['status'] | 'error';
  message: string;
  ms?: number;
}

/** What the builds behind one outcome did, node by node. */
export interface BuildCounts {
  built: number;
  reused: number;
  failed: number;
  skipped: number;
}

export const NO_COUNTS: BuildCounts = { built: 0, reused: 0, failed: 0, skipped: 0 };

/**
 * A node a partial build (a save) left out and that was never built is not built, not "skipped":
 * skipped says a node it reads from failed.
 */
export function displayStatus(status: NodeBuildStatus, error?: string | null): DisplayStatus {
  return status === 'skipped' && error === NOT_SELECTED ? 'not-built' : status;
}

export function recordsOfSummary(summary: BuildSummary): NodeOutcome[] {
  return summary.nodes.map(({ node, status, rows, ms, error }) => ({ node, status: displayStatus(status, error), rows, ms, error }));
}

export function recordsOfEvents(events: readonly NodeBuildEvent[]): NodeOutcome[] {
  return events.map(({ node, status, rows, ms, error }) => ({ node, status: displayStatus(status, error), rows, ms, error }));
}

export function countOutcomes(records: readonly NodeOutcome[]): BuildCounts {
  const counts = { ...NO_COUNTS };
  for (const { status } of records) {
    if (status === 'built') counts.built++;
    else if (status === 'reused' || status === 'carried') counts.reused++;
    else if (status === 'failed') counts.failed++;
    else if (status === 'skipped') counts.skipped++;
  }
  return counts;
}

export function addCounts(a: BuildCounts, b: BuildCounts): BuildCounts {
  return { built: a.built + b.built, reused: a.reused + b.reused, failed: a.failed + b.failed, skipped: a.skipped + b.skipped };
}

/**
 * The status line's words for a build: how many nodes it built and reused, or why it failed. For
 * the builds a test run makes (`forTests`), the counts of all of them, so that the last one having
 * nothing left to do does not read "up to date" on a branch nobody built by hand (issue 19).
 */
export function describeBuild(status: BuildOutcome['status'], counts: BuildCounts, options: { ms?: number; errors?: number; forTests?: boolean } = {}): BuildOutcome {
  const { ms, forTests = false } = options;
  const took = ms === undefined ? '' : ` in ${(ms / 1000).toFixed(1)}s`;
  switch (status) {
    case 'ok':
    case 'up-to-date': {
      if (forTests) {
        const parts = [counts.built ? `${nodes(counts.built)} built` : null, counts.reused ? `${nodes(counts.reused)} reused` : null].filter(Boolean);
        return { status: 'ok', message: parts.length ? `Built for the tests: ${parts.join(', ')}` : 'Up to date for the tests', ms };
      }
      if (status === 'up-to-date') return { status, message: 'Up to date: nothing to rebuild', ms };
      if (counts.built === 0) return { status, message: counts.reused ? `Nothing to rebuild: ${nodes(counts.reused)} reused` : 'Nothing to build', ms };
      return { status, message: `Built ${nodes(counts.built)}${counts.reused ? `, reused ${counts.reused}` : ''}${took}`, ms };
    }
    case 'failed': {
      const errors = counts.failed || (options.errors ?? 0);
      return { status, message: `Failed: ${errors} error${errors === 1 ? '' : 's'}${counts.skipped ? `, ${counts.skipped} skipped` : ''}`, ms };
    }
    case 'cancelled':
      return { status, message: 'Cancelled: the environment is as it was', ms };
    case 'error':
      return { status, message: 'The build could not run', ms };
  }
}

/** The outcome of a build the core answered for (started here). */
export function outcomeOfSummary(summary: BuildSummary, previous: BuildCounts = NO_COUNTS, forTests = false): BuildOutcome {
  const counts = addCounts(previous, countOutcomes(recordsOfSummary(summary)));
  return describeBuild(summary.status, counts, { ms: summary.ms, errors: summary.errors.filter((e) => e.severity !== 'warning').length, forTests });
}

/**
 * The outcome of a build seen only through its events (started elsewhere). The core's last phase
 * says whether there was nothing to do or it was cancelled; the node events say what was built.
 */
export function outcomeOfEvents(done: BuildPhaseEvent, events: readonly NodeBuildEvent[], previous: BuildCounts = NO_COUNTS, forTests = false): BuildOutcome {
  const counts = addCounts(previous, countOutcomes(recordsOfEvents(events)));
  if (/^up to date/.test(done.message)) return describeBuild('up-to-date', counts, { forTests });
  if (/^cancelled/.test(done.message)) return describeBuild('cancelled', counts);
  if (counts.failed > 0 || /fail/.test(done.message)) return describeBuild('failed', counts, { errors: 1 });
  return describeBuild('ok', counts, { forTests });
}

function nodes(count: number): string {
  return `${count} node${count === 1 ? '' : 's'}`;
}
