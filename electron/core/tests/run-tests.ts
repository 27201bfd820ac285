import type { TestDeclaration } from '../../../shared/project-types.js';
import type { TestResult } from '../../../shared/test-types.js';
import type { CompiledProject } from '../compile/compiled-project.js';
import type { ProjectSqlRenderer } from '../compile/project-renderer.js';
import type { EngineConnection } from '../engine/engine.js';
import { assayPaths } from '../env/assay-paths.js';
import { readCatalog, type CatalogEntry } from '../env/catalog.js';
import { withEnvironment } from '../env/environment-reader.js';
import { renderExecuting } from '../build/introspect.js';
import type { AggregateCheck, QueryCheck, TestCheck } from './check-plan.js';
import { measureOnHistograms } from './column-histograms.js';
import { measureUniqueByOrder } from './unique-by-order.js';
import { sampleFailingRows } from './failing-samples.js';
import { evaluateAggregate, type Evaluated } from './evaluate-check.js';
import { planCheck, TestPlanError } from './plan-checks.js';
import { TestResultCache } from './result-cache.js';
import { RunHistory } from './run-history.js';
import { anomalyResult } from './anomaly-result.js';
import { runVariation, variationOutcome } from './run-variation.js';
import { checkSchema } from './schema-check.js';
import { detachBaseline, TestTarget, type AggregateValue } from './test-target.js';

export interface RunTestsOptions {
  projectRoot: string;
  compiled: CompiledProject;
  renderer: ProjectSqlRenderer;
  env: string;
  tests: TestDeclaration[];
  /** The environment `compare_to: baseline_branch` reads, when it exists. */
  baselineEnv?: (branch: string) => string | null;
  sampleSize?: number;
  /** How many aggregate checks share one scan of a model. */
  batchWidth?: number;
  /** Reuse the outcomes of row checks on unchanged stored data (default true; see result-cache.ts). */
  cache?: boolean;
  onResult?: (result: TestResult) => void;
}

/**
 * Runs declared tests against a built environment. The row checks of one node run as one
 * aggregate scan; samples of failing rows are fetched only for tests that failed.
 */
export async function runTests(options: RunTestsOptions): Promise<TestResult[]> {
  const paths = assayPaths(options.projectRoot);
  const catalog = await readCatalog(paths.envFile(options.env));
  if (catalog.state !== 'ok') throw new Error(`environment '${options.env}' is ${catalog.state === 'missing' ? 'not built' : `unreadable (${catalog.reason})`}`);
  // On the environment as the app's previews read it: one DuckDB for both, not two sharing the cores.
  return withEnvironment(options.projectRoot, options.env, async ({ conn, connect, entries }) => {
    try {
      return await runOn(conn, await connect(), entries, options);
    } finally {
      await detachBaseline(conn);
    }
  });
}

async function runOn(conn: EngineConnection, sideConn: EngineConnection, entries: Map<string, CatalogEntry>, options: RunTestsOptions): Promise<TestResult[]> {
  const history = new RunHistory(assayPaths(options.projectRoot).historyDir);
  const results: TestResult[] = [];
  const emit = (r: TestResult) => {
    results.push(r);
    options.onResult?.(r);
  };
  const byNode = new Map<string, TestDeclaration[]>();
  for (const test of options.tests) {
    if (test.problem) emit(resultOf(test, test.node, errorOutcome(test.problem), 0));
    else byNode.set(test.node, [...(byNode.get(test.node) ?? []), test]);
  }
  for (const [nodeId, tests] of byNode) {
    const target = await TestTarget.open(conn, nodeId, options, entries, sideConn);
    if (!target.ok) {
      for (const test of tests) emit(resultOf(test, nodeId, { status: target.status, observed: null, threshold: '', failing_rows: null, message: target.reason }, 0));
      continue;
    }
    await runNodeTests(conn, target.value, tests, options, history, emit);
  }
  return results;
}

async function runNodeTests(conn: EngineConnection, target: TestTarget, tests: TestDeclaration[], options: RunTestsOptions, history: RunHistory, emit: (r: TestResult) => void) {
  const sampleSize = options.sampleSize ?? 5;
  const aggregates: AggregateCheck[] = [];
  const others: TestCheck[] = [];
  for (const test of tests) {
    const problem = target.missingColumn(test);
    if (problem) {
      emit(resultOf(test, target.nodeId, errorOutcome(problem), 0));
      continue;
    }
    try {
      const check = planCheck(test, target.planContext());
      if (check.type === 'aggregate') aggregates.push(check);
      else others.push(check);
    } catch (err) {
      emit(resultOf(test, target.nodeId, errorOutcome(messageOf(err)), 0));
    }
  }

  const cache = options.cache !== false && target.storeFile ? await TestResultCache.open(assayPaths(options.projectRoot).testCacheDir, target.storeFile) : null;
  const cached = new Map(aggregates.map((check) => [check, cache?.get(check, sampleSize)]));
  const measured = new Map<AggregateCheck, { evaluated: Evaluated; sample: Record<string, unknown>[]; ms: number }>();
  const values = await measureAggregates(target, aggregates.filter((c) => !cached.get(c)), options.batchWidth ?? 64);
  const evaluations = values.map(({ check, value, ms }) => ({ check, ms, evaluated: value.ok ? safeEvaluate(() => evaluateAggregate(check, value.value)) : errorOutcome(value.error) }));
  const samples = await sampleFailingRows(target, evaluations.map(({ check, evaluated }) => ({ check, failing: evaluated.failing_rows ?? 0 })), sampleSize);
  for (const { check, evaluated, ms } of evaluations) {
    const sample = samples.get(check) ?? [];
    measured.set(check, { evaluated, sample, ms });
    cache?.put(check, sampleSize, { evaluated, sample });
  }
  await cache?.save();
  for (const check of aggregates) {
    const hit = cached.get(check);
    const outcome = hit ? { ...hit, ms: 0 } : (measured.get(check) as { evaluated: Evaluated; sample: Record<string, unknown>[]; ms: number });
    emit({ ...resultOf(check.test, target.nodeId, outcome.evaluated, outcome.ms), sample: outcome.sample, ...(hit ? { cached: true } : {}) });
  }

  for (const check of others) {
    const started = performance.now();
    let outcome: Evaluated & { sample?: Record<string, unknown>[]; extra?: Partial<TestResult> };
    try {
      outcome = await runOther(check, target, options, history, sampleSize);
    } catch (err) {
      outcome = errorOutcome(messageOf(err));
    }
    const { sample, extra, ...evaluated } = outcome;
    emit({ ...resultOf(check.test, target.nodeId, evaluated, performance.now() - started), sample: sample ?? [], ...extra });
  }
}

/**
 * Each aggregate check's value: unique keys from their order where it proves them (beside the
 * rest, on the side connection), one-column checks from histograms, the others from batched row
 * scans; `ms` is the check's share of its query. A view's checks all share one scan.
 */
async function measureAggregates(target: TestTarget, checks: AggregateCheck[], batchWidth: number) {
  const measured = new Map<AggregateCheck, { value: AggregateValue; ms: number }>();
  const keys = checks.filter((c) => c.uniqueKey);
  const others = checks.filter((c) => !c.uniqueKey);
  const [ordered, histograms] = await Promise.all([
    measureUniqueByOrder(target, keys),
    target.computed ? { values: new Map<AggregateCheck, AggregateValue>(), rest: others, ms: 0 } : measureOnHistograms(target, others),
  ]);
  for (const [check, value] of ordered.values) measured.set(check, { value, ms: ordered.ms / ordered.values.size });
  histograms.rest.push(...ordered.rest);
  for (const [check, value] of histograms.values) measured.set(check, { value, ms: histograms.ms / histograms.values.size });
  for (let i = 0; i < histograms.rest.length; i += batchWidth) {
    const batch = histograms.rest.slice(i, i + batchWidth);
    const started = performance.now();
    const values = await target.aggregate(batch.map((c) => c.aggregate));
    const share = (performance.now() - started) / batch.length;
    batch.forEach((check, k) => measured.set(check, { value: values[k] as AggregateValue, ms: share }));
  }
  return checks.map((check) => ({ check, ...(measured.get(check) as { value: AggregateValue; ms: number }) }));
}

async function runOther(check: TestCheck, target: TestTarget, options: RunTestsOptions, history: RunHistory, sampleSize: number) {
  const { test } = check;
  switch (check.type) {
    case 'query': {
      const { countSql, rowsSql } = await executingQuery(check, target.conn);
      const failing = await target.scalar(countSql);
      const evaluated = evaluateAggregate({ type: 'aggregate', test, aggregate: '', measures: 'failing_rows' }, failing);
      return { ...evaluated, sample: evaluated.failing_rows ? await target.sample(rowsSql, sampleSize) : [] };
    }
    case 'schema':
      return checkSchema(test, target.columns);
    case 'variation': {
      const baselineBranch = String(test.args.baseline_branch ?? 'main');
      const run = await runVariation(test, {
        conn: target.conn,
        relation: target.relation,
        history,
        env: options.env,
        baselineRelation: () => target.baselineRelation(options.baselineEnv?.(baselineBranch) ?? null, baselineBranch),
      });
      return variationOutcome(run);
    }
    case 'anomaly':
      return anomalyResult(test, target, options, history);
    case 'aggregate':
      throw new Error('aggregate checks run in batches');
  }
}

/** A result with every field of the report, for a test whose outcome is `evaluated`. */
export function resultOf(test: TestDeclaration, node: string, evaluated: Evaluated, ms: number): TestResult {
  return {
    id: test.id,
    name: typeof test.args.name === 'string' ? test.args.name : `${test.kind}${test.column ? ` ${test.column}` : ''} on ${node}`,
    kind: test.kind,
    stage: test.stage,
    node,
    column: test.column ?? null,
    severity: test.severity,
    baseline: null,
    delta: null,
    delta_pct: null,
    sample: [],
    duration_ms: Math.round(ms),
    location: test.location,
    ...evaluated,
  };
}

function errorOutcome(message: string): Evaluated {
  return { status: 'error', observed: null, threshold: '', failing_rows: null, message };
}

function safeEvaluate(fn: () => Evaluated): Evaluated {
  try {
    return fn();
  } catch (err) {
    return errorOutcome(messageOf(err));
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A query test whose template asks the database is rendered again with `execute` true, answered by the environment. */
async function executingQuery(check: QueryCheck, conn: EngineConnection): Promise<{ countSql: string; rowsSql: string }> {
  if (!check.renderExecuting) return check;
  const outcome = await renderExecuting(check.renderExecuting, conn);
  if (!outcome.ok) throw new TestPlanError(outcome.error.message);
  const rowsSql = outcome.sql.trim().replace(/;\s*$/, '');
  return { rowsSql, countSql: `SELECT coalesce(${check.failCalc ?? 'count(*)'}, 0) AS failing FROM (\n${rowsSql}\n)` };
}
