import type { TestDeclaration } from '../../../shared/project-types.js';
import type { TestResult } from '../../../shared/test-types.js';
import type { CompiledProject } from '../compile/compiled-project.js';
import type { EngineConnection } from '../engine/engine.js';
import { openEngine } from '../engine/open-engine.js';
import { resultOf } from '../tests/run-tests.js';
import { InputColumns } from './input-columns.js';
import { UnitTestRuntimes } from './render-unit-model.js';
import { runUnitTest, type UnitOutcome } from './run-unit-test.js';
import type { UnitTestSpec } from './unit-test-spec.js';

/** Connections running tests side by side, each on one DuckDB thread. */
const UNIT_TEST_LANES = 2;

export interface RunUnitTestsOptions {
  compiled: CompiledProject;
  tests: TestDeclaration[];
  /** The branch environment, when built, types the columns a given leaves out (see input-columns.ts). */
  env?: { projectRoot: string; name: string } | null;
  onResult?: (result: TestResult) => void;
}

/**
 * dbt unit tests: each model's SQL on a few given rows, in one in-memory DuckDB, nothing built.
 * Each test gets its own schema; the tests run side by side on a few connections.
 */
export async function runUnitTests(options: RunUnitTestsOptions): Promise<TestResult[]> {
  // Passed on as each finishes; returned in the order the tests were declared.
  const results = new Array<TestResult>(options.tests.length);
  const order = new Map(options.tests.map((test, k) => [test, k]));
  const emit = (test: TestDeclaration, outcome: UnitOutcome, ms: number) => {
    const { unit, ...evaluated } = outcome;
    const result: TestResult = { ...resultOf(test, test.node, evaluated, ms), ...(unit ? { unit } : {}) };
    results[order.get(test) as number] = result;
    options.onResult?.(result);
  };
  const runnable = options.tests.filter((test) => {
    if (test.problem) emit(test, { status: 'error', observed: null, threshold: '', failing_rows: null, message: test.problem }, 0);
    return !test.problem;
  });
  if (runnable.length === 0) return results.filter(Boolean);
  const { compiled } = options;
  const engine = await openEngine({ path: ':memory:', fileSearchPath: compiled.project.root });
  const lanes: EngineConnection[] = [];
  try {
    for (let i = 0; i < UNIT_TEST_LANES; i++) lanes.push(await engine.connect());
    // Fixtures are a few rows: one thread per statement, and the tests side by side, is faster than
    // every statement waking DuckDB's threads for nothing to share (measured: about twice as fast).
    await lanes[0]?.query('SET threads = 1');
    const specs = runnable.map((test) => test.args as unknown as UnitTestSpec);
    const columns = await InputColumns.open(compiled, lanes[0] as EngineConnection, specs.flatMap((s) => s.given.map((g) => g.target)), options.env ?? null);
    const runtimes = new UnitTestRuntimes(compiled.project);
    let next = 0;
    await Promise.all(lanes.map(async (conn) => {
      for (let k = next++; k < runnable.length; k = next++) {
        const started = performance.now();
        let outcome: UnitOutcome;
        try {
          outcome = await runUnitTest({ conn, compiled, runtimes, columns }, specs[k] as UnitTestSpec, `unit_test_${k}`);
        } catch (err) {
          outcome = { status: 'error', observed: null, threshold: '', failing_rows: null, message: err instanceof Error ? err.message : String(err) };
        }
        emit(runnable[k] as TestDeclaration, outcome, performance.now() - started);
      }
    }));
  } finally {
    await Promise.all(lanes.map((conn) => conn.close()));
    await engine.close();
  }
  return results.filter(Boolean);
}
