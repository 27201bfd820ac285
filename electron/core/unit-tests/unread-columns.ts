import type { EngineConnection } from '../engine/engine.js';

interface PlanNode {
  name?: string;
  children?: PlanNode[];
  extra_info?: Record<string, unknown>;
}

/**
 * The given columns a model never reads, by the plan DuckDB makes for it: each scan of a fixture
 * table lists the columns it projects and filters on, and a given column in none of them is dead
 * weight in the test (a misspelled name, or a column the logic no longer uses).
 */
export async function unreadGivenColumns(conn: EngineConnection, sql: string, schema: string, givenColumns: Map<string, string[]>): Promise<Map<string, string[]>> {
  const unread = new Map<string, string[]>();
  if (givenColumns.size === 0) return unread;
  const explained = await conn.query(`EXPLAIN (FORMAT json) ${sql}`);
  if (!explained.ok) return unread;
  const read = new Map<string, Set<string>>();
  const visit = (node: PlanNode) => {
    const info = node.extra_info ?? {};
    const table = typeof info.Table === 'string' ? info.Table.split('.') : [];
    const [tableSchema, tableName] = table.slice(-2);
    if (tableSchema === schema && tableName && givenColumns.has(tableName)) {
      const words = read.get(tableName) ?? new Set<string>();
      for (const value of [info.Projections, info.Filters]) {
        for (const text of [value].flat()) {
          if (typeof text === 'string') for (const word of text.toLowerCase().match(/[\p{L}\p{N}_]+|"[^"]+"/gu) ?? []) words.add(word.replaceAll('"', ''));
        }
      }
      read.set(tableName, words);
    }
    node.children?.forEach(visit);
  };
  for (const row of explained.rows) {
    try {
      ([JSON.parse(String(row.explain_value))].flat() as PlanNode[]).forEach(visit);
    } catch {
      return unread;
    }
  }
  for (const [table, columns] of givenColumns) {
    const words = read.get(table);
    // A fixture the plan never scans (a join the optimizer removed) reads none of its columns.
    const missing = columns.filter((c) => !words?.has(c.toLowerCase()));
    if (missing.length > 0) unread.set(table, missing);
  }
  return unread;
}
