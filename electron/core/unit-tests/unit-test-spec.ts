import { z } from 'zod';

/**
 * A dbt unit test (dbt 1.8+, `unit_tests:` in a schema file) as Assay keeps it in a test
 * declaration's `args`: plain JSON, so the UI and the reports can show what was given.
 */
export type FixtureFormat = 'dict' | 'csv' | 'sql';

export interface FixtureSpec {
  format: FixtureFormat;
  /** dict: a list of mappings; csv and sql: the text. Absent when `fixture` names a file. */
  rows?: Record<string, unknown>[] | string;
  /** A file under `<test-path>/fixtures/` (`.csv` or `.sql`, after the format), without its extension. */
  fixture?: string;
  line?: number;
}

/** What a `given` feeds: `ref('orders')`, `source('shop', 'raw')`, or `this` (an incremental model's current table). */
export type GivenInputName = { kind: 'ref'; name: string } | { kind: 'source'; source: string; table: string } | { kind: 'this' };

export interface GivenSpec extends FixtureSpec {
  /** As written, for messages: `ref('stg_orders')`. */
  input: string;
  target: GivenInputName;
}

export interface UnitTestSpec {
  name: string;
  model: string;
  description?: string;
  given: GivenSpec[];
  expect: FixtureSpec;
  overrides: { macros: Record<string, unknown>; vars: Record<string, unknown>; env_vars: Record<string, string> };
  tags: string[];
}

const record = z.record(z.string(), z.unknown());

const fixtureShape = {
  format: z.enum(['dict', 'csv', 'sql']).optional(),
  rows: z.unknown().optional(),
  fixture: z.string().optional(),
};

/** The shape of one `unit_tests:` entry; what `rows` must be depends on `format` (see checkRows). */
export const unitTestEntrySchema = z.looseObject({
  name: z.string(),
  model: z.string(),
  description: z.string().optional(),
  given: z.array(z.looseObject({ input: z.string(), ...fixtureShape })).default([]),
  expect: z.looseObject(fixtureShape),
  overrides: z
    .looseObject({
      macros: record.optional(),
      vars: record.optional(),
      env_vars: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
    })
    .optional(),
  config: z.looseObject({ tags: z.union([z.string(), z.array(z.string())]).optional(), meta: record.optional() }).optional(),
});

export type UnitTestEntry = z.infer<typeof unitTestEntrySchema>;

/** `ref('x')`, `ref('package', 'x')`, `source('s', 't')` or `this`, as dbt writes a given's input. */
export function parseInputName(text: string): GivenInputName | null {
  const trimmed = text.trim();
  if (trimmed === 'this') return { kind: 'this' };
  const call = /^(ref|source)\s*\(\s*(.*?)\s*\)$/s.exec(trimmed);
  if (!call) return null;
  const args = [...(call[2] ?? '').matchAll(/\s*(?:'([^']*)'|"([^"]*)")\s*(?:,|$)/g)].map((m) => m[1] ?? m[2] ?? '');
  const joined = (call[2] ?? '').replace(/\s*(?:'[^']*'|"[^"]*")\s*(?:,|$)/g, '');
  if (joined.trim() !== '') return null;
  if (call[1] === 'ref' && (args.length === 1 || args.length === 2)) return { kind: 'ref', name: args.at(-1) as string };
  if (call[1] === 'source' && args.length === 2) return { kind: 'source', source: args[0] as string, table: args[1] as string };
  return null;
}

/** What is wrong with a fixture's `rows`/`fixture` for its format, or null. */
export function checkRows(fixture: { format?: FixtureFormat; rows?: unknown; fixture?: string }): string | null {
  const format = fixture.format ?? 'dict';
  if (fixture.rows !== undefined && fixture.fixture !== undefined) return 'give either rows or fixture, not both';
  if (fixture.fixture !== undefined) return null;
  if (fixture.rows === undefined) return `rows (or fixture) is required`;
  if (format === 'dict') {
    if (!Array.isArray(fixture.rows)) return `rows must be a list of mappings when format is dict, not ${describeValue(fixture.rows)}`;
    const bad = fixture.rows.findIndex((row) => !row || typeof row !== 'object' || Array.isArray(row));
    return bad >= 0 ? `rows[${bad}] must be a mapping of column to value, not ${describeValue(fixture.rows[bad])}` : null;
  }
  return typeof fixture.rows === 'string' ? null : `rows must be text when format is ${format}, not ${describeValue(fixture.rows)}`;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a mapping' : `${typeof value} ${JSON.stringify(value)}`;
}
