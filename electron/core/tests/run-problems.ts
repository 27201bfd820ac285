import type { NodeBuildRecord } from '../../../shared/build-types.js';
import type { ProjectError, TestDeclaration, TestStage } from '../../../shared/project-types.js';
import type { TestResult } from '../../../shared/test-types.js';
import type { CompiledProject } from '../compile/compiled-project.js';
import { resultOf } from './run-tests.js';

/**
 * What a test run found besides its tests' outcomes, as results of the report: a node that failed
 * to build is a `build.<node>` error, an error in the project's files a `project.<file>:<line>`
 * error. So the summary, JUnit, HTML, Markdown, the UI and the release gate all count them, and a
 * run is never green because the thing that broke had no test of its own.
 */
export function failedNodeResults(records: NodeBuildRecord[], compiled: CompiledProject): TestResult[] {
  return records.filter((r) => r.status === 'failed').map((record) => {
    const node = compiled.nodes.get(record.node);
    const declaration: TestDeclaration = {
      id: `build.${record.node}`,
      kind: 'build',
      node: record.node,
      args: { name: `build of ${record.node}` },
      severity: 'error',
      stage: stageOfNodeKind(node?.kind),
      location: node?.source.location ?? { file: 'dbt_project.yml' },
    };
    return problemResult(declaration, `${record.node} did not build: ${record.error ?? 'failed'}`);
  });
}

/**
 * One result per project error that no other result already names: an error of a node that failed
 * to build is in its `build.<node>` result, an unknown test kind is the test's own error.
 */
export function projectErrorResults(errors: ProjectError[], tests: TestDeclaration[], failed: TestResult[], compiled: CompiledProject, dashboardFolders: string[]): TestResult[] {
  const failedNodes = new Set(failed.filter((r) => r.kind === 'build').map((r) => r.node));
  const declaredAt = new Set(tests.filter((t) => t.problem).map((t) => locationKey(t.location)));
  const ids = new Map<string, number>();
  const results: TestResult[] = [];
  for (const error of errors) {
    if (error.severity !== 'error') continue;
    if (error.node && failedNodes.has(error.node)) continue;
    if (failed.some((r) => r.message?.includes(error.message))) continue;
    if (declaredAt.has(locationKey(error))) continue;
    const baseId = `project.${locationKey(error)}`;
    const n = (ids.get(baseId) ?? 0) + 1;
    ids.set(baseId, n);
    const inDashboards = dashboardFolders.some((folder) => error.file.startsWith(`${folder.replace(/\/$/, '')}/`));
    const declaration: TestDeclaration = {
      id: n === 1 ? baseId : `${baseId}.${n}`,
      kind: 'project',
      node: error.node ?? '',
      args: { name: `error in ${error.file}` },
      severity: 'error',
      stage: inDashboards ? 'output' : stageOfNodeKind(error.node ? compiled.nodes.get(error.node)?.kind : undefined),
      location: { file: error.file, line: error.line },
    };
    results.push(problemResult(declaration, error.message));
  }
  return results;
}

/** A declared test the user left out (`--select`, `--stage`): counted, as skipped. */
export function deselectedResult(test: TestDeclaration, reason: string): TestResult {
  return resultOf(test, test.node, { status: 'skipped', observed: null, threshold: '', failing_rows: null, message: reason }, 0);
}

/** A declared test that did not run because what it reads was not built: an error of the run. */
export function notRunResult(test: TestDeclaration, reason: string): TestResult {
  return problemResult(test, reason);
}

function problemResult(declaration: TestDeclaration, message: string): TestResult {
  return resultOf(declaration, declaration.node, { status: 'error', observed: null, threshold: '', failing_rows: null, message }, 0);
}

function stageOfNodeKind(kind: string | undefined): TestStage {
  return kind === 'source' || kind === 'seed' ? 'input' : 'business-logic';
}

function locationKey(location: { file: string; line?: number }): string {
  return `${location.file}${location.line ? `:${location.line}` : ''}`;
}
