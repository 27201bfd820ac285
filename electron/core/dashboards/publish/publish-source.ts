import type { DashboardPreview } from '../../../../shared/dashboard-types.js';
import type { CompiledProject } from '../../compile/compiled-project.js';
import { assayPaths } from '../../env/assay-paths.js';
import { latestReportFile } from '../../tests/latest-report.js';
import type { Dashboard } from '../dashboard.js';
import { previewDashboard } from '../preview-dashboard.js';
import { exportRequeryData, type RequeryData } from './requery-data.js';

/**
 * Where a publish reads its dashboards' results: the branch's DuckDB environment, or its
 * environment on a warehouse target (electron/core/warehouse/warehouse-publish-source.ts).
 */
export interface PublishSource {
  /** Words appended to "running N queries on <env>", e.g. " on target 'pg' (postgres://...)". */
  on: string;
  /** The test report the release gate has just written for this environment. */
  reportFile: string;
  preview: (dashboard: Dashboard) => Promise<DashboardPreview>;
  /** The tables a dashboard's queries read, for its published controls to re-query. */
  requeryData: (dashboard: Dashboard, scratchDir: string) => Promise<RequeryData>;
  close: () => Promise<void>;
}

export function localSource(projectRoot: string, env: string, compiled: CompiledProject): PublishSource {
  return {
    on: '',
    reportFile: latestReportFile(assayPaths(projectRoot).reportsDir, env),
    preview: (dashboard) => previewDashboard({ projectRoot, env, dashboard }),
    requeryData: (dashboard, scratchDir) => exportRequeryData(projectRoot, env, dashboard, compiled, scratchDir),
    close: async () => {},
  };
}
