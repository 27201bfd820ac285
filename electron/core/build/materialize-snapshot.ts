import type { CompiledNode } from '../compile/compiled-project.js';
import { sha256 } from '../env/fingerprint.js';
import { quoteIdentifier } from '../sql/sql-text.js';
import type { AdapterType } from '../dbt/adapter-type.js';

/** A snapshot's settings, from its `config()`: dbt's names and defaults. */
export interface SnapshotSettings {
  uniqueKey: string[];
  strategy: 'timestamp' | 'check';
  updatedAt?: string;
  checkCols: string[] | 'all';
  invalidateHardDeletes: boolean;
}

/** Reads and checks a snapshot's config; a problem names the setting (the node fails with it). */
export function snapshotSettings(node: CompiledNode): SnapshotSettings | { problem: string } {
  const extra = node.config.extra;
  const key = node.config.unique_key;
  if (!key || (Array.isArray(key) && key.length === 0)) return { problem: `snapshot '${node.name}' needs a unique_key in its config` };
  const strategy = extra.strategy ?? 'timestamp';
  if (strategy !== 'timestamp' && strategy !== 'check') return { problem: `snapshot '${node.name}': strategy must be timestamp or check, not '${String(strategy)}'` };
  const updatedAt = typeof extra.updated_at === 'string' ? extra.updated_at : undefined;
  if (strategy === 'timestamp' && !updatedAt) return { problem: `snapshot '${node.name}': the timestamp strategy needs updated_at (the column that says when a row changed)` };
  const check = extra.check_cols;
  const checkCols = check === 'all' ? 'all' : Array.isArray(check) ? check.map(String) : typeof check === 'string' ? [check] : undefined;
  if (strategy === 'check' && !checkCols) return { problem: `snapshot '${node.name}': the check strategy needs check_cols (a list of columns, or 'all')` };
  const hardDeletes = extra.hard_deletes === 'invalidate' || extra.invalidate_hard_deletes === true;
  return { uniqueKey: Array.isArray(key) ? key : [key], strategy, updatedAt, checkCols: checkCols ?? 'all', invalidateHardDeletes: hardDeletes };
}

const META = ['dbt_scd_id', 'dbt_updated_at', 'dbt_valid_from', 'dbt_valid_to'];

/**
 * The SQL of a snapshot's next version, as dbt's snapshot materialization computes it: rows of
 * `current` (the snapshot's query, in a temp table) whose key is new, or whose tracked values
 * changed since the open version, are inserted as open versions; the versions they replace (and,
 * with hard deletes invalidated, those whose key disappeared) are closed. `previous` is the last
 * version's stored rows, or null for the first.
 */
export function snapshotSql(settings: SnapshotSettings, current: string, previous: string | null, columns: string[], now: string, dialect: AdapterType = 'duckdb'): string {
  const key = (alias: string) => settings.uniqueKey.map((k) => `${alias}.${quoteIdentifier(k)}`);
  const keyText = (alias: string) => `concat_ws('|', ${key(alias).map((k) => `CAST(${k} AS VARCHAR)`).join(', ')})`;
  const changedAt = (alias: string) => (settings.strategy === 'timestamp' ? `CAST(${alias}.${quoteIdentifier(settings.updatedAt as string)} AS TIMESTAMP)` : now);
  const opened = (from: string) =>
    `SELECT c.*, md5(${keyText('c')} || '|' || CAST(${changedAt('c')} AS VARCHAR)) AS dbt_scd_id, ${changedAt('c')} AS dbt_updated_at, ${changedAt('c')} AS dbt_valid_from, CAST(NULL AS TIMESTAMP) AS dbt_valid_to FROM ${from} AS c`;
  if (previous === null) return opened(current);
  const joinOn = settings.uniqueKey.map((k) => `c.${quoteIdentifier(k)} IS NOT DISTINCT FROM o.${quoteIdentifier(k)}`).join(' AND ');
  const tracked = settings.checkCols === 'all' ? columns.filter((c) => !META.includes(c)) : settings.checkCols;
  const changed =
    settings.strategy === 'timestamp'
      ? `${changedAt('c')} > o.dbt_updated_at`
      : tracked.map((col) => `c.${quoteIdentifier(col)} IS DISTINCT FROM o.${quoteIdentifier(col)}`).join(' OR ') || 'FALSE';
  const open = `(SELECT * FROM ${previous} WHERE dbt_valid_to IS NULL)`;
  const inserts = `SELECT c.* FROM ${current} AS c LEFT JOIN ${open} AS o ON ${joinOn} WHERE o.dbt_scd_id IS NULL OR (${changed})`;
  const closedBy = `SELECT o.dbt_scd_id, ${changedAt('c')} AS closed_at FROM ${current} AS c JOIN ${open} AS o ON ${joinOn} WHERE ${changed}`;
  const deleted = settings.invalidateHardDeletes
    ? `UNION ALL SELECT o.dbt_scd_id, ${now} AS closed_at FROM ${open} AS o WHERE NOT EXISTS (SELECT 1 FROM ${current} AS c WHERE ${joinOn})`
    : '';
  // DuckDB matches the versions' columns by name (a column the query gained is NULL in older rows);
  // elsewhere they are listed, in the query's order, and must be the previous version's.
  const kept = dialect === 'duckdb'
    ? 'p.* REPLACE (coalesce(p.dbt_valid_to, closing.closed_at) AS dbt_valid_to)'
    : [...columns.filter((c) => !META.includes(c)).map((c) => `p.${quoteIdentifier(c)}`), 'p.dbt_scd_id', 'p.dbt_updated_at', 'p.dbt_valid_from', 'coalesce(p.dbt_valid_to, closing.closed_at) AS dbt_valid_to'].join(', ');
  return [
    `WITH closing AS (${closedBy} ${deleted}),`,
    `new_rows AS (${inserts})`,
    `SELECT ${kept} FROM ${previous} AS p LEFT JOIN closing ON p.dbt_scd_id = closing.dbt_scd_id AND p.dbt_valid_to IS NULL`,
    dialect === 'duckdb' ? 'UNION ALL BY NAME' : 'UNION ALL',
    opened('new_rows'),
  ].join('\n');
}

/** The store file of a snapshot version: its fingerprint and the version it grew from. */
export function snapshotVersionName(fingerprint: string, previousPhysical: string | null): string {
  return previousPhysical ? sha256(`${fingerprint}:snapshot:${previousPhysical}`) : fingerprint;
}
