import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { CompiledProject } from '../../compile/compiled-project.js';
import { quoteIdentifier, sqlString } from '../../sql/sql-text.js';
import { nodeRelation, withEnvironment } from '../../env/environment-reader.js';
import type { Dashboard } from '../dashboard.js';

/** Above this much compressed data, a published page keeps to its embedded default results. */
export const MAX_REQUERY_BYTES = 64 * 1024 * 1024;

/** Column types DuckDB's core CSV reader reads back exactly as they were written. */
const FLAT_TYPE = /^(BOOLEAN|TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL\(\d+,\d+\)|VARCHAR|DATE|TIME|TIMESTAMP|UUID)$/;

/** One relation a published page loads into DuckDB-Wasm, under the name the dashboard's SQL uses. */
export interface RequeryTable {
  /** The SQL text the dashboard's rendered queries read, e.g. `"fact_prescriptions"`. */
  relation: string;
  /** The file's key in the page's data: `<n>.csv.gz`. */
  file: string;
  columns: { name: string; type: string }[];
  /** The compressed file, written to the page as base64. */
  bytes: Buffer;
}

export type RequeryData = { ok: true; tables: RequeryTable[] } | { ok: false; reason: string };

/**
 * The relations a dashboard reads, exported from its environment so that the published page can
 * run the dashboard's own queries again when a parameter changes. DuckDB-Wasm loads extensions
 * over the network, which a published page never touches, so Parquet and JSON are out of reach:
 * the data travels as gzipped CSV, which DuckDB's core reads, with every column's type written
 * out so that nothing is re-guessed. Anything that would not come back exactly — a source read
 * straight from files, a nested column, too much data — keeps the page to its embedded results,
 * and the reason is given.
 */
export async function exportRequeryData(projectRoot: string, env: string, dashboard: Dashboard, compiled: CompiledProject, scratchDir: string, maxBytes = MAX_REQUERY_BYTES): Promise<RequeryData> {
  if (dashboard.parameters.length === 0) return { ok: false, reason: 'the dashboard has no parameters' };
  return withEnvironment(projectRoot, env, async ({ conn, entries }) => {
    const tables: RequeryTable[] = [];
    let total = 0;
    for (const [index, id] of dashboard.dependsOn.entries()) {
      const node = compiled.nodes.get(id);
      const readable = node?.objectName ? nodeRelation(node, entries) : null;
      if (!node || !readable) return { ok: false as const, reason: `${id} has no table or view in this environment (a source read from files, an ephemeral or an unbuilt model): the page can only load built models and seeds` };
      const described = await conn.query(`DESCRIBE SELECT * FROM ${readable}`);
      if (!described.ok) return { ok: false as const, reason: `${id} cannot be read: ${described.error}` };
      const columns = described.rows.map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
      const nested = columns.find((c) => !FLAT_TYPE.test(c.type));
      if (nested) return { ok: false as const, reason: `${id}.${nested.name} is ${nested.type}, which does not travel as CSV` };
      const file = path.join(scratchDir, `${index}.csv.gz`);
      const copied = await conn.query(`COPY (SELECT * FROM ${readable}) TO ${sqlString(file)} (FORMAT csv, HEADER, COMPRESSION gzip)`);
      if (!copied.ok) return { ok: false as const, reason: `${id} could not be exported: ${copied.error}` };
      const bytes = await readFile(file);
      await rm(file, { force: true });
      total += bytes.length;
      if (total > maxBytes) return { ok: false as const, reason: `the data it reads is larger than ${formatBytes(maxBytes)} compressed` };
      tables.push({ relation: node.relation, file: `${index}.csv.gz`, columns, bytes });
    }
    return { ok: true as const, tables };
  });
}

/** The SQL a published page runs to load one table from its CSV, with its types as exported. */
export function loadTableSql(table: Pick<RequeryTable, 'relation' | 'file' | 'columns'>): string {
  const columns = `{${table.columns.map((c) => `${sqlString(c.name)}: ${sqlString(c.type)}`).join(', ')}}`;
  return `CREATE TABLE ${table.relation} AS SELECT * FROM read_csv(${sqlString(table.file)}, header = true, auto_detect = false, columns = ${columns}, allow_quoted_nulls = false, compression = 'gzip')`;
}

/**
 * An element's query as the published page runs it: positional placeholders, the row cap, and
 * every result column cast to what the page can read from Arrow as plain JSON values, matching the
 * values the app embeds (64-bit integers and decimals as numbers, dates and times as text).
 */
export function browserElementSql(positionalSql: string, columns: { name: string; type: string }[], rowCap: number): string {
  const select = columns.map(({ name, type }) => {
    const column = quoteIdentifier(name);
    if (/^(BIGINT|HUGEINT|UBIGINT|UHUGEINT|DECIMAL)/.test(type)) return `CAST(${column} AS DOUBLE) AS ${column}`;
    if (/^TIMESTAMP/.test(type)) return `replace(CAST(${column} AS VARCHAR), ' ', 'T') AS ${column}`;
    if (/^(BOOLEAN|TINYINT|SMALLINT|INTEGER|UTINYINT|USMALLINT|UINTEGER|FLOAT|DOUBLE|VARCHAR)$/.test(type)) return column;
    return `CAST(${column} AS VARCHAR) AS ${column}`;
  });
  return `SELECT ${select.join(', ') || '*'} FROM (\n${positionalSql}\n) AS assay_element LIMIT ${Math.floor(rowCap) + 1}`;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${bytes} bytes`;
}
