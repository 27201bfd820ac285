import { sqlString } from '../sql/sql-text.js';

/**
 * What `source()` renders to. dbt-duckdb reads `meta.external_location` (or `config.external_location`)
 * on the table or on its source, formatted with `{name}` / `{identifier}`: either a table function
 * (`read_csv('lake/*.csv')`) or a plain path or glob, which DuckDB reads by its extension.
 */
export function sourceRelation(location: string, tableName: string, identifier: string): { relation: string; fileGlobs: string[] } {
  const formatted = location.replaceAll('{name}', tableName).replaceAll('{identifier}', identifier).trim();
  const isCall = /^[A-Za-z_][\w]*\s*\(/.test(formatted);
  if (!isCall) {
    const unquoted = formatted.replace(/^'(.*)'$/, '$1');
    return { relation: sqlString(unquoted), fileGlobs: [unquoted] };
  }
  return { relation: formatted, fileGlobs: quotedPaths(formatted) };
}

/** String literals inside a table-function call that look like file paths (have an extension or a glob). */
function quotedPaths(call: string): string[] {
  const paths: string[] = [];
  for (const match of call.matchAll(/'((?:[^']|'')*)'/g)) {
    const literal = (match[1] as string).replaceAll("''", "'");
    if (/[*?[]|\.[A-Za-z0-9]{1,8}$/.test(literal) && !/^\w+\s*=/.test(literal)) paths.push(literal);
  }
  return paths;
}

/**
 * The same relation with its relative file paths made absolute against `root`. Environments store
 * this one, so that a catalog built from a worktree reads that worktree's files whoever opens it;
 * fingerprints use the relative text, so they do not depend on where the project is checked out.
 */
export function absoluteRelation(relation: string, fileGlobs: string[], root: string): string {
  let out = relation;
  for (const glob of fileGlobs) {
    if (/^([a-z]+:\/\/|\/)/i.test(glob)) continue;
    const absolute = `${root.replace(/\/+$/, '')}/${glob.replace(/^\.\//, '')}`;
    out = out.replaceAll(sqlString(glob), sqlString(absolute));
  }
  return out;
}
