import path from 'node:path';
import { ProjectLoadError } from '../build/project-load-error.js';
import { compileProject } from '../compile/compile-project.js';
import { loadProject } from '../project/load-project.js';
import type { Project } from '../project/project.js';
import type { Dashboard } from './dashboard.js';
import { loadDashboards } from './load-dashboards.js';

export class DashboardError extends Error {}

/** The dashboards of the project folder (the working tree), with their `ref()`s resolved against its models. */
export async function readDashboards(projectRoot: string): Promise<{ project: Project; dashboards: Dashboard[] }> {
  const loaded = await loadProject(path.resolve(projectRoot));
  if (!loaded.ok) throw new ProjectLoadError(loaded.errors);
  return { project: loaded.project, dashboards: await loadDashboardsOf(loaded.project) };
}

export async function loadDashboardsOf(project: Project): Promise<Dashboard[]> {
  const { renderer } = compileProject(project);
  return loadDashboards(project, renderer);
}

/** The dashboard named `name`, refused with its problems (file:line) when it has any. */
export function runnableDashboard(dashboards: Dashboard[], name: string): Dashboard {
  const dashboard = dashboards.find((d) => d.name === name);
  if (!dashboard) {
    throw new DashboardError(`there is no dashboard '${name}' (the project has ${dashboards.map((d) => d.name).join(', ') || 'none: add dashboards/<name>.yml'})`);
  }
  const errors = dashboard.errors.filter((e) => e.severity === 'error');
  if (errors.length > 0) {
    throw new DashboardError(`dashboard '${name}' has errors:\n${errors.map((e) => `  ${e.file}${e.line ? `:${e.line}` : ''}: ${e.message}`).join('\n')}`);
  }
  return dashboard;
}
