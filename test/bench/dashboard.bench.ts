import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { DashboardPreview } from '../../shared/dashboard-types.js';
import { buildBranch } from '../../electron/core/build/build-branch.js';
import { withEnvironment } from '../../electron/core/env/environment-reader.js';
import { Workbench } from '../../electron/core/workbench/workbench.js';
import { benchRows, generateBenchProject } from './bench-project.js';
import { median, timed, type BenchResult } from './bench-result.js';

/** The raw-rows baseline holds every row as a JS object: beyond this many it is measured on a sample and scaled. */
const BASELINE_SAMPLE = 1_000_000;

const fromFact = "from {{ ref('fact_prescriptions') }} as f join {{ ref('dim_product') }} as p using (product_id)";
const elements: { name: string; query: string; spec: string; raw: Record<string, unknown> }[] = [
  {
    name: 'customers_per_month', query: `select f.prescription_month as month, count(distinct f.customer_id) as customers ${fromFact} group by all`,
    spec: '{mark: line, encoding: {x: {field: month, type: temporal}, y: {field: customers, type: quantitative}}}',
    raw: { mark: 'line', encoding: { x: { field: 'month', type: 'temporal' }, y: { aggregate: 'distinct', field: 'customer_id', type: 'quantitative' } } },
  },
  {
    name: 'prescriptions_by_brand', query: `select f.prescription_month as month, p.brand, count(*) as prescriptions ${fromFact} group by all`,
    spec: '{mark: bar, encoding: {x: {field: month, type: ordinal}, y: {field: prescriptions, type: quantitative}, color: {field: brand, type: nominal}}}',
    raw: { mark: 'bar', encoding: { x: { field: 'month', type: 'ordinal' }, y: { aggregate: 'count', type: 'quantitative' }, color: { field: 'brand', type: 'nominal' } } },
  },
  {
    name: 'sales_per_month', query: `select f.prescription_month as month, sum(f.net_sales) as sales ${fromFact} group by all`,
    spec: '{mark: bar, encoding: {x: {field: month, type: ordinal}, y: {field: sales, type: quantitative}}}',
    raw: { mark: 'bar', encoding: { x: { field: 'month', type: 'ordinal' }, y: { aggregate: 'sum', field: 'net_sales', type: 'quantitative' } } },
  },
  {
    name: 'packs_by_brand', query: `select p.brand, sum(f.quantity) as packs ${fromFact} group by all`,
    spec: '{mark: bar, encoding: {x: {field: brand, type: nominal}, y: {field: packs, type: quantitative}}}',
    raw: { mark: 'bar', encoding: { x: { field: 'brand', type: 'nominal' }, y: { aggregate: 'sum', field: 'quantity', type: 'quantitative' } } },
  },
  {
    name: 'top_customers', query: `select f.customer_id, count(*) as n ${fromFact} group by all order by n desc limit 20`,
    spec: '{mark: bar, encoding: {x: {field: customer_id, type: nominal, sort: -y}, y: {field: n, type: quantitative}}}',
    raw: {
      transform: [{ aggregate: [{ op: 'count', as: 'n' }], groupby: ['customer_id'] }, { window: [{ op: 'row_number', as: 'rank' }], sort: [{ field: 'n', order: 'descending' }] }, { filter: 'datum.rank <= 20' }],
      mark: 'bar', encoding: { x: { field: 'customer_id', type: 'nominal' }, y: { field: 'n', type: 'quantitative' } },
    },
  },
  {
    name: 'launch_share', query: `select f.prescription_month as month, sum(f.net_sales) filter (where f.is_launch_product) / sum(f.net_sales) as share ${fromFact} group by all`,
    spec: '{mark: line, encoding: {x: {field: month, type: temporal}, y: {field: share, type: quantitative}}}',
    raw: {
      transform: [
        { calculate: 'datum.is_launch_product ? datum.net_sales : 0', as: 'launch' },
        { aggregate: [{ op: 'sum', field: 'net_sales', as: 'sales' }, { op: 'sum', field: 'launch', as: 'launch' }], groupby: ['month'] },
        { calculate: 'datum.launch / datum.sales', as: 'share' },
      ],
      mark: 'line', encoding: { x: { field: 'month', type: 'temporal' }, y: { field: 'share', type: 'quantitative' } },
    },
  },
];

/**
 * A six-element dashboard over the fact table: every element's data ready in the renderer (the
 * previewDashboard operation, warm, and its JSON as it crosses to the renderer), against handing
 * the raw rows to Vega-Lite and letting it aggregate (query, JSON both ways, six Vega dataflows).
 */
export async function run(): Promise<BenchResult[]> {
  const root = await generateBenchProject();
  process.stderr.write(`bench project (${benchRows.toLocaleString('en-US')} rows): ${root}\n`);
  await writeFile(path.join(root, 'dashboards', 'bench.yml'), dashboardYaml());
  const built = await buildBranch({ projectRoot: root });
  if (built.target.status !== 'ok') throw new Error(`the bench project did not build (${built.target.status})`);

  const home = await mkdtemp(path.join(tmpdir(), 'assay-bench-home-'));
  const workbench = new Workbench({ home, watch: false, autoBuild: false });
  const opened = await workbench.dispatch('openProject', { dir: root });
  if (!opened.ok) throw new Error(opened.error);
  let bytes = 0;
  const preview = async () => {
    const result = await workbench.dispatch('previewDashboard', { name: 'bench', params: {} });
    if (!result.ok) throw new Error(result.error);
    const json = JSON.stringify(result.value);
    bytes = Buffer.byteLength(json);
    const received = JSON.parse(json) as DashboardPreview;
    const failed = received.elements.filter((e) => e.error);
    if (failed.length > 0) throw new Error(`bench dashboard element failed: ${failed.map((e) => `${e.name}: ${e.error}`).join('; ')}`);
  };
  const assayMs = await median(5, preview, true);
  await workbench.close();

  const sample = Math.min(benchRows, BASELINE_SAMPLE);
  const raw = await timed(() => rawRowsToVega(root, sample));
  const scale = benchRows / sample;
  const baselineMs = raw.ms * scale;
  const rawBytes = raw.value * scale;
  await Promise.all([root, home].map((dir) => rm(dir, { recursive: true, force: true })));
  process.stderr.write(`dashboard: ${assayMs.toFixed(0)} ms, ${bytes} bytes; raw rows to Vega-Lite: ${raw.ms.toFixed(0)} ms and ${raw.value} bytes for ${sample} rows (x${scale.toFixed(1)})\n`);
  return [{
    scenario: `six-element dashboard over ${benchRows.toLocaleString('en-US')} prescriptions: every element's data ready (warm, median of 5)`,
    ms: assayMs,
    baseline: { name: `raw rows handed to Vega-Lite to aggregate${scale > 1 ? ` (measured on ${sample.toLocaleString('en-US')} rows, scaled x${scale.toFixed(1)})` : ''}`, ms: baselineMs },
    goal: 'at least 20x faster, under 1 MB sent to the renderer',
    met: baselineMs / assayMs >= 20 && bytes < 1_000_000,
    extra: { bytesSent: bytes, rawBytes: Math.round(rawBytes), rawMeasuredMs: Math.round(raw.ms), sampleRows: sample },
  }];
}

function dashboardYaml(): string {
  const items = elements.map((e) => `  - name: ${e.name}\n    query: "${e.query}"\n    spec: ${e.spec}\n`);
  return `title: Bench\nlayout: {columns: 3}\nelements:\n${items.join('')}`;
}

/** What the renderer would do without SQL aggregation: fetch the rows, parse them, and run six Vega dataflows over them. */
async function rawRowsToVega(root: string, rows: number): Promise<number> {
  const sql = `select f.prescription_month as month, f.customer_id, p.brand, f.quantity, f.net_sales, f.is_launch_product
    from fact_prescriptions as f join dim_product as p using (product_id) limit ${rows}`;
  const json = await withEnvironment(root, 'main', async ({ conn }) => {
    const result = await conn.query(sql);
    if (!result.ok) throw new Error(result.error);
    return JSON.stringify(result.rows);
  });
  const values = JSON.parse(json) as object[];
  for (const element of elements) {
    const spec = { ...element.raw, data: { name: 'table' } } as unknown as TopLevelSpec;
    const view = new View(parse(compile(spec).spec), { renderer: 'none' });
    view.data('table', values);
    await view.runAsync();
    view.finalize();
  }
  return Buffer.byteLength(json);
}
