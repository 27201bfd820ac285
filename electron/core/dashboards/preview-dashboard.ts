import type { DashboardPreview, EnvironmentRef } from '../../../shared/dashboard-types.js';
import { resolveBuildTarget } from '../build/build-target.js';
import { withEnvironment } from '../env/environment-reader.js';
import type { Dashboard } from './dashboard.js';
import { ElementResultCache } from './element-result-cache.js';
import { runDashboard, type DashboardRun } from './run-dashboard.js';
import { DEFAULT_ROW_CAP } from './run-element.js';

export interface PreviewOptions {
  projectRoot: string;
  dashboard: Dashboard;
  /** The environment to read (`main`, `feature~x`); see `environmentOf`. */
  env: string;
  params?: Record<string, unknown>;
  rowCap?: number;
  /** Answer elements whose inputs did not change from an earlier run (the app's previews); tests and publish run every query. */
  reuseResults?: boolean;
}

/** One per process: what the app's previews ran, whatever the environment (the key names what decides a result). */
const keptResults = new ElementResultCache();

/** The environment of a branch or commit (the checked-out branch when omitted). */
export async function environmentOf(projectRoot: string, branch?: string): Promise<string> {
  return (await resolveBuildTarget(projectRoot, branch)).env;
}

/** Runs a dashboard on a built environment, opened read-only: the data of every tile, or its error. */
export async function previewDashboard(options: PreviewOptions): Promise<DashboardPreview> {
  const started = performance.now();
  const rowCap = options.rowCap ?? DEFAULT_ROW_CAP;
  const { run, environment } = await runOn(options.projectRoot, options.env, options.dashboard, options.params ?? {}, rowCap, options.reuseResults);
  const d = options.dashboard;
  return {
    name: d.name, title: d.title, description: d.description, columns: d.columns, environment,
    parameters: run.parameters, elements: run.elements, rowCap, ms: performance.now() - started,
  };
}

export async function runOn(projectRoot: string, env: string, dashboard: Dashboard, params: Record<string, unknown>, rowCap: number, reuse = false): Promise<{ run: DashboardRun; environment: EnvironmentRef }> {
  return withEnvironment(projectRoot, env, async ({ conn, info, entries }) => ({
    run: await runDashboard(conn, dashboard, params, rowCap, reuse ? { cache: keptResults, entries, setup: info.setup } : undefined),
    environment: { env, branch: info.branch, commit: info.commit },
  }));
}
