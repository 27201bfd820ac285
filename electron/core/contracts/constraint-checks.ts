import type { EngineConnection, SqlValue } from '../engine/engine.js';
import { quoteIdentifier } from '../sql/sql-text.js';
import { CHECKED_CONSTRAINTS } from './contract-state.js';
import { describeConstraint, placeOf, type DeclaredConstraint } from './declare-contract.js';

interface Measure {
  constraint: DeclaredConstraint;
  /** A count of the rows that break it. */
  sql: string;
  says: (count: number) => string;
  /** Duplicates are shown by example. */
  duplicates?: boolean;
}

/**
 * Checks a model's not_null, unique, primary_key and check constraints on its result (a store file
 * not yet under its real name), all in one scan of the columns they read. A result that breaks one
 * throws, naming each constraint, its column, where it is declared, and how many rows break it.
 */
export async function checkConstraints(conn: EngineConnection, modelName: string, relation: string, constraints: DeclaredConstraint[]): Promise<void> {
  const measures = constraints.filter((c) => CHECKED_CONSTRAINTS.includes(c.type)).flatMap(measuresOf);
  if (measures.length === 0) return;
  const select = (list: Measure[]) => `SELECT ${list.map((m, i) => `${m.sql} AS m${i}`).join(',\n  ')}\nFROM ${relation}`;
  const counted = await conn.query(select(measures));
  if (!counted.ok) throw new Error(await whichFails(conn, modelName, relation, measures, counted.error));
  const row = counted.rows[0] ?? {};
  const broken: string[] = [];
  for (const [i, measure] of measures.entries()) {
    const count = Number(row[`m${i}`] ?? 0);
    if (count === 0) continue;
    const example = measure.duplicates ? await duplicateExample(conn, relation, measure.constraint.columns) : '';
    broken.push(`  ${describeConstraint(measure.constraint)} (${placeOf(measure.constraint.location)}): ${measure.says(count)}${example}`);
  }
  if (broken.length > 0) throw new Error(`${modelName} breaks ${broken.length === 1 ? 'a constraint' : `${broken.length} constraints`} of its contract:\n${broken.join('\n')}`);
}

function measuresOf(constraint: DeclaredConstraint): Measure[] {
  const cols = constraint.columns.map(quoteIdentifier);
  const anyNull = cols.map((c) => `${c} IS NULL`).join(' OR ');
  const noneNull = cols.map((c) => `${c} IS NOT NULL`).join(' AND ');
  const nulls: Measure = { constraint, sql: `count(*) FILTER (WHERE ${anyNull})`, says: (n) => `${plural(n, 'row')} ${n === 1 ? 'has' : 'have'} a null ${cols.length > 1 ? 'in one of its columns' : 'value'}` };
  // Rows beyond the first of each value; as in SQL, rows with a null are never duplicates of each other.
  const distinct = cols.length === 1
    ? `count(${cols[0]}) - count(DISTINCT ${cols[0]})`
    : `count(*) FILTER (WHERE ${noneNull}) - count(DISTINCT row(${cols.join(', ')})) FILTER (WHERE ${noneNull})`;
  const duplicates: Measure = { constraint, sql: distinct, says: (n) => `${plural(n, 'row')} repeat${n === 1 ? 's' : ''} a value already present`, duplicates: true };
  switch (constraint.type) {
    case 'not_null':
      return [nulls];
    case 'unique':
      return [duplicates];
    case 'primary_key':
      return [nulls, duplicates];
    case 'check':
      // A CHECK holds unless its expression is false: null passes, as in SQL.
      return [{ constraint, sql: `count(*) FILTER (WHERE (${constraint.expression as string}) IS FALSE)`, says: (n) => `${plural(n, 'row')} fail${n === 1 ? 's' : ''} it` }];
    default:
      return [];
  }
}

/** The query failed (a check expression that does not bind): find the constraint at fault and name it. */
async function whichFails(conn: EngineConnection, modelName: string, relation: string, measures: Measure[], error: string): Promise<string> {
  for (const measure of measures) {
    const alone = await conn.query(`SELECT ${measure.sql} FROM (SELECT * FROM ${relation} LIMIT 0) AS nothing`);
    if (!alone.ok) return `${modelName}: ${describeConstraint(measure.constraint)} (${placeOf(measure.constraint.location)}) cannot be checked: ${alone.error.split('\n')[0] as string}`;
  }
  return `${modelName}: its constraints cannot be checked: ${error}`;
}

async function duplicateExample(conn: EngineConnection, relation: string, columns: string[]): Promise<string> {
  const cols = columns.map(quoteIdentifier);
  const found = await conn.query(`SELECT ${cols.join(', ')}, count(*) AS n FROM ${relation} WHERE ${cols.map((c) => `${c} IS NOT NULL`).join(' AND ')} GROUP BY ${cols.join(', ')} HAVING count(*) > 1 ORDER BY n DESC LIMIT 3`);
  if (!found.ok || found.rows.length === 0) return '';
  const shown = found.rows.map((r) => `${columns.map((c, i) => `${c} = ${show(Object.values(r)[i] ?? null)}`).join(', ')} (${String(r.n)} rows)`);
  return `, e.g. ${shown.join('; ')}`;
}

function show(value: SqlValue): string {
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
