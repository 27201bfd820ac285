import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DashboardPreview, PublishedDashboard, PublishManifest, PublishOutcome } from '../../../../shared/dashboard-types.js';
import { resolveBuildTarget } from '../../build/build-target.js';
import { compileProject } from '../../compile/compile-project.js';
import { assayPaths } from '../../env/assay-paths.js';
import { releaseCheck } from '../../release/release-check.js';
import { readDashboards, runnableDashboard } from '../dashboard-source.js';
import type { Dashboard } from '../dashboard.js';
import { previewDashboard } from '../preview-dashboard.js';
import { bindNamedParameters } from '../sql-parameters.js';
import { writeDirAtomically } from './atomic-dir.js';
import { publishedPage, type PageRequery } from './published-page.js';
import { publishManifest, releaseRecord } from './publish-manifest.js';
import { PUBLISHED_SCRIPT } from './published-script.js';
import { browserElementSql, exportRequeryData, loadTableSql, type RequeryData, type RequeryTable } from './requery-data.js';
import { REQUERY_SCRIPT } from './requery-script.js';
import { duckDbScripts, writeDuckDbScripts, type DuckDbScripts } from './duckdb-wasm-bundle.js';
import { copyVegaScripts } from './vega-bundle.js';

export interface PublishOptions {
  projectRoot: string;
  /** One dashboard, or every dashboard of the project. */
  dashboard?: string;
  /** Where the folders go: `.assay/published` by default (git-ignored, so publishing leaves the tree clean). */
  outDir?: string;
}

export function defaultPublishDir(projectRoot: string): string {
  return path.join(assayPaths(projectRoot).dir, 'published');
}

/**
 * Publishes the checked-out commit's dashboards, only on the release gate's go (clean tree,
 * every error-level test passing now, the dashboards' element tests among them, the sign-off
 * when required). Each dashboard becomes a folder written atomically: `index.html`, the Vega
 * builds, `dashboard.js` and `manifest.json`; with parameters, also DuckDB-Wasm, the tables its
 * queries read (`data/`) and `requery.js`.
 */
export async function publishDashboards(options: PublishOptions): Promise<PublishOutcome> {
  const projectRoot = path.resolve(options.projectRoot);
  const outDir = path.resolve(options.outDir ?? defaultPublishDir(projectRoot));
  const { project, dashboards } = await readDashboards(projectRoot);
  const chosen = options.dashboard ? [runnableDashboard(dashboards, options.dashboard)] : dashboards.map((d) => runnableDashboard(dashboards, d.name));
  if (chosen.length === 0) throw new Error('the project has no dashboards to publish: add dashboards/<name>.yml');
  const verdict = await releaseCheck({ projectRoot });
  if (!verdict.go) return { published: false, outDir, dashboards: [], verdict };

  const target = await resolveBuildTarget(projectRoot);
  const record = await releaseRecord(projectRoot, verdict.commit, target.branch, target.env);
  const previews = [];
  for (const dashboard of chosen) previews.push(await previewDashboard({ projectRoot, env: target.env, dashboard }));
  const publishedAt = new Date().toISOString();
  const published: PublishedDashboard[] = [];
  const { compiled } = compileProject(project);
  let duckdb: DuckDbScripts | null = null;
  for (const [i, preview] of previews.entries()) {
    const dashboard = chosen[i] as Dashboard;
    const dir = path.join(outDir, preview.name);
    let manifest: PublishManifest | undefined;
    await writeDirAtomically(dir, async (staging) => {
      const requery = await exportRequeryData(projectRoot, target.env, dashboard, compiled, staging);
      manifest = publishManifest(preview, record, publishedAt, requery);
      await copyVegaScripts(staging);
      await writeFile(path.join(staging, 'dashboard.js'), PUBLISHED_SCRIPT);
      if (requery.ok) {
        duckdb ??= await duckDbScripts();
        await writeDuckDbScripts(staging, duckdb);
        await writeRequeryData(staging, requery.tables);
        await writeFile(path.join(staging, 'requery.js'), REQUERY_SCRIPT);
      }
      await writeFile(path.join(staging, 'index.html'), publishedPage(preview, manifest, pageRequery(dashboard, preview, requery)));
      await writeFile(path.join(staging, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    });
    if (manifest) published.push({ name: preview.name, dir, manifest });
  }
  return { published: true, outDir, dashboards: published, verdict };
}

/** The exported tables, one `data/<n>.js` script each: `window.assayData[file]` is the file in base64. */
async function writeRequeryData(dir: string, tables: RequeryTable[]): Promise<void> {
  await mkdir(path.join(dir, 'data'));
  for (const table of tables) {
    const script = `(window.assayData = window.assayData || {})[${JSON.stringify(table.file)}] = "${table.bytes.toString('base64')}";\n`;
    await writeFile(path.join(dir, 'data', `${table.file}.js`), script);
  }
}

function pageRequery(dashboard: Dashboard, preview: DashboardPreview, requery: RequeryData): PageRequery {
  if (!requery.ok) return { enabled: false, reason: requery.reason };
  const elements = dashboard.elements.flatMap((element) => {
    const result = preview.elements.find((e) => e.name === element.name);
    if (!result || result.error) return [];
    const bound = bindNamedParameters(element.sql);
    return [{ name: element.name, sql: browserElementSql(bound.sql, result.columns, preview.rowCap), names: bound.names }];
  });
  return {
    enabled: true,
    payload: {
      tables: requery.tables.map((t) => ({ file: t.file, load: loadTableSql(t) })),
      elements,
      parameters: preview.parameters,
      rowCap: preview.rowCap,
      dataScripts: requery.tables.map((t) => `data/${t.file}.js`),
    },
  };
}
