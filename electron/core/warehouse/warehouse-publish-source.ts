import type { CompiledProject } from '../compile/compiled-project.js';
import type { PublishSource } from '../dashboards/publish/publish-source.js';
import { DEFAULT_ROW_CAP } from '../dashboards/run-element.js';
import { assayPaths } from '../env/assay-paths.js';
import { latestReportFile } from '../tests/latest-report.js';
import { PgWarehouse } from './postgres/pg-connection.js';
import { openWarehouseDashboards, previewOnWarehouse } from './postgres/pg-dashboards.js';
import { exportRequeryFromWarehouse } from './postgres/pg-requery-export.js';
import { describeTarget } from './postgres-target.js';

/**
 * A publish from the checked-out branch's environment on a warehouse target: the dashboards'
 * queries run there (compiled for the warehouse), and the tables a dashboard with controls reads
 * are exported from there for the page, which re-queries them in DuckDB-Wasm with the dashboard's
 * DuckDB SQL (`pageCompiled`): the same rows, the page's own engine.
 */
export async function warehouseSource(projectRoot: string, targetName: string, pageCompiled: CompiledProject): Promise<PublishSource> {
  const opened = await openWarehouseDashboards(projectRoot, undefined, targetName);
  const warehouse = await PgWarehouse.connect(opened.target);
  return {
    on: ` on ${describeTarget(opened.target)}`,
    reportFile: latestReportFile(assayPaths(projectRoot).reportsDir, opened.env, opened.target.name),
    preview: (dashboard) => previewOnWarehouse(opened, dashboard.name, {}, DEFAULT_ROW_CAP),
    requeryData: (dashboard) => exportRequeryFromWarehouse(warehouse, opened.compiled, pageCompiled, dashboard),
    close: async () => {
      await opened.close();
      await warehouse.close();
    },
  };
}
