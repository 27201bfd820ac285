import type { EngineConnection } from '../engine/engine.js';

export type TypeResolution = { ok: true; type: string; anyPrecision: boolean } | { ok: false; error: string };

/**
 * What DuckDB calls each declared type (`int4` → INTEGER, `text` → VARCHAR, `numeric(10,2)` →
 * DECIMAL(10,2), `datetime` → TIMESTAMP), asked of DuckDB itself by casting NULL to it, so that
 * every alias DuckDB knows is understood and a type it does not know is named as such.
 */
export async function resolveTypes(conn: EngineConnection, declared: Iterable<string>): Promise<Map<string, TypeResolution>> {
  const resolved = new Map<string, TypeResolution>();
  for (const text of new Set(declared)) resolved.set(text, await resolveType(conn, text));
  return resolved;
}

async function resolveType(conn: EngineConnection, text: string): Promise<TypeResolution> {
  const unsafe = unsafeTypeText(text);
  if (unsafe) return { ok: false, error: unsafe };
  const result = await conn.query(`SELECT CAST(NULL AS ${text}) AS t LIMIT 0`);
  if (!result.ok) return { ok: false, error: firstLines(result.error) };
  const type = result.columns[0]?.type;
  if (!type || result.columns.length !== 1) return { ok: false, error: 'not a single type' };
  // A bare `numeric`/`decimal` names no precision: DuckDB would read it as DECIMAL(18,3), but the
  // author meant "a decimal", and Assay stores the SQL's own values without casting them.
  return { ok: true, type, anyPrecision: /^\s*(numeric|decimal)\s*$/i.test(text) };
}

/** Whether a column's type is what the contract declares. */
export function sameType(actual: string, expected: TypeResolution & { ok: true }): boolean {
  const a = normalise(actual);
  if (expected.anyPrecision) return /^DECIMAL(\(|$)/.test(a);
  return a === normalise(expected.type);
}

function normalise(type: string): string {
  return type.replace(/\s+/g, ' ').replace(/\s*([(),])\s*/g, '$1').trim().toUpperCase();
}

/** A type is pasted into a cast: text that could end it and start another statement is refused, not run. */
function unsafeTypeText(text: string): string | null {
  if (/;|--|\/\*/.test(text)) return 'a type name cannot hold ";", "--" or "/*"';
  let depth = 0;
  for (const char of text) {
    depth += char === '(' ? 1 : char === ')' ? -1 : 0;
    if (depth < 0) return 'unbalanced parentheses';
  }
  return depth === 0 ? null : 'unbalanced parentheses';
}

/** DuckDB's message without the caret drawing under the query text. */
function firstLines(error: string): string {
  return error.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('LINE ') && !/^\s*\^\s*$/.test(line)).join(' ');
}
