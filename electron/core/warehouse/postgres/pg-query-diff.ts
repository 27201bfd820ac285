import type pg from 'pg';
import type { CompiledProject } from '../../compile/compiled-project.js';
import type { ProjectSqlRenderer } from '../../compile/project-renderer.js';
import { readWarehouseCatalog } from './pg-catalog.js';
import type { PgWarehouse } from './pg-connection.js';
import { environmentSchemaOf } from './pg-names.js';
import { pointRelationsAtEnvironment } from './pg-tests.js';

export interface WarehouseQueryDiff {
  rowsBase: number;
  rowsCompare: number;
  /** Rows (duplicates counted) only in the base's result, only in the compared one's. */
  onlyBase: number;
  onlyCompare: number;
  sampleOnlyBase: Record<string, unknown>[];
  sampleOnlyCompare: Record<string, unknown>[];
}

export class QueryDiffRefused extends Error {}

const SAMPLE_ROWS = 10;
const TIMEOUT_MS = 60_000;

/**
 * One query (with `ref()`s) on two environments of the warehouse, compared as row multisets. The
 * query runs as a subquery, through the extended protocol (one statement, never a script: text
 * that closes the parenthesis and starts another statement is refused by the server), inside a
 * READ ONLY transaction with a statement timeout, so it can neither write nor run for ever.
 */
export async function diffQueryOnWarehouse(options: {
  warehouse: PgWarehouse; compiled: CompiledProject; renderer: ProjectSqlRenderer; sql: string; baseEnv: string; compareEnv: string; file?: string;
}): Promise<WarehouseQueryDiff> {
  const { warehouse } = options;
  const render = async (env: string) => {
    const entries = await readWarehouseCatalog(warehouse, env);
    if (entries.size === 0) throw new QueryDiffRefused(`${warehouse.name} has no environment '${env}': build it first`);
    pointRelationsAtEnvironment({ compiled: options.compiled, entries, schemaOf: environmentSchemaOf(warehouse.target.schema, env) });
    const rendered = options.renderer.render(options.sql, options.file ?? '(query)', { absolute: true });
    if (!rendered.ok) throw new QueryDiffRefused(rendered.error.message);
    return rendered.sql.trim().replace(/;\s*$/, '');
  };
  const base = await render(options.baseEnv);
  const compare = await render(options.compareEnv);
  return warehouse.withClient(async (client) => {
    await client.query('BEGIN READ ONLY');
    try {
      await client.query(`SET LOCAL statement_timeout = ${TIMEOUT_MS}`);
      const a = `(\n${base}\n)`;
      const b = `(\n${compare}\n)`;
      const one = async (text: string) => (await client.query(single(text))).rows as Record<string, unknown>[];
      const [counts = {}] = await one(`SELECT
        (SELECT count(*) FROM ${a} AS base) AS rows_base,
        (SELECT count(*) FROM ${b} AS compare) AS rows_compare,
        (SELECT count(*) FROM (${a} EXCEPT ALL ${b}) AS x) AS only_base,
        (SELECT count(*) FROM (${b} EXCEPT ALL ${a}) AS y) AS only_compare`);
      const sample = (from: string, minus: string) => one(`SELECT * FROM (${from} EXCEPT ALL ${minus}) AS d LIMIT ${SAMPLE_ROWS}`);
      const n = (key: string) => Number(counts[key] ?? 0);
      const result = {
        rowsBase: n('rows_base'), rowsCompare: n('rows_compare'), onlyBase: n('only_base'), onlyCompare: n('only_compare'),
        sampleOnlyBase: n('only_base') > 0 ? await sample(a, b) : [], sampleOnlyCompare: n('only_compare') > 0 ? await sample(b, a) : [],
      };
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    }
  });
}

/** pg's extended query protocol (`queryMode`, not in its types): the server takes exactly one statement. */
function single(text: string): pg.QueryConfig {
  return { text, queryMode: 'extended' } as pg.QueryConfig;
}
