import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BuildEvent, BuildSummary } from '../../shared/build-types.js';
import { buildEnvironment } from '../../electron/core/build/build-environment.js';
import { openEngine } from '../../electron/core/engine/open-engine.js';
import { assayPaths } from '../../electron/core/env/assay-paths.js';
import { benchRows, generateBenchProject } from './bench-project.js';
import type { BenchResult } from './bench-result.js';

const MODEL = 'active_prescribers_by_date';
const ENV = 'bench';

/** 24 as-of dates over the example's year of data (the 1st and the 15th of each month), then a 25th. */
const asOfDates = Array.from({ length: 12 }, (_, m) => [1, 15].map((d) => `2024-${String(m + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`)).flat();
const added = '2025-01-01';

/** The example's active_prescribers_history, as of the dates a data file lists (adding one is new data, not new SQL). */
async function parametricModel(root: string): Promise<string> {
  const example = await readFile(path.join(root, 'models/marts/active_prescribers_history.sql'), 'utf8');
  const model = example
    .replace(/parameters=\{[^}]*\}/, "parameters={'as_of': 'select as_of from ' ~ source('bench', 'as_of_dates')}")
    .replaceAll("param('as_of_month')", "param('as_of')")
    .replaceAll('prescription_month', 'prescribed_date');
  if (!model.includes("source('bench', 'as_of_dates')") || model.includes('as_of_month')) throw new Error(`the example's model changed shape: the bench cannot derive its model from it:\n${example}`);
  return model;
}

/** The same result written by hand: one query joining the dates to the facts. */
const byHand = `SELECT d.as_of, count(DISTINCT f.customer_id) AS active_prescribers,
    count(DISTINCT f.customer_id) FILTER (WHERE f.is_launch_product) AS launch_prescribers, count(f.prescription_id) AS prescriptions
FROM read_csv('as_of_dates.csv') AS d
LEFT JOIN fact_prescriptions AS f ON f.prescribed_date > d.as_of - INTERVAL 3 MONTH AND f.prescribed_date <= d.as_of
GROUP BY d.as_of`;

interface Phases {
  node_ms: number;
  values_query_ms: number;
  values_ms: number;
  combine_ms: number;
  computed: number;
  kept: number;
}

/**
 * A parametric model over 24 as-of dates of the example at benchmark size, built alone with
 * `--full-refresh` (every value computed), against the same result written by hand as one query
 * joining the dates (written to Parquet as a build writes it), run on the same environment; then
 * the 25th date added to the data file, when only that value should be computed.
 */
export async function run(): Promise<BenchResult[]> {
  const root = await generateBenchProject();
  process.stderr.write(`bench project (${benchRows.toLocaleString('en-US')} rows): ${root}\n`);
  await mkdir(path.join(root, 'models/bench'), { recursive: true });
  await writeFile(path.join(root, 'as_of_dates.csv'), `as_of\n${asOfDates.join('\n')}\n`);
  await writeFile(path.join(root, 'models/bench/bench_sources.yml'), "sources:\n  - name: bench\n    tables:\n      - name: as_of_dates\n        meta: {external_location: 'as_of_dates.csv'}\n");
  await writeFile(path.join(root, `models/bench/${MODEL}.sql`), await parametricModel(root));
  const first = await build(root, {});
  process.stderr.write(`full build of the project: ${first.summary.ms} ms (${MODEL}: ${first.phases.node_ms} ms, ${first.phases.computed} values)\n`);

  const fullRuns: Phases[] = [];
  const handRuns: number[] = [];
  // Interleaved, so that the machine's load falls on both alike.
  for (let i = 0; i < 3; i++) {
    fullRuns.push((await build(root, { fullRefresh: true, select: [MODEL] })).phases);
    handRuns.push(await runByHand(root, i));
  }
  const full = medianBy(fullRuns, (p) => p.node_ms);
  const hand = [...handRuns].sort((a, b) => a - b)[1] as number;

  await appendFile(path.join(root, 'as_of_dates.csv'), `${added}\n`);
  const grown = (await build(root, {})).phases;
  const rows = `${benchRows.toLocaleString('en-US')} rows`;
  const phases = (p: Phases) => ({ values_query_ms: p.values_query_ms, values_ms: p.values_ms, combine_ms: p.combine_ms, computed: p.computed, kept: p.kept });
  return [
    {
      scenario: `parametric model, 24 as-of dates, every value computed (${rows})`, ms: full.node_ms,
      baseline: { name: 'the same result by hand, one query joining the dates', ms: hand },
      goal: 'within 2x of the hand-written query', met: full.node_ms <= 2 * hand,
      extra: { ...phases(full), 'ratio (parametric / by hand)': (full.node_ms / hand).toFixed(2) },
    },
    {
      scenario: `parametric model, the 25th date added (${rows})`, ms: grown.node_ms,
      baseline: { name: 'every value computed (above)', ms: full.node_ms },
      goal: 'only the new value computed, under a tenth of the full time', met: grown.computed === 1 && grown.node_ms < full.node_ms / 10,
      extra: { ...phases(grown), 'ratio (added / full)': (grown.node_ms / full.node_ms).toFixed(3) },
    },
  ];
}

async function build(root: string, options: { fullRefresh?: boolean; select?: string[] }): Promise<{ summary: BuildSummary; phases: Phases }> {
  const at: Record<string, number> = {};
  let computed = 0;
  let kept = 0;
  const onEvent = (e: BuildEvent) => {
    if (e.type !== 'node' || e.node !== MODEL) return;
    const now = performance.now();
    if (e.status === 'started' && !e.values) at.started = now;
    else if (e.values && e.values.value === undefined) at.planned = now;
    else if (e.values) {
      at.lastValue = now;
      computed = e.values.computed;
    } else at.done = now;
    if (e.values) kept = e.values.reused;
  };
  const summary = await buildEnvironment({ projectRoot: root, env: ENV, branch: null, commit: null, onEvent, ...options });
  const node = summary.nodes.find((n) => n.node === MODEL);
  if (summary.status !== 'ok' || node?.status !== 'built') throw new Error(`${MODEL} did not build: ${node?.status} ${node?.error ?? summary.errors.map((e) => e.message).join('; ')}`);
  const ms = (from?: number, to?: number) => (from !== undefined && to !== undefined ? Math.round(to - from) : 0);
  const planned = at.planned ?? at.done;
  return {
    summary,
    phases: { node_ms: node.ms ?? 0, values_query_ms: ms(at.started, planned), values_ms: ms(planned, at.lastValue ?? planned), combine_ms: ms(at.lastValue ?? planned, at.done), computed, kept },
  };
}

/** The hand-written query on the same environment, written to Parquet as a build writes a table; checked against the model's rows. */
async function runByHand(root: string, i: number): Promise<number> {
  const engine = await openEngine({ path: assayPaths(root).envFile(ENV), readOnly: true, fileSearchPath: root });
  const conn = await engine.connect();
  try {
    const out = path.join(assayPaths(root).storeDir, `bench-by-hand-${i}.parquet`);
    const started = performance.now();
    const written = await conn.query(`COPY (${byHand}) TO '${out}' (FORMAT parquet)`);
    const ms = performance.now() - started;
    if (!written.ok) throw new Error(written.error);
    const differ = await conn.query(`SELECT count(*) AS n FROM ((SELECT as_of, active_prescribers, launch_prescribers, prescriptions FROM ${MODEL} EXCEPT SELECT * FROM read_parquet('${out}')) UNION ALL (SELECT * FROM read_parquet('${out}') EXCEPT SELECT as_of, active_prescribers, launch_prescribers, prescriptions FROM ${MODEL}))`);
    if (!differ.ok || Number(differ.rows[0]?.n) !== 0) throw new Error(`the hand-written query and the parametric model disagree: ${differ.ok ? `${String(differ.rows[0]?.n)} rows` : differ.error}`);
    return ms;
  } finally {
    await conn.close();
    await engine.close();
  }
}

function medianBy<T>(items: T[], key: (item: T) => number): T {
  return [...items].sort((a, b) => key(a) - key(b))[Math.floor(items.length / 2)] as T;
}
