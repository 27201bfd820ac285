import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { prepareProject } from '../../../electron/core/build/prepare-project.js';
import { openEngine } from '../../../electron/core/engine/open-engine.js';
import { assayPaths } from '../../../electron/core/env/assay-paths.js';
import type { ModelNode } from '../../../electron/core/project/project.js';
import type { EngineConnection, SqlValue } from '../../../electron/core/engine/engine.js';
import { readDashboards, runnableDashboard } from '../../../electron/core/dashboards/dashboard-source.js';
import { placeholderValues, resolveParameterValues } from '../../../electron/core/dashboards/parameter-values.js';
import { DEFAULT_ROW_CAP, queryCapped } from '../../../electron/core/dashboards/run-element.js';
import { parametricRuns } from '../parametric-baseline.js';

export interface Baselines {
  /** The rebuilt nodes' own SQL. */
  ms: number;
  text: string;
  /** The dashboard element's query, as the dashboard runs it (its parameters at their defaults). */
  elementMs: number;
}

/**
 * The baselines, straight on DuckDB in a copy of the environment the loop built: the query of the
 * dashboard element that was redrawn, and the nodes the loop rebuilt, their own SQL run as plain
 * DuckDB would.
 */
export async function baselines(root: string, nodes: string[], dashboard: string, element: string): Promise<Baselines> {
  const dir = await mkdtemp(path.join(tmpdir(), 'assay-loop-baseline-'));
  const copy = path.join(dir, 'main.duckdb');
  const paths = assayPaths(root);
  await copyFile(paths.envFile('main'), copy);
  await copyFile(`${paths.envFile('main')}.wal`, `${copy}.wal`).catch(() => undefined);
  const engine = await openEngine({ path: copy, fileSearchPath: root });
  const conn = await engine.connect();
  try {
    // The element first, while the environment holds the rebuilt nodes as the build left them.
    const elementMs = await elementQuery(conn, root, dashboard, element);
    return { ...(await ownQueries(conn, root, nodes)), elementMs };
  } finally {
    await conn.close();
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function elementQuery(conn: EngineConnection, root: string, dashboardName: string, elementName: string): Promise<number> {
  const dashboard = runnableDashboard((await readDashboards(root)).dashboards, dashboardName);
  const element = dashboard.elements.find((e) => e.name === elementName);
  if (!element) throw new Error(`loop bench: dashboard ${dashboardName} has no element ${elementName}`);
  const values = placeholderValues(dashboard.parameters, resolveParameterValues(dashboard.parameters));
  const start = performance.now();
  const result = await queryCapped(conn, element.sql, values, DEFAULT_ROW_CAP);
  const took = performance.now() - start;
  if (!result.ok) throw new Error(`loop bench: baseline of ${elementName}: ${result.error}`);
  return took;
}

async function ownQueries(conn: EngineConnection, root: string, nodes: string[]): Promise<{ ms: number; text: string }> {
  const { compiled, renderer } = await prepareProject(root, root);
  const parts: string[] = [];
  let total = 0;
  for (const id of compiled.order.filter((n) => nodes.includes(n))) {
    const node = compiled.nodes.get(id);
    if (!node?.execSql) throw new Error(`loop bench: no SQL for the rebuilt node ${id}`);
    let sql: string[];
    let runs: SqlValue[][] = [[]];
    const parametric = await parametricRuns(conn, node, node.execSql);
    if (parametric) {
      runs = parametric.values.map((value) => [value]);
      sql = [`CREATE OR REPLACE TEMP TABLE "__bench_value" AS\n${parametric.sql}`];
    } else if (node.materialization === 'view') sql = [`CREATE OR REPLACE VIEW ${node.relation} AS\n${node.execSql}`];
    else if (node.materialization === 'incremental') {
      // What plain DuckDB does for an incremental model: select the new rows (and append them).
      const model = node.source as ModelNode;
      const rendered = renderer.render(model.rawSql, model.location.file, { nodeName: model.name, thisRelation: node.relation, isIncremental: true, absolute: true });
      if (!rendered.ok) throw new Error(`loop bench: ${id}: ${rendered.error.message}`);
      sql = [`CREATE OR REPLACE TEMP TABLE "__bench_new" AS\n${rendered.sql}`];
    } else sql = [`DROP VIEW IF EXISTS ${node.relation}`, `CREATE OR REPLACE TABLE ${node.relation} AS\n${node.execSql}`];
    const start = performance.now();
    for (const params of runs) {
      for (const statement of sql) {
        const result = await conn.query(statement, params);
        if (!result.ok) throw new Error(`loop bench: baseline ${id}: ${result.error}`);
      }
    }
    const took = performance.now() - start;
    total += took;
    parts.push(`${id} ${Math.round(took)} ms`);
  }
  return { ms: total, text: parts.join(', ') || 'none' };
}
