import type { UnitTestOutcome } from '../../../shared/test-types.js';
import type { CompiledProject } from '../compile/compiled-project.js';
import type { EngineConnection } from '../engine/engine.js';
import { quoteIdentifier } from '../sql/sql-text.js';
import type { Evaluated } from '../tests/evaluate-check.js';
import { compareRows } from './compare-rows.js';
import { FixtureError, readFixture } from './fixture-rows.js';
import { createFixtureTable, insertRows } from './fixture-tables.js';
import type { InputColumns } from './input-columns.js';
import { inputKey, renderUnitModel, type UnitTestRuntimes } from './render-unit-model.js';
import type { UnitTestSpec } from './unit-test-spec.js';
import { unreadGivenColumns } from './unread-columns.js';

export interface UnitTestContext {
  conn: EngineConnection;
  compiled: CompiledProject;
  runtimes: UnitTestRuntimes;
  columns: InputColumns;
}

export type UnitOutcome = Evaluated & { unit?: UnitTestOutcome };

class UnitTestProblem extends Error {}

/**
 * Runs one unit test in its own schema of the in-memory database: the givens become tables, the
 * model's SQL runs over them, and its rows are compared with `expect` over the expected columns.
 */
export async function runUnitTest(ctx: UnitTestContext, spec: UnitTestSpec, schema: string): Promise<UnitOutcome> {
  await ctx.conn.query(`CREATE SCHEMA ${schema}`);
  try {
    return await compare(ctx, spec, schema);
  } catch (err) {
    if (err instanceof UnitTestProblem || err instanceof FixtureError) return problem(err.message);
    throw err;
  } finally {
    await ctx.conn.query(`DROP SCHEMA ${schema} CASCADE`);
  }
}

async function compare(ctx: UnitTestContext, spec: UnitTestSpec, schema: string): Promise<UnitOutcome> {
  const { conn, compiled } = ctx;
  const node = compiled.nodes.get(spec.model);
  if (!node || node.kind !== 'model') throw new UnitTestProblem(`model '${spec.model}' does not exist in this project`);
  // A compile error is not final here: the test's overrides (a var, an env var) may be what it lacked.
  if (node.source.kind === 'model' && node.source.language === 'python') throw new UnitTestProblem(`model '${spec.model}' is a Python model: unit tests run SQL models`);
  const root = compiled.project.root;
  const testPaths = compiled.project.paths.tests;
  const tableOf = (j: number) => `${schema}.${quoteIdentifier(`given_${j}`)}`;
  const fixtures = new Map(spec.given.map((given, j) => [inputKey(given.target), tableOf(j)]));
  const rendered = renderUnitModel(ctx.runtimes.runtimeFor(spec.overrides), node, fixtures, spec);
  if (!rendered.ok) throw new UnitTestProblem(`the model does not render: ${rendered.error.message}${rendered.error.line ? ` (${rendered.error.file}:${rendered.error.line})` : ''}`);
  if (rendered.missing.length > 0) throw new UnitTestProblem(`no given for ${rendered.missing.join(', ')}, which ${spec.model} reads: add a given for each input it reads (rows: [] for an empty one)`);
  if (rendered.thisMissing) throw new UnitTestProblem(`is_incremental() is true and ${spec.model} reads {{ this }}: give its current rows with 'input: this'`);

  const warnings = spec.given.filter((g) => !rendered.read.has(inputKey(g.target)) && g.target.kind !== 'this').map((g) => `given ${g.input} is not read by ${spec.model}`);
  if (!rendered.isIncremental && spec.given.some((g) => g.target.kind === 'this')) warnings.push('given this is not read: is_incremental() is false (override it with macros: {is_incremental: true})');
  const givenColumns = new Map<string, string[]>();
  for (const [j, given] of spec.given.entries()) {
    const data = await readFixture(given, root, testPaths);
    const known = await ctx.columns.columnsOf(given.target, spec.model);
    const failed = await createFixtureTable(conn, tableOf(j), data, known);
    if (failed) throw new UnitTestProblem(`given ${given.input}: ${failed}`);
    if (data.kind === 'rows') givenColumns.set(`given_${j}`, data.columns);
  }

  const actualTable = `${schema}.actual`;
  const ran = await conn.query(`CREATE TABLE ${actualTable} AS ${rendered.sql}`);
  if (!ran.ok) throw new UnitTestProblem(explainRunError(ran.error, spec));
  const actualColumns = await describe(conn, actualTable);
  const unread = await unreadGivenColumns(conn, rendered.sql, schema, givenColumns);
  for (const [table, columns] of unread) {
    const given = spec.given[Number(table.slice('given_'.length))];
    warnings.push(...columns.map((c) => `given ${given?.input} has column '${c}', which ${spec.model} never reads`));
  }

  const expectedTable = `${schema}.expected`;
  const expectData = await readFixture(spec.expect, root, testPaths);
  const actualByName = new Map(actualColumns.map((c) => [c.name.toLowerCase(), c]));
  let columns: string[];
  if (expectData.kind === 'sql') {
    const made = await conn.query(`CREATE TABLE ${expectedTable} AS ${expectData.sql}`);
    if (!made.ok) throw new UnitTestProblem(`expect: ${made.error}`);
    columns = (await describe(conn, expectedTable)).map((c) => c.name);
  } else {
    // `expect: {rows: []}` expects no rows at all: any row returned is unexpected, with all its columns.
    columns = expectData.columns.length > 0 || expectData.rows.length > 0 ? expectData.columns : actualColumns.map((c) => c.name);
  }
  const unknown = columns.filter((c) => !actualByName.has(c.toLowerCase()));
  if (unknown.length > 0) {
    throw new UnitTestProblem(`expect names ${unknown.map((c) => `'${c}'`).join(', ')}, which ${spec.model} does not return (it returns ${actualColumns.map((c) => c.name).join(', ')})`);
  }
  if (expectData.kind === 'rows') {
    const typed = columns.map((c) => ({ name: c, type: (actualByName.get(c.toLowerCase()) as { type: string }).type }));
    const failed = await insertRows(conn, expectedTable, typed, expectData.rows.map((row) => columns.map((c) => row[c] ?? null)));
    if (failed) throw new UnitTestProblem(`expect rows do not fit the types ${spec.model} returns: ${failed}`);
  }
  const expected = await textRows(conn, expectedTable, columns);
  const actual = await textRows(conn, actualTable, columns);
  const diff = compareRows(columns, expected, actual);
  const differing = diff.mismatched.length + diff.missing.length + diff.unexpected.length;
  const unit: UnitTestOutcome = { columns, expected, actual, ...diff, warnings, is_incremental: rendered.isIncremental, sql: rendered.sql };
  const status = differing > 0 ? 'fail' : warnings.length > 0 ? 'warn' : 'pass';
  const mode = rendered.isIncremental ? ' (incremental)' : '';
  const message = differing > 0
    ? `${differing} row${differing === 1 ? '' : 's'} differ${differing === 1 ? 's' : ''}${mode}: ${expected.length} expected, ${actual.length} returned${warnings.length ? `; ${warnings.join('; ')}` : ''}`
    : `${actual.length} row${actual.length === 1 ? '' : 's'} as expected${mode}${warnings.length ? `; ${warnings.join('; ')}` : ''}`;
  return { status, observed: differing, threshold: 'rows equal expect', failing_rows: differing, message, unit };
}

/** A column the model reads that no given has is named, with what would have given it. */
function explainRunError(error: string, spec: UnitTestSpec): string {
  const column = /Referenced column "([^"]+)" not found|does not have a column named "([^"]+)"/.exec(error);
  if (column) {
    const name = column[1] ?? column[2];
    return `${spec.model} reads column '${name}', which no given has and no input is known to have (neither its YAML columns nor a built environment say): add it to the given rows`;
  }
  return `${spec.model} failed on the given rows: ${error.split('\n')[0]}`;
}

async function describe(conn: EngineConnection, table: string): Promise<{ name: string; type: string }[]> {
  const result = await conn.query(`SELECT column_name, column_type FROM (DESCRIBE ${table})`);
  if (!result.ok) throw new Error(result.error);
  return result.rows.map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
}

async function textRows(conn: EngineConnection, table: string, columns: string[]): Promise<Record<string, string | null>[]> {
  const result = await conn.query(`SELECT ${columns.map((c) => `CAST(${quoteIdentifier(c)} AS VARCHAR) AS ${quoteIdentifier(c)}`).join(', ')} FROM ${table}`);
  if (!result.ok) throw new UnitTestProblem(result.error);
  return result.rows.map((row) => Object.fromEntries(columns.map((c) => [c, row[c] === null ? null : String(row[c])])));
}

function problem(message: string): UnitOutcome {
  return { status: 'error', observed: null, threshold: '', failing_rows: null, message };
}
