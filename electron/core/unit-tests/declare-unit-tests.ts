import type { ProjectError, SourceLocation, TestDeclaration } from '../../../shared/project-types.js';
import { checkRows, parseInputName, unitTestEntrySchema, type FixtureSpec, type GivenSpec, type UnitTestEntry, type UnitTestSpec } from './unit-test-spec.js';

export const UNIT_TEST_KIND = 'unit_test';

type LineOf = (p: (string | number)[]) => number | undefined;

/**
 * The `unit_tests:` of one schema file as test declarations (kind `unit_test`, on the model they
 * test, business-logic stage). A malformed entry is an error naming its file and line, and is still
 * declared with its problem, so that a run counts it instead of leaving it out.
 */
export function declareUnitTests(entries: unknown, file: string, lineOf: LineOf, modelNames: ReadonlySet<string>, taken: Set<string>): { tests: TestDeclaration[]; errors: ProjectError[] } {
  const tests: TestDeclaration[] = [];
  const errors: ProjectError[] = [];
  if (entries === undefined || entries === null) return { tests, errors };
  if (!Array.isArray(entries)) {
    errors.push({ file, line: lineOf(['unit_tests']), severity: 'error', message: 'unit_tests must be a list of unit tests' });
    return { tests, errors };
  }
  entries.forEach((entry, i) => {
    const at = (p: (string | number)[]): SourceLocation => ({ file, line: lineOf(['unit_tests', i, ...p]) });
    const raw = (entry ?? {}) as Record<string, unknown>;
    const name = typeof raw.name === 'string' ? raw.name : `unit_test_${i + 1}`;
    const model = typeof raw.model === 'string' ? raw.model : '';
    const id = uniqueId(`${UNIT_TEST_KIND}.${model || 'unknown'}.${name}`, taken);
    const declare = (args: Record<string, unknown>, problem?: { where: SourceLocation; message: string }) => {
      if (problem) errors.push({ ...problem.where, severity: 'error', node: model || undefined, message: problem.message });
      tests.push({ id, kind: UNIT_TEST_KIND, node: model, args, severity: 'error', stage: 'business-logic', location: problem?.where ?? at(['name']), ...(problem ? { problem: problem.message } : {}) });
    };
    const parsed = unitTestEntrySchema.safeParse(entry);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const p = (issue?.path ?? []).filter((k): k is string | number => typeof k !== 'symbol');
      declare({ name }, { where: at(p), message: `unit test '${name}': ${p.length ? `${p.join('.')}: ` : ''}${issue?.message ?? 'invalid'}` });
      return;
    }
    const problem = specProblem(parsed.data, modelNames, at);
    if (problem) {
      declare({ name }, problem);
      return;
    }
    declare({ ...toSpec(parsed.data, at) });
  });
  return { tests, errors };
}

function specProblem(entry: UnitTestEntry, modelNames: ReadonlySet<string>, at: (p: (string | number)[]) => SourceLocation): { where: SourceLocation; message: string } | null {
  const named = `unit test '${entry.name}'`;
  if (!modelNames.has(entry.model)) return { where: at(['model']), message: `${named} tests model '${entry.model}', which is not a model of this project` };
  for (const [j, given] of entry.given.entries()) {
    if (!parseInputName(given.input)) return { where: at(['given', j, 'input']), message: `${named}: given input '${given.input}' must be ref('model'), source('source', 'table') or this` };
    const rows = checkRows(given);
    if (rows) return { where: at(['given', j, given.rows !== undefined ? 'rows' : 'input']), message: `${named}: given ${given.input}: ${rows}` };
  }
  const repeated = entry.given.map((g) => g.input.replace(/\s+/g, '').replaceAll('"', "'")).find((input, j, all) => all.indexOf(input) !== j);
  if (repeated) return { where: at(['given']), message: `${named}: ${repeated} is given twice` };
  const expected = checkRows(entry.expect);
  if (expected) return { where: at(['expect', entry.expect.rows !== undefined ? 'rows' : 'format']), message: `${named}: expect: ${expected}` };
  return null;
}

function toSpec(entry: UnitTestEntry, at: (p: (string | number)[]) => SourceLocation): UnitTestSpec & Record<string, unknown> {
  const fixture = (f: { format?: FixtureSpec['format']; rows?: unknown; fixture?: string }, p: (string | number)[]): FixtureSpec => ({
    format: f.format ?? 'dict',
    ...(f.rows !== undefined ? { rows: f.rows as FixtureSpec['rows'] } : {}),
    ...(f.fixture !== undefined ? { fixture: f.fixture } : {}),
    line: at(p).line,
  });
  const given: GivenSpec[] = entry.given.map((g, j) => ({ input: g.input.trim(), target: parseInputName(g.input) as GivenSpec['target'], ...fixture(g, ['given', j]) }));
  const tags = entry.config?.tags;
  return {
    name: entry.name,
    model: entry.model,
    ...(entry.description ? { description: entry.description } : {}),
    given,
    expect: fixture(entry.expect, ['expect']),
    overrides: {
      macros: entry.overrides?.macros ?? {},
      vars: entry.overrides?.vars ?? {},
      env_vars: Object.fromEntries(Object.entries(entry.overrides?.env_vars ?? {}).map(([k, v]) => [k, String(v)])),
    },
    tags: typeof tags === 'string' ? [tags] : (tags ?? []),
  };
}

function uniqueId(base: string, taken: Set<string>): string {
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}.${n}`;
  taken.add(id);
  return id;
}
