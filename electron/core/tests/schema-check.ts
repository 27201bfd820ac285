import type { TestDeclaration } from '../../../shared/project-types.js';
import type { Evaluated } from './evaluate-check.js';
import { failStatus } from './evaluate-check.js';
import { TestPlanError } from './plan-checks.js';

/**
 * `schema: {columns: {id: INTEGER, name: VARCHAR}}` (or a list of names): every expected column
 * exists, with the expected type when one is given.
 */
export function checkSchema(test: TestDeclaration, actual: { name: string; type: string }[]): Evaluated {
  const expected = expectedColumns(test.args.columns);
  const byName = new Map(actual.map((c) => [c.name.toLowerCase(), c.type]));
  const problems: string[] = [];
  for (const [name, type] of expected) {
    const found = byName.get(name.toLowerCase());
    if (found === undefined) problems.push(`missing column ${name}`);
    else if (type && found.toUpperCase() !== type.toUpperCase()) problems.push(`${name} is ${found}, expected ${type}`);
  }
  return {
    status: problems.length ? failStatus(test.severity) : 'pass',
    observed: problems.length,
    failing_rows: null,
    threshold: `${expected.length} expected columns`,
    message: problems.length ? problems.join('; ') : null,
  };
}

function expectedColumns(raw: unknown): [string, string | null][] {
  if (Array.isArray(raw)) {
    return raw.map((c) => (typeof c === 'string' ? [c, null] : [String((c as { name?: unknown }).name), (c as { type?: unknown }).type ? String((c as { type?: unknown }).type) : null]));
  }
  if (raw && typeof raw === 'object') return Object.entries(raw).map(([name, type]) => [name, type ? String(type) : null]);
  throw new TestPlanError('schema needs columns: (a list of names, or a mapping of name to type)');
}
