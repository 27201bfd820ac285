import type { TestDeclaration } from '../../../shared/project-types.js';
import type { TestStatus } from '../../../shared/test-types.js';
import type { CompiledNode } from '../compile/compiled-project.js';
import type { EngineConnection, SqlValue } from '../engine/engine.js';
import { storeFile } from '../build/materialize.js';
import { assayPaths } from '../env/assay-paths.js';
import { checkStoreFile } from '../env/store-records.js';
import type { CatalogEntry } from '../env/catalog.js';
import { quoteIdentifier, sqlString } from '../sql/sql-text.js';
import type { PlanContext } from './plan-checks.js';
import { relationResolver } from './relation-of.js';
import { TestPlanError } from './plan-checks.js';
import type { RunTestsOptions } from './run-tests.js';

const BASELINE = '__assay_baseline';

export type AggregateValue = { ok: true; value: SqlValue } | { ok: false; error: string };

type Opened = { ok: true; value: TestTarget } | { ok: false; status: TestStatus; reason: string };

/** The node a group of tests reads: its relation in the environment, its columns, and queries over it. */
export class TestTarget {
  private constructor(
    readonly conn: EngineConnection,
    readonly nodeId: string,
    readonly node: CompiledNode | null,
    readonly relation: string,
    readonly columns: { name: string; type: string }[],
    private readonly options: RunTestsOptions,
    /** The immutable store file holding the node's rows (a source's snapshot); null for views and ephemeral models. */
    readonly storeFile: string | null = null,
    /** A second connection to the same environment, for a query that can run beside one on `conn`. */
    readonly sideConn: EngineConnection = conn,
  ) {}

  static async open(conn: EngineConnection, nodeId: string, options: RunTestsOptions, entries: Map<string, CatalogEntry>, sideConn = conn): Promise<Opened> {
    if (nodeId === '') return { ok: true, value: new TestTarget(conn, nodeId, null, '', [], options, null, sideConn) };
    const node = options.compiled.nodes.get(nodeId);
    if (!node) return { ok: false, status: 'error', reason: `the test is declared on '${nodeId}', which is not a node of this project` };
    const entry = entries.get(nodeId);
    if (node.kind !== 'source' && node.materialization !== 'ephemeral' && !['built', 'reused', 'carried'].includes(entry?.status ?? '')) {
      // The test measured nothing: that is an error of the run, never a quiet skip.
      const why = entry?.error ? `${entry.status}: ${firstLine(entry.error)}` : (entry?.status ?? 'never built');
      return { ok: false, status: 'error', reason: `not run: ${nodeId} did not build (${why})` };
    }
    const relation = node.kind === 'source' ? (node.execRelation ?? node.relation) : node.materialization === 'ephemeral' ? `(${node.execSql})` : node.relation;
    const described = await conn.query(`DESCRIBE SELECT * FROM ${relation}`);
    if (!described.ok) return { ok: false, status: 'error', reason: `${nodeId} cannot be read: ${described.error}` };
    const columns = described.rows.map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
    // A source reads its snapshot, a store file named by the source's fingerprint.
    const stored = entry?.physical ?? (node.kind === 'source' && entry ? storeFile(assayPaths(options.projectRoot).storeDir, entry.fingerprint) : null);
    // Rows of a store file changed behind Assay's back are not what was built: nothing is measured on them.
    const check = stored ? await checkStoreFile(stored) : null;
    if (check && !check.intact) return { ok: false, status: 'error', reason: `not run: the store file of ${nodeId} is not what was written (${check.reason}); build again` };
    return { ok: true, value: new TestTarget(conn, nodeId, node, relation, columns, options, stored, sideConn) };
  }

  /** A view or an ephemeral model: every query over it runs its SQL again, so fewer scans beat cheaper ones. */
  get computed(): boolean {
    return this.node?.materialization === 'view' || this.node?.materialization === 'ephemeral';
  }

  /** A test on a column the node does not have is an error naming the columns it does have. */
  missingColumn(test: TestDeclaration): string | null {
    if (!test.column || this.columns.length === 0) return null;
    if (this.columns.some((c) => c.name.toLowerCase() === test.column?.toLowerCase())) return null;
    return `column '${test.column}' does not exist in ${this.nodeId} (it has ${this.columns.map((c) => c.name).join(', ')})`;
  }

  planContext(): PlanContext {
    return { relation: this.relation, renderer: this.options.renderer, relationOf: relationResolver(this.options.renderer) };
  }

  /** Runs several aggregates in one scan; if the scan fails, each alone so that one bad check does not hide the others. */
  async aggregate(expressions: string[]): Promise<AggregateValue[]> {
    const together = await this.conn.query(`SELECT ${expressions.map((e, i) => `${e} AS c${i}`).join(',\n')} FROM ${this.relation}`);
    if (together.ok) return expressions.map((_, i) => ({ ok: true, value: together.rows[0]?.[`c${i}`] ?? null }));
    if (expressions.length === 1) return [{ ok: false, error: together.error }];
    const each = [];
    for (const e of expressions) each.push(...(await this.aggregate([e])));
    return each;
  }

  async scalar(sql: string): Promise<SqlValue> {
    const result = await this.conn.query(sql);
    if (!result.ok) throw new Error(result.error);
    const row = result.rows[0];
    return row ? (Object.values(row)[0] ?? null) : null;
  }

  async sample(rowsSql: string, limit: number): Promise<Record<string, unknown>[]> {
    if (limit <= 0) return [];
    const result = await this.conn.query(`SELECT * FROM (${rowsSql}) LIMIT ${Math.floor(limit)}`);
    return result.ok ? result.rows : [];
  }

  /** The same node in a baseline branch's environment, attached read-only to this connection. */
  async baselineRelation(baselineEnv: string | null, branch: string): Promise<string> {
    if (!baselineEnv) throw new TestPlanError(`baseline branch '${branch}' has no environment: the branch does not exist or could not be built`);
    if (!this.node?.objectName) throw new TestPlanError(`${this.nodeId} has no table to compare with a baseline`);
    const attached = await this.conn.query(`SELECT 1 FROM duckdb_databases() WHERE database_name = '${BASELINE}'`);
    if (attached.ok && attached.rows.length === 0) {
      const file = assayPaths(this.options.projectRoot).envFile(baselineEnv);
      const result = await this.conn.query(`ATTACH ${sqlString(file)} AS ${BASELINE} (READ_ONLY)`);
      if (!result.ok) throw new TestPlanError(`cannot open the baseline environment '${baselineEnv}': ${result.error}`);
    }
    const schema = this.node.objectSchema ?? 'main';
    const relation = `${BASELINE}.${quoteIdentifier(schema)}.${quoteIdentifier(this.node.objectName)}`;
    const exists = await this.conn.query(`SELECT 1 FROM duckdb_views() WHERE database_name = '${BASELINE}' AND schema_name = ${sqlString(schema)} AND view_name = ${sqlString(this.node.objectName)}`);
    if (exists.ok && exists.rows.length === 0) throw new TestPlanError(`${this.nodeId} does not exist in the baseline environment '${baselineEnv}'`);
    return relation;
  }
}

/** A baseline attached by a variation test is attached to the whole DuckDB, which outlives the run (see withEnvironment): it goes with the run. */
export async function detachBaseline(conn: EngineConnection): Promise<void> {
  await conn.query(`DETACH DATABASE IF EXISTS ${BASELINE}`);
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? '';
}
