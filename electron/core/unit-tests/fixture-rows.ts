import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { FixtureSpec } from './unit-test-spec.js';

/** A fixture's content: rows of YAML or CSV values (a column left out of a row is NULL), or a SELECT. */
export type FixtureData = { kind: 'rows'; columns: string[]; rows: Record<string, unknown>[] } | { kind: 'sql'; sql: string };

export class FixtureError extends Error {}

/**
 * Reads a `given` or `expect`: dict rows as written, CSV text (an empty field is NULL, as in dbt),
 * a SQL SELECT, or any of these from `<test-path>/fixtures/<name>.csv|.sql`.
 */
export async function readFixture(spec: FixtureSpec, root: string, testPaths: string[]): Promise<FixtureData> {
  const text = spec.fixture !== undefined ? await readFixtureFile(spec, root, testPaths) : spec.rows;
  if (spec.format === 'sql') return { kind: 'sql', sql: String(text).trim().replace(/;\s*$/, '') };
  if (spec.format === 'csv') return csvRows(String(text ?? ''));
  const rows = (Array.isArray(text) ? text : []) as Record<string, unknown>[];
  return { kind: 'rows', columns: [...new Set(rows.flatMap((row) => Object.keys(row)))], rows };
}

function csvRows(text: string): FixtureData {
  let records: string[][];
  try {
    records = parse(text.trim(), { relax_column_count: false, trim: true, skip_empty_lines: true }) as string[][];
  } catch (err) {
    throw new FixtureError(`the CSV rows do not parse: ${err instanceof Error ? err.message : String(err)}`);
  }
  const [header = [], ...body] = records;
  return { kind: 'rows', columns: header, rows: body.map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i] === '' ? null : cells[i]]))) };
}

async function readFixtureFile(spec: FixtureSpec, root: string, testPaths: string[]): Promise<string> {
  const extension = spec.format === 'sql' ? '.sql' : '.csv';
  if (spec.format === 'dict') throw new FixtureError(`fixture '${spec.fixture}' needs format csv or sql (a dict fixture is written inline as rows)`);
  const candidates = testPaths.map((folder) => path.join(folder, 'fixtures', `${spec.fixture}${extension}`));
  for (const candidate of candidates) {
    const text = await readFile(path.join(root, candidate), 'utf8').catch(() => null);
    if (text !== null) return text;
  }
  throw new FixtureError(`fixture '${spec.fixture}' not found (looked for ${candidates.join(', ')})`);
}
