import type { DashboardPreview } from '../../../../shared/dashboard-types.js';
import { resolveBuildTarget } from '../../build/build-target.js';
import type { CompiledProject } from '../../compile/compiled-project.js';
import type { Dashboard } from '../../dashboards/dashboard.js';
import type { PostgresTarget } from '../postgres-target.js';
import { loadDashboards } from '../../dashboards/load-dashboards.js';
import { runDashboard, type DashboardRun } from '../../dashboards/run-dashboard.js';
import { DEFAULT_ROW_CAP } from '../../dashboards/run-element.js';
import { compileForWarehouse } from './pg-compile.js';
import { readWarehouseCatalog, readWarehouseEnvironment, type WarehouseEnvironment } from './pg-catalog.js';
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

/** The dashboards of a project over one environment of the warehouse, with one connection to run them on. */
export interface WarehouseDashboards {
  env: string;
  /** The project compiled for the warehouse, its relations the environment's views. */
  compiled: CompiledProject;
  target: PostgresTarget;
  environment: WarehouseEnvironment;
  dashboards: Dashboard[];
  run: (dashboard: Dashboard, params: Record<string, unknown>, rowCap: number) => Promise<DashboardRun>;
  close: () => Promise<void>;
}

/**
 * Runs a dashboard on an environment of the warehouse: every element's query runs there and
 * aggregates there, and only its capped result comes back. The queries are the dashboard's own,
 * so they must be written in SQL both engines read (dbt's cross-database macros help).
 */
export async function previewDashboardOnWarehouse(options: WarehousePreviewOptions): Promise<DashboardPreview> {
  const opened = await openWarehouseDashboards(options.projectRoot, options.branch, options.target);
  try {
    return await previewOnWarehouse(opened, options.dashboard, options.params ?? {}, options.rowCap ?? DEFAULT_ROW_CAP);
  } finally {
    await opened.close();
  }
}

/** One dashboard of an opened environment, by name, run with these parameter values. */
export async function previewOnWarehouse(opened: WarehouseDashboards, name: string, params: Record<string, unknown>, rowCap: number): Promise<DashboardPreview> {
  const started = performance.now();
  const dashboard = opened.dashboards.find((d) => d.name === name);
  if (!dashboard) throw new WarehouseError(`there is no dashboard '${name}' (the project has ${opened.dashboards.map((d) => d.name).join(', ') || 'none'})`);
  const run = await opened.run(dashboard, params, rowCap);
  return {
    name: dashboard.name, title: dashboard.title, description: dashboard.description, columns: dashboard.columns,
    environment: { env: opened.env, branch: opened.environment.branch, commit: opened.environment.commit }, parameters: run.parameters, elements: run.elements, rowCap, ms: performance.now() - started,
  };
}

/** The branch's environment on the target (it must have been built), its dashboards compiled for PostgreSQL. */
export async function openWarehouseDashboards(projectRoot: string, branch?: string, targetName?: string): Promise<WarehouseDashboards> {
  const { env, buildRoot } = await resolveBuildTarget(projectRoot, branch);
  const { compiled, renderer, target } = await compileForWarehouse(projectRoot, buildRoot, undefined, targetName);
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
  const conn = await connectToEnvironment(warehouse, environment);
  return { env, compiled, target, environment, dashboards, run: (dashboard, params, rowCap) => runDashboard(conn, dashboard, params, rowCap), close: () => conn.close() };
}

/** A connection whose search path is the environment's schemas, as the dashboards' queries expect. */
export async function connectToEnvironment(warehouse: PgWarehouse, environment: WarehouseEnvironment): Promise<PgEngineConnection> {
  return PgEngineConnection.open(connectionConfig(warehouse.target), environment.schemas).catch((err: unknown) => {
    throw warehouse.error(err);
  });
}
