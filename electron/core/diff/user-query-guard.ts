import path from 'node:path';
import type { CompiledProject } from '../compile/compiled-project.js';
import type { EngineConnection, QueryResult } from '../engine/engine.js';
import { sqlString } from '../sql/sql-text.js';

/** SQL typed by a user (a query diff, from the command line or the app) is refused with this. */
export class UserQueryError extends Error {}

/**
 * User SQL must be exactly one SELECT. DuckDB's own parser decides (`json_serialize_sql` serializes
 * SELECT statements only, and each statement of a script), so `select 1; COPY … TO …`, an
 * `ATTACH`, a `SET` or a `CREATE` is refused before anything runs.
 */
export async function checkSingleSelect(conn: EngineConnection, sql: string): Promise<void> {
  const parsed = await conn.query(`SELECT json_serialize_sql(${sqlString(sql)}) AS tree`);
  if (!parsed.ok) throw new UserQueryError(`the query could not be checked: ${parsed.error}`);
  const tree = JSON.parse(String(parsed.rows[0]?.tree ?? '{}')) as { error?: boolean; error_message?: string; statements?: unknown[] };
  if (tree.error) {
    const notSelect = /only select/i.test(tree.error_message ?? '');
    throw new UserQueryError(notSelect ? 'only a single SELECT can be run here (no COPY, ATTACH, SET, CREATE, INSERT, ...)' : `the query does not parse: ${tree.error_message ?? 'unknown error'}`);
  }
  const count = tree.statements?.length ?? 0;
  if (count !== 1) throw new UserQueryError(`only a single SELECT can be run here, not ${count} statements`);
}

/**
 * Shuts the connection's doors before user SQL runs on it: no file outside `readable` can be read
 * or written (DuckDB's `enable_external_access` with `allowed_directories`), nothing more can be
 * attached, and no setting can be changed back (`lock_configuration`). Whatever the environments
 * were attached with (read-only) stays so.
 */
export async function lockDownConnection(conn: EngineConnection, readable: string[]): Promise<void> {
  const dirs = [...new Set(readable.map((dir) => `${path.resolve(dir)}${path.sep}`))];
  const statements = [
    `SET allowed_directories = [${dirs.map(sqlString).join(', ')}]`,
    'SET enable_external_access = false',
    'SET lock_configuration = true',
  ];
  for (const statement of statements) {
    const result = await conn.query(statement);
    if (!result.ok) throw new Error(`cannot restrict the query's connection (${statement}): ${result.error}`);
  }
}

/** The folders the project's sources read (the fixed part of each path or glob), under `buildRoot`. */
export function sourceFolders(compiled: CompiledProject, buildRoot: string): string[] {
  const folders: string[] = [];
  for (const node of compiled.nodes.values()) {
    if (node.source.kind !== 'source') continue;
    for (const pattern of node.source.fileGlobs) {
      if (/^[a-z]+:\/\//i.test(pattern)) continue;
      const fixed = pattern.split(/[*?[{]/)[0] ?? '';
      folders.push(path.resolve(buildRoot, fixed.endsWith('/') ? fixed : path.dirname(fixed)));
    }
  }
  return folders;
}

/**
 * Runs user SQL that passed the guard, interrupted after `timeoutMs`: a query that would run for
 * minutes (a cross join typed by mistake) is stopped with an error that says so, and the
 * connection is free again.
 */
export async function runWithTimeLimit(conn: EngineConnection, sql: string, timeoutMs: number, what: string): Promise<QueryResult> {
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    conn.interrupt();
  }, timeoutMs);
  const result = await conn.query(sql).finally(() => clearTimeout(timer));
  if (!result.ok && timedOut) throw new UserQueryError(`the query was stopped after ${formatSeconds(timeoutMs)}: ${what} runs a query for at most that long`);
  return result;
}

function formatSeconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}
