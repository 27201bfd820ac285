import type { TestDeclaration, TestStage } from '../../../shared/project-types.js';
import type { TestResult } from '../../../shared/test-types.js';
import { ProjectLoadError } from '../build/project-load-error.js';
import { selectNodes } from '../build/select-nodes.js';
import type { CompiledProject } from '../compile/compiled-project.js';
import type { Dashboard } from '../dashboards/dashboard.js';
import { deselectedResult } from './run-problems.js';

export interface TestChoice {
  select?: string[];
  stage?: TestStage;
}

export interface TestSelection {
  /** The declared tests of nodes (schema files, singular tests) to run. */
  tests: TestDeclaration[];
  /** The dashboards whose element tests to run. */
  dashboards: Dashboard[];
  /** Every other declared test, as a skipped result: the summary counts every declared test. */
  deselected: TestResult[];
  /** The nodes `--select` names (null without one): the build failures the run answers for. */
  nodeIds: Set<string> | null;
}

/**
 * Splits the declared tests into those to run and those the user left out with `--select` (node
 * selectors or test ids) or `--stage`. Only what the user left out is ever `skipped`.
 */
export function selectTests(all: TestDeclaration[], dashboards: Dashboard[], compiled: CompiledProject, choice: TestChoice): TestSelection {
  let nodeIds: Set<string> | null = null;
  if (choice.select?.length) {
    const selected = selectNodes(compiled, choice.select);
    if (!selected.ok) throw new ProjectLoadError([{ file: 'dbt_project.yml', severity: 'error', message: selected.error }]);
    nodeIds = selected.ids;
  }
  const bySelect = (test: TestDeclaration) => !nodeIds || nodeIds.has(test.node) || (choice.select?.includes(test.id) ?? false);
  const byStage = (test: TestDeclaration) => !choice.stage || test.stage === choice.stage;
  const reason = (test: TestDeclaration) =>
    !byStage(test) ? `not selected: only the ${choice.stage} stage was run` : `not selected: not matched by ${(choice.select ?? []).join(' ')}`;

  const deselected: TestResult[] = [];
  const tests = all.filter((test) => {
    if (bySelect(test) && byStage(test)) return true;
    deselected.push(deselectedResult(test, reason(test)));
    return false;
  });
  // A dashboard's tests run together, on its elements' results: selected by the dashboard's id.
  const runsDashboards = !choice.stage || choice.stage === 'output';
  const chosen = dashboards.filter((d) => {
    const included = runsDashboards && (!choice.select?.length || choice.select.includes(d.id));
    if (!included) {
      const message = !runsDashboards ? `not selected: only the ${choice.stage} stage was run` : `not selected: not matched by ${(choice.select ?? []).join(' ')}`;
      deselected.push(...d.elements.flatMap((e) => e.tests).map((test) => deselectedResult(test, message)));
    }
    return included;
  });
  return { tests, dashboards: chosen, deselected, nodeIds };
}
