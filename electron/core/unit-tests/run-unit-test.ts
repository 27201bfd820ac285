import type { UnitTestOutcome } from '../../../shared/test-types.js';
import type { CompiledProject } from '../compile/compiled-project.js';
import type { EngineConnection, SqlValue } from '../engine/engine.js';
import { quoteIdentifier } from '../sql/sql-text.js';
import type { Evaluated } from '../tests/evaluate-check.js';
import { compareRows } from './compare-rows.js';
import { FixtureError, readFixture, type FixtureData } from './fixture-rows.js';
import { fixtureTableSql, NoColumnsError, rowsTableSql, valuesSql } from './fixture-tables.js';
import type { InputColumns } from './input-columns.js';
import { inputKey, renderUnitModel, type UnitTestRuntimes } from './render-unit-model.js';
import { parameterSpec } from '../parametric/parameter-spec.js';
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
 * Statements go to DuckDB in a few batches (a round trip costs about what a small query does);
 * the schema is left for the caller to drop with the others.
 */
export async function runUnitTest(ctx: UnitTestContext, spec: UnitTestSpec, schema: string): Promise<UnitOutcome> {
  try {
    return await compare(ctx, spec, schema);
  } catch (err) {
    if (err instanceof UnitTestProblem || err instanceof FixtureError || err instanceof NoColumnsError) return problem(err.message);
    throw err;
  }
}

async function compare(ctx: UnitTestContext, spec: UnitTestSpec, schema: string): Promise<UnitOutcome> {
  const { conn, compiled } = ctx;
  const node = compiled.nodes.get(spec.model);
  if (!node || node.kind !== 'model') throw new UnitTestProblem(`model '${spec.model}' does not exist in this project`);
  // A compile error is not final here: the test's overrides (a var, an env var) may be what it lacked.
  if (node.source.kind === 'model' && node.source.language === 'python') throw new UnitTestProblem(`model '${spec.model}' is a Python model: unit tests run SQL models`);
  const parameter = parameterSpec(node.config);
  if (parameter?.ok) throw new UnitTestProblem(`model '${spec.model}' is a parametric model (run once per value of '${parameter.spec.name}'): unit tests of parametric models are not supported yet; test the logic in a model it reads`);
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
  const fixtureSql: string[] = [];
  for (const [j, given] of spec.given.entries()) {
    const data = await readFixture(given, root, testPaths);
    const known = await ctx.columns.columnsOf(given.target, spec.model);
    try {
      fixtureSql.push(fixtureTableSql(tableOf(j), data, known));
    } catch (err) {
      throw err instanceof NoColumnsError ? new UnitTestProblem(`given ${given.input}: ${err.message}`) : err;
    }
    if (data.kind === 'rows') givenColumns.set(`given_${j}`, data.columns);
  }
  const expectData = await readFixture(spec.expect, root, testPaths);
  const run = { conn, spec, schema, sql: rendered.sql, fixtureSql, expectData };
  const { columns, expected, actual } = (await inOneBatch(run)) ?? (await stepByStep(run));
  // A given column named in the SQL is taken as read; only the others need DuckDB's plan (a `*` may read them).
  const words = new Set(rendered.sql.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? []);
  const unnamed = new Map([...givenColumns].map(([table, names]) => [table, names.filter((c) => !words.has(c.toLowerCase()))] as const).filter(([, names]) => names.length > 0));
  for (const [table, unreadColumns] of await unreadGivenColumns(conn, rendered.sql, schema, unnamed)) {
    const given = spec.given[Number(table.slice('given_'.length))];
    warnings.push(...unreadColumns.map((c) => `given ${given?.input} has column '${c}', which ${spec.model} never reads`));
  }
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

interface UnitRun {
  conn: EngineConnection;
  spec: UnitTestSpec;
  schema: string;
  sql: string;
  fixtureSql: string[];
  expectData: FixtureData;
}

type Compared = { columns: string[]; expected: Row[]; actual: Row[] };
type Row = Record<string, string | null>;

/**
 * The usual test in one round trip (a round trip costs what a small query does): fixtures, the
 * model, the expected rows typed by what the model returns, and both sides as text. Null when any
 * of it fails or the expected columns are not written out: the test then runs step by step, which
 * says what went wrong.
 */
async function inOneBatch({ conn, schema, sql, fixtureSql, expectData }: UnitRun): Promise<Compared | null> {
  if (expectData.kind !== 'rows' || expectData.columns.length === 0) return null;
  const { columns, rows } = expectData;
  const insert = rows.length ? `INSERT INTO ${schema}.expected (${columns.map(quoteIdentifier).join(', ')}) ${valuesSql(rows.map((row) => columns.map((c) => row[c] ?? null)))}` : '';
  const batch = [
    `CREATE SCHEMA ${schema}`,
    ...fixtureSql,
    `CREATE TABLE ${schema}.actual AS ${sql}`,
    `CREATE TABLE ${schema}.expected AS SELECT * FROM ${schema}.actual LIMIT 0`,
    ...(insert ? [insert] : []),
    bothSides(schema, columns),
  ];
  const result = await conn.query(batch.join(';\n'));
  if (!result.ok) {
    await conn.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    return null;
  }
  return { columns, ...sides(result.rows, columns) };
}

/** Each step on its own, so that a failure names the given, the model's SQL or the expected rows at fault. */
async function stepByStep({ conn, spec, schema, sql, fixtureSql, expectData }: UnitRun): Promise<Compared> {
  const made = await conn.query([`CREATE SCHEMA ${schema}`, ...fixtureSql].join(';\n'));
  if (!made.ok) throw new UnitTestProblem(await whichGivenFailed(conn, spec, schema, fixtureSql, made.error));
  const actualTable = `${schema}.actual`;
  const ran = await conn.query(`CREATE TABLE ${actualTable} AS ${sql};\nSELECT column_name, column_type FROM (DESCRIBE ${actualTable})`);
  if (!ran.ok) throw new UnitTestProblem(explainRunError(ran.error, spec));
  const actualColumns = ran.rows.map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
  const expectedTable = `${schema}.expected`;
  const actualByName = new Map(actualColumns.map((c) => [c.name.toLowerCase(), c]));
  let columns: string[];
  if (expectData.kind === 'sql') {
    const madeExpected = await conn.query(`CREATE TABLE ${expectedTable} AS ${expectData.sql};\nSELECT column_name FROM (DESCRIBE ${expectedTable})`);
    if (!madeExpected.ok) throw new UnitTestProblem(`expect: ${madeExpected.error}`);
    columns = madeExpected.rows.map((r) => String(r.column_name));
  } else {
    // `expect: {rows: []}` expects no rows at all: any row returned is unexpected, with all its columns.
    columns = expectData.columns.length > 0 || expectData.rows.length > 0 ? expectData.columns : actualColumns.map((c) => c.name);
  }
  const unknown = columns.filter((c) => !actualByName.has(c.toLowerCase()));
  if (unknown.length > 0) {
    throw new UnitTestProblem(`expect names ${unknown.map((c) => `'${c}'`).join(', ')}, which ${spec.model} does not return (it returns ${actualColumns.map((c) => c.name).join(', ')})`);
  }
  const makeExpected = expectData.kind === 'rows'
    ? `${rowsTableSql(expectedTable, columns.map((c) => ({ name: c, type: (actualByName.get(c.toLowerCase()) as { type: string }).type })), expectData.rows.map((row) => columns.map((c) => row[c] ?? null)))};\n`
    : '';
  const both = await conn.query(`${makeExpected}${bothSides(schema, columns)}`);
  if (!both.ok) throw new UnitTestProblem(makeExpected ? `expect rows do not fit the types ${spec.model} returns: ${both.error}` : both.error);
  return { columns, ...sides(both.rows, columns) };
}

function bothSides(schema: string, columns: string[]): string {
  const text = columns.map((c) => `CAST(${quoteIdentifier(c)} AS VARCHAR) AS ${quoteIdentifier(c)}`).join(', ');
  return `SELECT 'expected' AS __side, ${text} FROM ${schema}.expected UNION ALL SELECT 'actual', ${text} FROM ${schema}.actual`;
}

function sides(rows: Record<string, SqlValue>[], columns: string[]): { expected: Row[]; actual: Row[] } {
  const rowsOf = (side: string) => rows.filter((row) => row.__side === side).map((row) => Object.fromEntries(columns.map((c) => [c, row[c] === null || row[c] === undefined ? null : String(row[c])])));
  return { expected: rowsOf('expected'), actual: rowsOf('actual') };
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

/** Which given a failed batch stumbled on: each is made again on its own, in a fresh schema. */
async function whichGivenFailed(conn: EngineConnection, spec: UnitTestSpec, schema: string, fixtureSql: string[], error: string): Promise<string> {
  for (const [j, sql] of fixtureSql.entries()) {
    await conn.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
    const made = await conn.query(sql);
    if (!made.ok) return `given ${spec.given[j]?.input}: ${made.error}`;
  }
  return error;
}

function problem(message: string): UnitOutcome {
  return { status: 'error', observed: null, threshold: '', failing_rows: null, message };
}
