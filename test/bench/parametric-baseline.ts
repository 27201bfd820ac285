import type { CompiledNode } from '../../electron/core/compile/compiled-project.js';
import { replacePlaceholders } from '../../electron/core/dashboards/sql-parameters.js';
import type { EngineConnection, SqlValue } from '../../electron/core/engine/engine.js';
import { parameterSpec } from '../../electron/core/parametric/parameter-spec.js';
import { parameterValues } from '../../electron/core/parametric/parameter-values.js';

/**
 * A parametric model as a hand-written script would run it: its SQL once per parameter value, the
 * value bound as the build binds it. Null for a model without parameters.
 */
export async function parametricRuns(conn: EngineConnection, node: CompiledNode, sql: string): Promise<{ sql: string; values: SqlValue[] } | null> {
  const parametric = parameterSpec(node.config);
  if (!parametric?.ok) return null;
  const found = await parameterValues(conn, parametric.spec, node.id);
  return { sql: replacePlaceholders(sql, () => `CAST($1 AS ${found.type})`), values: found.values };
}
