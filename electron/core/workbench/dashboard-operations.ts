import { access } from 'node:fs/promises';
import path from 'node:path';
import type { DashboardList } from '../../../shared/dashboard-types.js';
import { compareDashboards } from '../dashboards/compare-dashboards.js';
import { DashboardCache } from '../dashboards/dashboard-cache.js';
import { runnableDashboard } from '../dashboards/dashboard-source.js';
import { summarizeDashboard } from '../dashboards/dashboard.js';
import { environmentOf, previewDashboard } from '../dashboards/preview-dashboard.js';
import { defaultPublishDir, publishDashboards } from '../dashboards/publish/publish-dashboards.js';
import type { Project } from '../project/project.js';
import type { OperationHandlers } from './dispatch.js';
import type { DashboardReadAhead } from './dashboard-read-ahead.js';
import type { OpenPath } from './open-local-path.js';

export interface DashboardContext {
  root(): string;
  /** The environment of the checked-out branch. */
  env(): Promise<string>;
  /** The open project as last loaded: dashboard queries resolve their `ref()`s against its models. */
  project(): Project;
  /** Opens a published page or folder on the desktop. */
  openPath: OpenPath;
  /** Where previews of the checked-out branch are noted, to be run again when a build of it publishes. */
  readAhead: DashboardReadAhead;
}

type DashboardOperations = Pick<OperationHandlers, 'listDashboards' | 'previewDashboard' | 'compareDashboards' | 'publishDashboards' | 'openPublished'>;

/**
 * Dashboards as operations of the contract. Dashboard files are checked on every call, so an edit
 * shows at once even before the watcher reloads the project.
 */
export function dashboardOperations(ctx: DashboardContext): DashboardOperations {
  const cache = new DashboardCache();
  const dashboards = () => cache.get(ctx.project());
  const envOf = async (branch?: string) => (branch ? environmentOf(ctx.root(), branch) : ctx.env());
  return {
    listDashboards: async (): Promise<DashboardList> => {
      const list = (await dashboards()).map(summarizeDashboard);
      return { dashboards: list, errors: list.flatMap((d) => d.errors) };
    },
    previewDashboard: async ({ name, params, branch }) => {
      const preview = async (env: string) => previewDashboard({ projectRoot: ctx.root(), env, dashboard: runnableDashboard(await dashboards(), name), params, reuseResults: true });
      const env = await envOf(branch);
      if (!branch) ctx.readAhead.shownOn(env, name, params, async () => preview(await ctx.env()));
      return preview(env);
    },
    compareDashboards: async ({ name, base, compare, params }) => {
      const dashboard = runnableDashboard(await dashboards(), name);
      return compareDashboards({ projectRoot: ctx.root(), dashboard, baseEnv: await envOf(base), compareEnv: await envOf(compare), params, reuseResults: true });
    },
    publishDashboards: ({ name, target }) => publishDashboards({ projectRoot: ctx.root(), dashboard: name, target }),
    openPublished: async ({ name, target }) => {
      const publishDir = defaultPublishDir(ctx.root());
      const folder = path.join(publishDir, name);
      // A dashboard's name, never a path: nothing outside the published folder is opened.
      if (path.dirname(folder) !== publishDir) throw new Error(`'${name}' is not the name of a dashboard`);
      const file = target === 'page' ? path.join(folder, 'index.html') : folder;
      if (!(await access(file).then(() => true, () => false))) throw new Error(`dashboard '${name}' has not been published yet: publish it first`);
      return { opened: await ctx.openPath(file), path: file };
    },
  };
}
