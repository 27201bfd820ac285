import type { ProjectError, SourceLocation, TestDeclaration, TestStage } from '../../../shared/project-types.js';
import { anomalyKinds, normaliseAnomalyKind, readAnomalySettings } from '../tests/anomaly-spec.js';
import type { TestEntry } from './schema-file.js';

/** dbt's generic tests plus Assay's own kinds (see DESIGN.md, extension 1). */
export const knownTestKinds = new Set([
  'unique', 'not_null', 'accepted_values', 'relationships',
  'row_count', 'expression', 'range', 'freshness', 'schema', 'unique_combination', 'variation',
  ...anomalyKinds,
]);

const stages = new Set<TestStage>(['input', 'business-logic', 'output']);

export interface TestTarget {
  node: string;
  nodeKind: 'source' | 'seed' | 'model' | 'dashboard';
  column?: string;
}

/**
 * Turns the entries of one `tests:` list into declarations. Unknown kinds and malformed entries are
 * reported with the file and line, and still declared (with their `problem`), so that a run counts
 * them as errors instead of leaving them out.
 */
export function declareTests(
  entries: TestEntry[] | undefined,
  target: TestTarget,
  locate: (index: number) => SourceLocation,
  idCounter: Map<string, number>,
): { tests: TestDeclaration[]; errors: ProjectError[] } {
  const tests: TestDeclaration[] = [];
  const errors: ProjectError[] = [];
  const nextId = (kind: string) => {
    const baseId = [kind, target.node, target.column].filter(Boolean).join('.');
    const n = (idCounter.get(baseId) ?? 0) + 1;
    idCounter.set(baseId, n);
    return n === 1 ? baseId : `${baseId}.${n}`;
  };
  // A declaration that cannot run is still declared, with its problem: a run reports it as an error.
  const broken = (kind: string, args: Record<string, unknown>, location: SourceLocation, problem: string) => {
    errors.push({ ...location, severity: 'error', node: target.node, message: problem });
    tests.push({ id: nextId(kind), kind, node: target.node, column: target.column, args, severity: 'error', stage: defaultStage(kind, target, args), problem, location });
  };
  (entries ?? []).forEach((entry, index) => {
    const location = locate(index);
    const parsed = splitEntry(entry);
    if ('error' in parsed) {
      broken('invalid', {}, location, parsed.error);
      return;
    }
    // A kind Assay does not know may be a generic test (`{% test %}`) of the project or a package:
    // compiling resolves it and clears the problem; until then it is declared with it.
    const unknownKind = knownTestKinds.has(parsed.kind)
      ? undefined
      : `unknown test kind '${parsed.kind}' on ${describe(target)} (neither one of Assay's (${[...knownTestKinds].join(', ')}) nor a generic test of the project or its installed packages)`;
    if (unknownKind) errors.push({ ...location, severity: 'error', node: target.node, message: unknownKind });
    const args = { ...parsed.args, ...asRecord(parsed.args.arguments) };
    delete args.arguments;
    const config = asRecord(args.config);
    const meta = { ...asRecord(args.meta), ...asRecord(config.meta) };
    const stage = meta.stage ?? defaultStage(parsed.kind, target, args);
    if (!stages.has(stage as TestStage)) {
      broken(parsed.kind, parsed.name ? { name: parsed.name } : {}, location, `meta.stage must be input, business-logic or output, not '${String(stage)}'`);
      return;
    }
    const severity = String(config.severity ?? args.severity ?? 'error').toLowerCase();
    const testArgs = { ...args };
    for (const key of ['config', 'meta', 'severity', 'where', 'warn_if', 'error_if']) delete testArgs[key];
    const anomalyProblem = anomalyKinds.has(parsed.kind) ? anomalySpecProblem(parsed.kind, testArgs, target, location) : undefined;
    if (anomalyProblem) {
      broken(parsed.kind, parsed.name ? { ...testArgs, name: parsed.name } : testArgs, location, anomalyProblem);
      return;
    }
    tests.push({
      id: nextId(parsed.kind),
      kind: parsed.kind,
      node: target.node,
      column: target.column,
      args: parsed.name ? { ...testArgs, name: parsed.name } : testArgs,
      severity: severity === 'warn' ? 'warn' : 'error',
      stage: stage as TestStage,
      where: optionalString(config.where ?? args.where),
      warnIf: optionalString(config.warn_if ?? args.warn_if),
      errorIf: optionalString(config.error_if ?? args.error_if),
      location,
      ...(unknownKind ? { problem: unknownKind } : {}),
    });
  });
  return { tests, errors };
}

/** An anomaly test's mistake (an unknown metric, a sensitivity that is not positive) is found as the project loads. */
function anomalySpecProblem(kind: string, args: Record<string, unknown>, target: TestTarget, location: SourceLocation): string | undefined {
  try {
    readAnomalySettings(kind, args, target.column ?? (typeof args.column_name === 'string' ? args.column_name : undefined));
    return undefined;
  } catch (err) {
    return `${location.file}${location.line ? `:${location.line}` : ''}: ${err instanceof Error ? err.message : String(err)}`;
  }
}

function splitEntry(entry: TestEntry): { kind: string; args: Record<string, unknown>; name?: string } | { error: string } {
  if (typeof entry === 'string') return { kind: normaliseAnomalyKind(entry), args: {} };
  if (typeof entry.test_name === 'string') {
    const { test_name, name, ...rest } = entry;
    return { kind: normaliseAnomalyKind(test_name), args: rest, name: typeof name === 'string' ? name : undefined };
  }
  const keys = Object.keys(entry);
  if (keys.length !== 1) return { error: `a test entry must name one test kind, found keys ${keys.join(', ') || '(none)'}` };
  const written = keys[0] as string;
  const kind = normaliseAnomalyKind(written);
  const value = entry[written];
  if (value !== null && value !== undefined && (typeof value !== 'object' || Array.isArray(value))) {
    return { error: `the arguments of test '${kind}' must be a mapping` };
  }
  const args = asRecord(value);
  const name = typeof args.name === 'string' ? args.name : undefined;
  return { kind, args, name };
}

/** DESIGN.md, extension 2: inputs are sources and seeds, outputs are dashboards and baseline comparisons. */
function defaultStage(kind: string, target: TestTarget, args: Record<string, unknown>): TestStage {
  if (target.nodeKind === 'dashboard') return 'output';
  if (kind === 'variation' && (args.compare_to === 'baseline_branch' || args.compare_to === 'previous_run')) return 'output';
  if (target.nodeKind === 'source' || target.nodeKind === 'seed') return 'input';
  return 'business-logic';
}

function describe(target: TestTarget): string {
  return target.column ? `column '${target.column}' of ${target.node}` : target.node;
}

function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function optionalString(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}
