import type { ModelDiff } from '../../../shared/diff-types.js';
import { checkoutTarget } from '../build/build-target.js';
import { builtEnvironment } from '../build/ref-environment.js';
import { prepareProject } from '../build/prepare-project.js';
import { assayPaths } from '../env/assay-paths.js';
import { readCatalog } from '../env/catalog.js';
import { attachEnvironments, sessionOfBoth } from './attached-envs.js';
import { checkSingleSelect, lockDownConnection, runWithTimeLimit, sourceFolders, UserQueryError } from './user-query-guard.js';
import { diffRelations } from './relation-diff.js';

export interface QueryDiffOptions {
  projectRoot: string;
  base: string;
  compare?: string;
  /** Any SELECT, with `ref()` and `source()`. */
  sql: string;
  primaryKey?: string[];
  tolerance?: number;
  sampleSize?: number;
  /** Each side's query is stopped after this long (60 s unless told). */
  timeoutMs?: number;
  /** More rows than this on a side is refused (QUERY_DIFF_MAX_ROWS unless told). */
  maxRows?: number;
}

export const QUERY_DIFF_TIMEOUT_MS = 60_000;
/** A query diff compares what a person can look at: more rows than this on a side is refused, with the reason. */
export const QUERY_DIFF_MAX_ROWS = 5_000_000;

/**
 * Runs one ad-hoc query on both environments and diffs the results like a model. The query is
 * rendered once and run with each environment as the default database, so `ref('x')` reads that
 * environment's `x`. It must be a single SELECT, and runs where it can read the environments
 * (attached read-only), the store and the project's source folders, and nothing else.
 */
export async function diffQuery(options: QueryDiffOptions): Promise<ModelDiff> {
  const paths = assayPaths(options.projectRoot);
  const base = await builtEnvironment(options.projectRoot, options.base);
  const compare = await builtEnvironment(options.projectRoot, options.compare);
  await checkoutTarget(compare);
  const { renderer, compiled } = await prepareProject(options.projectRoot, compare.buildRoot);
  // As the build runs it: a source reads its snapshot in the store, wherever this process runs.
  const rendered = renderer.render(options.sql, 'query', { absolute: true });
  if (!rendered.ok) throw new Error(`${rendered.error.line ? `line ${rendered.error.line}: ` : ''}${rendered.error.message}`);
  const sql = rendered.sql.trim().replace(/;\s*$/, '');

  const [baseCatalog, compareCatalog] = [await readCatalog(paths.envFile(base.env)), await readCatalog(paths.envFile(compare.env))];
  if (baseCatalog.state !== 'ok' || compareCatalog.state !== 'ok') throw new Error('an environment to compare could not be read after building it');
  const attached = await attachEnvironments(paths.envFile(base.env), paths.envFile(compare.env), sessionOfBoth(baseCatalog.info, compareCatalog.info));
  try {
    // The query is the user's: one SELECT, on a connection that reads only the store and the sources.
    await checkSingleSelect(attached.conn, sql);
    await lockDownConnection(attached.conn, [paths.storeDir, ...sourceFolders(compiled, compare.buildRoot)]);
    const maxRows = options.maxRows ?? QUERY_DIFF_MAX_ROWS;
    for (const [db, table] of [[attached.baseDb, 'assay_query_base'], [attached.compareDb, 'assay_query_compare']] as const) {
      const used = await attached.conn.query(`USE ${db}`);
      if (!used.ok) throw new Error(used.error);
      const side = db === attached.baseDb ? options.base : options.compare ?? 'the current branch';
      // The newline ends a trailing `-- comment` before the subquery closes.
      const statement = `CREATE TEMP TABLE ${table} AS SELECT * FROM (\n${sql}\n) AS user_query LIMIT ${maxRows + 1}`;
      const created = await runWithTimeLimit(attached.conn, statement, options.timeoutMs ?? QUERY_DIFF_TIMEOUT_MS, 'a query diff');
      if (!created.ok) throw new Error(`the query fails on ${side}: ${created.error}`);
      const counted = await attached.conn.query(`SELECT count(*) AS n FROM temp.main.${table}`);
      if (counted.ok && Number(counted.rows[0]?.n) > maxRows) {
        throw new UserQueryError(`the query returns more than ${maxRows.toLocaleString('en-US')} rows on ${side}: a query diff compares a result a person can read; filter or aggregate it`);
      }
    }
    const diff = await diffRelations(attached.conn, 'temp.main.assay_query_base', 'temp.main.assay_query_compare', {
      key: options.primaryKey ?? null, tolerance: options.tolerance ?? 0, sampleSize: options.sampleSize ?? 10,
    });
    const same = !diff.rows.added && !diff.rows.removed && !diff.rows.changed && !diff.schema.added.length && !diff.schema.removed.length && !diff.schema.retyped.length;
    return { name: 'query', status: same ? 'unchanged' : 'modified', change: null, tests_changed: [], error: null, ...diff };
  } finally {
    await attached.close();
  }
}
