import type { ColumnInfo, EngineConnection } from '../engine/engine.js';
import { placeOf, type DeclaredColumn } from './declare-contract.js';
import { resolveTypes, sameType, type TypeResolution } from './contract-types.js';

interface Mismatch {
  column: string;
  definitionType: string;
  contractType: string;
  reason: 'data type mismatch' | 'missing in definition' | 'missing in contract';
  where: string;
}

/**
 * Compares what the model's SQL returns (its columns and types, asked of the engine without running
 * it) with the contract's declared columns, as dbt does before it builds a contracted model.
 * Throws with dbt's table of mismatches, each row naming where the contract declares the column.
 */
export async function checkContractShape(conn: EngineConnection, modelName: string, sql: string, declared: DeclaredColumn[], engine = 'DuckDB'): Promise<void> {
  const resolved = await resolveTypes(conn, declared.flatMap((c) => (c.dataType ? [c.dataType] : [])));
  const unknown = declared.filter((c) => c.dataType && !resolved.get(c.dataType)?.ok);
  if (unknown.length > 0) {
    const lines = unknown.map((c) => `  ${c.name}: data_type '${c.dataType as string}' (${placeOf(c.location)}) is not a type ${engine} knows: ${(resolved.get(c.dataType as string) as { error: string }).error}`);
    throw new Error(`the contract of ${modelName} declares ${unknown.length === 1 ? 'a type' : 'types'} ${engine} does not know:\n${lines.join('\n')}`);
  }
  const shape = await conn.query(`SELECT * FROM (\n${sql}\n) AS contracted LIMIT 0`);
  if (!shape.ok) throw new Error(shape.error);
  const mismatches = compare(shape.columns, declared, resolved);
  if (mismatches.length === 0) return;
  throw new Error(`${modelName} has an enforced contract that failed: the name, data_type and number of its SQL's columns must match the contract.\n${table(mismatches)}`);
}

function compare(actual: ColumnInfo[], declared: DeclaredColumn[], resolved: Map<string, TypeResolution>): Mismatch[] {
  const mismatches: Mismatch[] = [];
  const byName = new Map(actual.map((c) => [c.name.toLowerCase(), c]));
  const declaredNames = new Set(declared.map((c) => c.name.toLowerCase()));
  for (const column of declared) {
    const expected = resolved.get(column.dataType ?? '');
    const contractType = expected?.ok ? (expected.anyPrecision ? 'DECIMAL' : expected.type) : (column.dataType ?? '');
    const found = byName.get(column.name.toLowerCase());
    if (!found) mismatches.push({ column: column.name, definitionType: '', contractType, reason: 'missing in definition', where: placeOf(column.location) });
    else if (expected?.ok && !sameType(found.type, expected)) mismatches.push({ column: column.name, definitionType: found.type, contractType, reason: 'data type mismatch', where: placeOf(column.location) });
  }
  for (const column of actual) {
    if (!declaredNames.has(column.name.toLowerCase())) mismatches.push({ column: column.name, definitionType: column.type, contractType: '', reason: 'missing in contract', where: '' });
  }
  return mismatches;
}

/** dbt's table of mismatches, with where the contract declares each column. */
function table(rows: Mismatch[]): string {
  const header = ['column_name', 'definition_type', 'contract_type', 'mismatch_reason', 'declared_at'];
  const cells = rows.map((r) => [r.column, r.definitionType, r.contractType, r.reason, r.where]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] as string).length)));
  const line = (values: string[]) => `| ${values.map((v, i) => v.padEnd(widths[i] as number)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}
