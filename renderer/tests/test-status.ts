import type { TestStage } from '../../shared/project-types.js';
import type { TestStatus } from '../../shared/test-types.js';
import { assertNever } from '../util/assert-never.js';

export const testStages: readonly TestStage[] = ['input', 'business-logic', 'output'];
export const testStatuses: readonly TestStatus[] = ['fail', 'error', 'warn', 'pass', 'skipped'];

export function stageTitle(stage: TestStage): string {
  switch (stage) {
    case 'input': return 'Input';
    case 'business-logic': return 'Business logic';
    case 'output': return 'Output';
    default: return assertNever(stage);
  }
}

/** How bad a status is, for "the worst test of a node": an error (could not run) ranks with a failure. */
export function severityRank(status: TestStatus): number {
  switch (status) {
    case 'error': return 4;
    case 'fail': return 3;
    case 'warn': return 2;
    case 'skipped': return 1;
    case 'pass': return 0;
    default: return assertNever(status);
  }
}

export function worstStatus(statuses: Iterable<TestStatus>): TestStatus | null {
  let worst: TestStatus | null = null;
  for (const status of statuses) if (worst === null || severityRank(status) > severityRank(worst)) worst = status;
  return worst;
}

/** The mark shown beside a status where colour alone would not do. */
export function statusMark(status: TestStatus): string {
  switch (status) {
    case 'pass': return '✔';
    case 'warn': return '!';
    case 'fail': return '✘';
    case 'error': return '⚠';
    case 'skipped': return '–';
    default: return assertNever(status);
  }
}

/**
 * The lineage node a test's result belongs to: its node, or for a test declared under a dashboard
 * element (`dashboard:launch.customers`) the dashboard itself; element names are identifiers, so
 * the element is what follows the last dot.
 */
export function lineageNodeOfTest(node: string): string {
  return node.startsWith('dashboard:') && node.includes('.') ? node.slice(0, node.lastIndexOf('.')) : node;
}
