import type { CompiledNode } from '../compile/compiled-project.js';
import type { EngineConnection } from '../engine/engine.js';
import { checkConstraints } from './constraint-checks.js';
import { checkContractShape } from './contract-shape.js';
import { contractEnforced, holdsConstraints } from './contract-state.js';

/** Checks a result before it is stored under its real name; throws when it breaks the contract. */
export type ResultCheck = (conn: EngineConnection, relation: string) => Promise<void>;

/**
 * Before a contracted model is materialized: its SQL's columns and types must be the contract's
 * (whatever its materialization). Returns, for a table or an incremental model, the check of its
 * constraints on the result it writes; null when there is nothing more to check.
 */
export async function enforceContract(conn: EngineConnection, node: CompiledNode, engine = 'DuckDB'): Promise<ResultCheck | null> {
  const model = node.source;
  if (model.kind !== 'model' || !contractEnforced(node.config) || node.execSql === undefined) return null;
  await checkContractShape(conn, model.name, node.execSql, model.contract?.columns ?? [], engine);
  const constraints = model.contract?.constraints ?? [];
  if (!holdsConstraints(node.materialization) || constraints.length === 0) return null;
  return (on, relation) => checkConstraints(on, model.name, relation, constraints);
}
