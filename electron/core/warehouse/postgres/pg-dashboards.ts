import type { DashboardPreview } from '../../../../shared/dashboard-types.js';
import { resolveBuildTarget } from '../../build/build-target.js';
import { loadDashboards } from '../../dashboards/load-dashboards.js';
import { runDashboard } from '../../dashboards/run-dashboard.js';
import { DEFAULT_ROW_CAP } from '../../dashboards/run-element.js';
import { compileForWarehouse } from './pg-build.js';
import { readWarehouseCatalog, readWarehouseEnvironment } from './pg-catalog.js';
import { PgWarehouse, WarehouseError, connectionConfig } from './pg-connection.js';
import { PgEngineConnection } from './pg-engine-connection.js';
import { environmentSchemaOf } from './pg-names.js';
import { pointRelationsAtEnvironment } from './pg-tests.js';

export interface WarehousePreviewOptions {
  projectRoot: string;
  dashboard: string;
  /** The branch whose environment to read (default: the checked-out one). */
  branch?: string;
  target?: string;
  params?: Record<string, unknown>;
  rowCap?: number;
}

/**
 * Runs a dashboard on an environment of the warehouse: every element's query runs there and
 * aggregates there, and only its capped result comes back. The queries are the dashboard's own,
 * so they must be written in SQL both engines read (dbt's cross-database macros help).
 */
export async function previewDashboardOnWarehouse(options: WarehousePreviewOptions): Promise<DashboardPreview> {
  const started = performance.now();
  const rowCap = options.rowCap ?? DEFAULT_ROW_CAP;
  const { env, buildRoot } = await resolveBuildTarget(options.projectRoot, options.branch);
  const { compiled, renderer, target } = await compileForWarehouse(options.projectRoot, buildRoot, undefined, options.target);
  const warehouse = await PgWarehouse.connect(target);
  let environment;
  let entries;
  try {
    environment = await readWarehouseEnvironment(warehouse, env);
    entries = await readWarehouseCatalog(warehouse, env);
  } finally {
    await warehouse.close();
  }
  if (!environment) throw new WarehouseError(`${warehouse.name} has no environment '${env}': build it first (assay build --target ${target.name})`);
  pointRelationsAtEnvironment({ compiled, entries, schemaOf: environmentSchemaOf(target.schema, env) });
  const dashboards = await loadDashboards(compiled.project, renderer, { checkSpecs: false });
  const dashboard = dashboards.find((d) => d.name === options.dashboard);
  if (!dashboard) throw new WarehouseError(`there is no dashboard '${options.dashboard}' (the project has ${dashboards.map((d) => d.name).join(', ') || 'none'})`);
  const conn = await PgEngineConnection.open(connectionConfig(target), environment.schemas).catch((err: unknown) => {
    throw warehouse.error(err);
  });
  try {
    const run = await runDashboard(conn, dashboard, options.params ?? {}, rowCap);
    return {
      name: dashboard.name, title: dashboard.title, description: dashboard.description, columns: dashboard.columns,
      environment: { env, branch: environment.branch, commit: environment.commit }, parameters: run.parameters, elements: run.elements, rowCap, ms: performance.now() - started,
    };
  } finally {
    await conn.close();
  }
}
