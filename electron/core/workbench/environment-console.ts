import type { ConsoleResult } from '../../../shared/preview-query.js';
import type { CompiledProject } from '../compile/compiled-project.js';
import { checkSingleSelect, lockDownConnection, runWithTimeLimit, sourceFolders, UserQueryError } from '../diff/user-query-guard.js';
import { openEngine } from '../engine/open-engine.js';
import { assayPaths } from '../env/assay-paths.js';
import { readCatalog } from '../env/catalog.js';
import { sqlString } from '../sql/sql-text.js';
import { EnvironmentNotBuiltError } from '../env/environment-reader.js';

export interface ConsoleQuery {
  projectRoot: string;
  compiled: CompiledProject;
  env: string;
  sql: string;
  /** At most this many rows are read. */
  limit: number;
  /** A query still running after this long is interrupted (30 s unless told). */
  timeoutMs?: number;
}

const ENV_DB = 'assay_env';
export const CONSOLE_TIMEOUT_MS = 30_000;

/**
 * The SQL console: one SELECT typed by the analyst, run on the branch environment attached
 * read-only to a connection of its own, under the query diff's guard (a single SELECT, no file
 * outside the store and the sources, no setting changed), stopped after a time limit, and reading
 * at most `limit` rows. Its own connection because the guard's settings hold for the whole database:
 * the environment readers the app keeps open must stay as they are.
 */
export async function queryEnvironment(query: ConsoleQuery): Promise<ConsoleResult> {
  const paths = assayPaths(query.projectRoot);
  const envFile = paths.envFile(query.env);
  const catalog = await readCatalog(envFile);
  if (catalog.state === 'missing') throw new EnvironmentNotBuiltError(`environment '${query.env}' has not been built yet: run a build first`);
  if (catalog.state === 'corrupt') throw new Error(`environment '${query.env}' (${envFile}) cannot be read: ${catalog.reason}`);
  const sql = query.sql.trim().replace(/;\s*$/, '');
  const engine = await openEngine({ path: ':memory:', fileSearchPath: catalog.info.root, setup: catalog.info.setup });
  try {
    const conn = await engine.connect();
    for (const statement of [`ATTACH ${sqlString(envFile)} AS ${ENV_DB} (READ_ONLY)`, `USE ${ENV_DB}`]) {
      const done = await conn.query(statement);
      if (!done.ok) throw new Error(`cannot open environment '${query.env}': ${done.error}`);
    }
    await checkSingleSelect(conn, sql);
    await lockDownConnection(conn, [paths.storeDir, ...sourceFolders(query.compiled, catalog.info.root)]);
    // The newline ends a trailing `-- comment` before the subquery closes.
    const statement = `SELECT * FROM (\n${sql}\n) AS console_query LIMIT ${query.limit + 1}`;
    const result = await runWithTimeLimit(conn, statement, query.timeoutMs ?? CONSOLE_TIMEOUT_MS, 'the console');
    if (!result.ok) throw new UserQueryError(`the query fails on environment '${query.env}': ${result.error}`);
    return { columns: result.columns, rows: result.rows.slice(0, query.limit), limit: query.limit, truncated: result.rows.length > query.limit };
  } finally {
    await engine.close();
  }
}
