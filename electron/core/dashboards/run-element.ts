import type { ElementResult, ResultValue } from '../../../shared/dashboard-types.js';
import type { EngineConnection, SqlValue } from '../engine/engine.js';
import type { ScalarParam } from '../engine/params.js';
import { withDistinctColours } from './categorical-colours.js';
import type { LoadedElement } from './dashboard.js';
import { runElementTests } from './element-tests.js';
import { missingFields } from './encoding-fields.js';
import { bindNamedParameters } from './sql-parameters.js';

/** Rows an element may send to a chart; aggregation belongs in the query, not in the browser. */
export const DEFAULT_ROW_CAP = 5000;

let heldResults = 0;

/**
 * Runs one element's query with its parameters bound as values, holds the result to the row cap,
 * and checks that the chart's encodings read columns the query returns. A failure is the
 * element's own: it comes back as its error, and the other elements still run. The result is held
 * once in a temporary table that the chart and the element's tests both read, instead of every
 * test running the query again.
 */
export async function runElement(conn: EngineConnection, element: LoadedElement, values: Map<string, ScalarParam>, rowCap: number): Promise<ElementResult> {
  const started = performance.now();
  const base = { name: element.name, title: element.title, span: element.span, spec: element.spec };
  const failed = (error: string): ElementResult => ({ ...base, columns: [], rows: [], truncated: false, warning: null, error, tests: [], ms: performance.now() - started });
  const bound = bindValues(element.sql, values);
  if (!bound.ok) return failed(bound.error);
  const held = `__assay_element_${++heldResults}`;
  const created = await conn.query(`CREATE TEMP TABLE ${held} AS ${capped(bound.sql, rowCap)}`, bound.params);
  if (!created.ok) return failed(created.error);
  try {
    const result = await conn.query(`SELECT * FROM ${held}`);
    if (!result.ok) return failed(result.error);
    const columns = result.columns.map((c) => ({ name: c.name, type: c.type }));
    const missing = missingFields(element.spec, columns.map((c) => c.name));
    if (missing.length > 0) {
      const where = `${element.specLocation.file}${element.specLocation.line ? `:${element.specLocation.line}` : ''}`;
      const listed = missing.map((m) => `'${m.field}' (${m.path.join('.')})`).join(', ');
      return failed(`${where}: the spec encodes field(s) ${listed} that the query does not return (it returns ${columns.map((c) => c.name).join(', ')})`);
    }
    const truncated = result.rows.length > rowCap;
    const rows = (truncated ? result.rows.slice(0, rowCap) : result.rows).map(toResultRow);
    const warning = truncated
      ? `the query returned more than ${rowCap.toLocaleString('en-US')} rows; only the first ${rowCap.toLocaleString('en-US')} are drawn: aggregate in the query`
      : null;
    // Tests judge the whole result: past the cap, the held rows are not all of it.
    const tested = truncated ? { ...bound, columns } : { sql: `SELECT * FROM ${held}`, params: [], columns };
    const tests = element.tests.length > 0 ? await runElementTests(conn, element.tests, tested) : [];
    // More categories than Vega-Lite's ten default colours get as many distinct ones (issue 19).
    const spec = withDistinctColours(element.spec, rows);
    return { ...base, spec, columns, rows, truncated, warning, error: null, tests, ms: performance.now() - started };
  } finally {
    await conn.query(`DROP TABLE IF EXISTS ${held}`);
  }
}

/** At most `rowCap + 1` rows: one more than the cap tells that there were more. */
export async function queryCapped(conn: EngineConnection, sql: string, values: Map<string, ScalarParam>, rowCap: number) {
  const bound = bindValues(sql, values);
  return bound.ok ? conn.query(capped(bound.sql, rowCap), bound.params) : bound;
}

function capped(sql: string, rowCap: number): string {
  return `SELECT * FROM (\n${sql}\n) AS assay_element LIMIT ${Math.floor(rowCap) + 1}`;
}

/** The query with numbered placeholders and the value of each, in order. */
function bindValues(sql: string, values: Map<string, ScalarParam>): { ok: true; sql: string; params: ScalarParam[] } | { ok: false; error: string } {
  const bound = bindNamedParameters(sql);
  const missing = bound.names.filter((n) => !values.has(n));
  if (missing.length > 0) return { ok: false, error: `no value for ${missing.map((n) => `$${n}`).join(', ')}` };
  return { ok: true, sql: bound.sql, params: bound.names.map((n) => values.get(n) as ScalarParam) };
}

function toResultRow(row: Record<string, SqlValue>): Record<string, ResultValue> {
  const out: Record<string, ResultValue> = {};
  for (const [key, value] of Object.entries(row)) out[key] = value !== null && typeof value === 'object' ? JSON.stringify(value) : value;
  return out;
}
