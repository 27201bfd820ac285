import type { TestDeclaration } from '../../../shared/project-types.js';
import type { TestResult } from '../../../shared/test-types.js';
import type { CompiledProject } from '../compile/compiled-project.js';
import { openEngine } from '../engine/open-engine.js';
import { resultOf } from '../tests/run-tests.js';
import { InputColumns } from './input-columns.js';
import { UnitTestRuntimes } from './render-unit-model.js';
import { runUnitTest, type UnitOutcome } from './run-unit-test.js';
import type { UnitTestSpec } from './unit-test-spec.js';

export interface RunUnitTestsOptions {
  compiled: CompiledProject;
  tests: TestDeclaration[];
  /** The branch environment, when built, types the columns a given leaves out (see input-columns.ts). */
  env?: { projectRoot: string; name: string } | null;
  onResult?: (result: TestResult) => void;
}

/**
 * dbt unit tests: each model's SQL on a few given rows, in one in-memory DuckDB, nothing built.
 * Each test gets its own schema, dropped when it is done.
 */
export async function runUnitTests(options: RunUnitTestsOptions): Promise<TestResult[]> {
  const results: TestResult[] = [];
  const emit = (test: TestDeclaration, outcome: UnitOutcome, ms: number) => {
    const { unit, ...evaluated } = outcome;
    const result: TestResult = { ...resultOf(test, test.node, evaluated, ms), ...(unit ? { unit } : {}) };
    results.push(result);
    options.onResult?.(result);
  };
  const runnable = options.tests.filter((test) => {
    if (test.problem) emit(test, { status: 'error', observed: null, threshold: '', failing_rows: null, message: test.problem }, 0);
    return !test.problem;
  });
  if (runnable.length === 0) return results;
  const { compiled } = options;
  const engine = await openEngine({ path: ':memory:', fileSearchPath: compiled.project.root });
  try {
    const conn = await engine.connect();
    try {
      const specs = runnable.map((test) => test.args as unknown as UnitTestSpec);
      const columns = await InputColumns.open(compiled, conn, specs.flatMap((s) => s.given.map((g) => g.target)), options.env ?? null);
      const context = { conn, compiled, runtimes: new UnitTestRuntimes(compiled.project), columns };
      for (const [k, test] of runnable.entries()) {
        const started = performance.now();
        let outcome: UnitOutcome;
        try {
          outcome = await runUnitTest(context, specs[k] as UnitTestSpec, `unit_test_${k}`);
        } catch (err) {
          outcome = { status: 'error', observed: null, threshold: '', failing_rows: null, message: err instanceof Error ? err.message : String(err) };
        }
        emit(test, outcome, performance.now() - started);
      }
    } finally {
      await conn.close();
    }
  } finally {
    await engine.close();
  }
  return results;
}
