import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BuildEvent } from '../../../../shared/build-types.js';
import type { DashboardPreview, PublishedDashboard, PublishedEngine, PublishManifest, PublishOutcome } from '../../../../shared/dashboard-types.js';
import { resolveBuildTarget } from '../../build/build-target.js';
import { compileProject } from '../../compile/compile-project.js';
import { assayPaths } from '../../env/assay-paths.js';
import { releaseCheck } from '../../release/release-check.js';
import { DashboardError, readDashboards, runnableDashboard } from '../dashboard-source.js';
import type { Dashboard } from '../dashboard.js';
import { bindNamedParameters } from '../sql-parameters.js';
import { writeDirAtomically } from './atomic-dir.js';
import { publishedPage, type PageRequery } from './published-page.js';
import { publishedCharts } from './published-vega-spec.js';
import { publishManifest, releaseRecord, type ReleaseRecord } from './publish-manifest.js';
import { PUBLISHED_SCRIPT } from './published-script.js';
import { browserElementSql, loadTableSql, type RequeryData, type RequeryTable } from './requery-data.js';
import { REQUERY_SCRIPT } from './requery-script.js';
import { duckDbScripts, type DuckDbScripts } from './duckdb-wasm-bundle.js';
import { formatBytes, type PublishStepListener } from './publish-progress.js';
import { ENGINE_DIR, engineScriptsFromPage, writeSharedEngine } from './shared-engine.js';
import { copyVegaScripts } from './vega-bundle.js';
import { localSource, type PublishSource } from './publish-source.js';
import { warehouseSource } from '../../warehouse/warehouse-publish-source.js';

export interface PublishOptions {
  projectRoot: string;
  /** One dashboard, or every dashboard of the project. */
  dashboard?: string;
  /** Where the folders go: `.assay/published` by default (git-ignored, so publishing leaves the tree clean). */
  outDir?: string;
  /** Each step, in words, as it starts. */
  onStep?: PublishStepListener;
  /** The release gate's builds and tests, node by node. */
  onEvent?: (event: BuildEvent) => void;
  /**
   * A warehouse target of the profile by name: the gate builds and tests there, the queries run on
   * that environment, and the pages show what the warehouse computed (see publish-from-warehouse.ts).
   */
  target?: string;
}

export function defaultPublishDir(projectRoot: string): string {
  return path.join(assayPaths(projectRoot).dir, 'published');
}

/**
 * Publishes the checked-out commit's dashboards, only on the release gate's go (clean tree,
 * every error-level test passing now, the dashboards' element tests among them, the sign-off
 * when required). Each dashboard becomes a folder written atomically: `index.html`, the Vega
 * builds, `dashboard.js` and `manifest.json`; with parameters, also the tables its queries read
 * (`data/`) and `requery.js`, which loads DuckDB-Wasm from the `assay-engine` folder beside it:
 * one compressed copy shared by the dashboards of the publish.
 */
export async function publishDashboards(options: PublishOptions): Promise<PublishOutcome> {
  const projectRoot = path.resolve(options.projectRoot);
  const outDir = path.resolve(options.outDir ?? defaultPublishDir(projectRoot));
  const step = options.onStep ?? (() => {});
  step({ step: 'read', message: 'reading the project and its dashboards, each chart checked against the Vega-Lite schema' });
  const { project, dashboards } = await readDashboards(projectRoot);
  const chosen = options.dashboard ? [runnableDashboard(dashboards, options.dashboard)] : dashboards.map((d) => runnableDashboard(dashboards, d.name));
  if (chosen.length === 0) throw new Error('the project has no dashboards to publish: add dashboards/<name>.yml');
  if (chosen.some((d) => d.name === ENGINE_DIR)) throw new DashboardError(`a dashboard cannot be named '${ENGINE_DIR}': the folder of that name holds the query engine the published dashboards share (rename dashboards/${ENGINE_DIR}.yml)`);
  step({ step: 'gate', message: 'checking the release gate: clean tree, tests on this commit, sign-off' });
  const verdict = await releaseCheck({ projectRoot, target: options.target, onEvent: options.onEvent });
  if (!verdict.go) return { published: false, outDir, dashboards: [], verdict };
  step({ step: 'gate', message: `the release gate says go for ${verdict.commit?.slice(0, 10) ?? '(no commit)'}` });

  const target = await resolveBuildTarget(projectRoot);
  const { compiled } = compileProject(project);
  const source = options.target ? await warehouseSource(projectRoot, options.target, compiled) : localSource(projectRoot, target.env, compiled);
  const record = { ...(await releaseRecord(projectRoot, verdict.commit, target.branch, target.env, source.reportFile)), target: options.target };
  try {
    return { published: true, outDir, dashboards: await publishFrom(source, chosen, { outDir, env: target.env, record, step }), verdict };
  } finally {
    await source.close();
  }
}

/** Runs the dashboards on the source and writes one folder each. */
async function publishFrom(source: PublishSource, chosen: Dashboard[], into: { outDir: string; env: string; record: ReleaseRecord; step: PublishStepListener }): Promise<PublishedDashboard[]> {
  const { outDir, record, step } = into;
  const previews = [];
  for (const dashboard of chosen) {
    step({ step: 'queries', dashboard: dashboard.name, message: `${dashboard.name}: running ${dashboard.elements.length} quer${dashboard.elements.length === 1 ? 'y' : 'ies'} on ${into.env}${source.on}` });
    previews.push(await source.preview(dashboard));
  }
  const publishedAt = new Date().toISOString();
  const published: PublishedDashboard[] = [];
  let engine: SharedEngine | null = null;
  for (const [i, preview] of previews.entries()) {
    const dashboard = chosen[i] as Dashboard;
    const dir = path.join(outDir, preview.name);
    let manifest: PublishManifest | undefined;
    await writeDirAtomically(dir, async (staging) => {
      if (dashboard.parameters.length > 0) step({ step: 'data', dashboard: dashboard.name, message: `${dashboard.name}: exporting the tables its queries read, for its controls` });
      const requery = await source.requeryData(dashboard, staging);
      if (requery.ok) engine ??= await sharedEngine(outDir, step);
      manifest = publishManifest(preview, record, publishedAt, requery, engine?.published ?? null);
      await copyVegaScripts(staging);
      await writeFile(path.join(staging, 'dashboard.js'), PUBLISHED_SCRIPT);
      if (requery.ok) {
        await writeRequeryData(staging, requery.tables);
        await writeFile(path.join(staging, 'requery.js'), REQUERY_SCRIPT);
      }
      await writeFile(path.join(staging, 'index.html'), publishedPage(preview, manifest, pageRequery(dashboard, preview, requery, engine), await publishedCharts(preview)));
      await writeFile(path.join(staging, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
      const data = requery.ok ? `, controls re-query ${formatBytes(requery.tables.reduce((n, t) => n + t.bytes.length, 0))} of data` : requery.reason ? `, values fixed: ${requery.reason}` : '';
      step({ step: 'written', dashboard: dashboard.name, message: `${dashboard.name}: written${data}` });
    });
    if (manifest) published.push({ name: preview.name, dir, manifest });
  }
  return published;
}

interface SharedEngine {
  published: PublishedEngine;
  scripts: DuckDbScripts;
}

/** The engine folder the re-querying dashboards share, written once per publish. */
async function sharedEngine(outDir: string, step: PublishStepListener): Promise<SharedEngine> {
  step({ step: 'engine', message: 'compressing the query engine (DuckDB-Wasm) for the dashboards\' controls' });
  const scripts = await duckDbScripts();
  const published = await writeSharedEngine(outDir, scripts);
  const total = published.files.reduce((n, f) => n + f.bytes, 0);
  step({ step: 'engine', message: `query engine DuckDB-Wasm ${scripts.version}: ${formatBytes(scripts.wasmBytes)} → ${formatBytes(scripts.wasmGzipBytes)} gzipped, ${formatBytes(total)} in ${path.join(outDir, ENGINE_DIR)}, shared by the dashboards` });
  return { published, scripts };
}

/** The exported tables, one `data/<n>.js` script each: `window.assayData[file]` is the file in base64. */
async function writeRequeryData(dir: string, tables: RequeryTable[]): Promise<void> {
  await mkdir(path.join(dir, 'data'));
  for (const table of tables) {
    const script = `(window.assayData = window.assayData || {})[${JSON.stringify(table.file)}] = "${table.bytes.toString('base64')}";\n`;
    await writeFile(path.join(dir, 'data', `${table.file}.js`), script);
  }
}

function pageRequery(dashboard: Dashboard, preview: DashboardPreview, requery: RequeryData, engine: SharedEngine | null): PageRequery {
  if (!requery.ok || !engine) return { enabled: false, reason: requery.ok ? 'the query engine was not written' : requery.reason };
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
      engine: engineScriptsFromPage(engine.scripts),
    },
  };
}
