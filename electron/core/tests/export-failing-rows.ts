import { mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { prepareProject } from '../build/prepare-project.js';
import { sqlString } from '../sql/sql-text.js';
import { resolveBuildTarget } from '../build/build-target.js';
import { openEngine } from '../engine/open-engine.js';
import { sessionStatements } from '../project/dbt-profile.js';
import { assayPaths } from '../env/assay-paths.js';
import { planCheck } from './plan-checks.js';
import { relationResolver } from './relation-of.js';

/**
 * Writes every failing row of one test (not just the sample) to `.assay/exports/`, as CSV or
 * Parquet, straight from DuckDB: a test failing on millions of rows never passes them through
 * JavaScript.
 */
export async function exportFailingRows(projectRoot: string, testId: string, format: 'csv' | 'parquet'): Promise<{ file: string; rows: number }> {
  const target = await resolveBuildTarget(projectRoot);
  const { compiled, renderer } = await prepareProject(projectRoot, target.buildRoot);
  const test = compiled.project.tests.find((t) => t.id === testId);
  if (!test) throw new Error(`there is no test '${testId}'`);
  const node = compiled.nodes.get(test.node);
  const relation = node?.kind === 'source' ? (node.execRelation ?? node.relation) : (node?.relation ?? '');
  const check = planCheck(test, { relation, renderer, relationOf: relationResolver(renderer) });
  const rowsSql = check.type === 'query' ? check.rowsSql : check.type === 'aggregate' && check.failingRows ? `SELECT * FROM ${relation} WHERE ${check.failingRows}` : null;
  if (!rowsSql) throw new Error(`${test.kind} tests have no failing rows to export`);

  const paths = assayPaths(projectRoot);
  const dir = path.join(paths.dir, 'exports');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${testId.replace(/[^\w.-]+/g, '_')}.${format}`);
  const engine = await openEngine({ path: paths.envFile(target.env), readOnly: true, setup: sessionStatements(compiled.project.session) });
  try {
    const conn = await engine.connect();
    const temp = `${file}.${process.pid}.tmp`;
    const result = await conn.query(`COPY (${rowsSql}) TO ${sqlString(temp)} (FORMAT ${format === 'csv' ? 'csv, HEADER true' : 'parquet'})`);
    await conn.close();
    if (!result.ok) throw new Error(result.error);
    await rename(temp, file);
    return { file, rows: Number(Object.values(result.rows[0] ?? {})[0] ?? 0) };
  } finally {
    await engine.close();
  }
}
