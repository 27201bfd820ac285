import { mkdir, readdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { buildBranch } from '../../electron/core/build/build-branch.js';
import { openEngine } from '../../electron/core/engine/open-engine.js';
import { parseAsOf } from '../../electron/core/project/delivery-date.js';
import { benchRows, generateBenchProject } from './bench-project.js';
import { median, timed, type BenchResult } from './bench-result.js';

/**
 * The lake as of a delivery (issue 17) on the example at benchmark size: what the delivery date
 * column costs a source's snapshot (against the same files read into Parquet without it), an
 * as-of build against the branch's full build, and an as-of environment after a later delivery
 * lands (nothing to do) against a no-op build.
 */
export async function run(): Promise<BenchResult[]> {
  const root = await generateBenchProject();
  process.stderr.write(`bench project (${benchRows.toLocaleString('en-US')} rows): ${root}\n`);
  const months = (await readdir(path.join(root, 'lake'))).sort();
  const last = months.at(-1) as string;
  // The newest delivery lands later: set it aside, build as of the one before, then bring it back.
  const parked = path.join(root, 'parked');
  await mkdir(parked);
  await rename(path.join(root, 'lake', last), path.join(parked, last));
  const asOf = parseAsOf(months.at(-2) as string);

  const full = await timed(() => buildBranch({ projectRoot: root }));
  const asOfBuild = await timed(() => buildBranch({ projectRoot: root, asOf }));
  const reused = asOfBuild.value.target.nodes.filter((n) => n.status === 'reused').length;
  const results: BenchResult[] = [{
    scenario: `build --as-of ${asOf.text} (the same deliveries as the branch: every store file reused)`,
    ms: asOfBuild.ms,
    baseline: { name: "the branch's full build", ms: full.ms },
    goal: 'under a tenth of the full build',
    met: asOfBuild.ms <= full.ms / 10,
    extra: { reused, 'views made': asOfBuild.value.target.nodes.filter((n) => n.status === 'built').length },
  }];
  const half = parseAsOf(months[Math.floor(months.length / 2) - 1] as string);
  const halfBuild = await timed(() => buildBranch({ projectRoot: root, asOf: half }));
  results.push({
    scenario: `build --as-of ${half.text} (half of the deliveries: what reads the lake is built again)`,
    ms: halfBuild.ms,
    baseline: { name: "the branch's full build", ms: full.ms },
    goal: 'under the full build',
    met: halfBuild.ms < full.ms,
    extra: {
      reused: halfBuild.value.target.nodes.filter((n) => n.status === 'reused').length,
      built: halfBuild.value.target.nodes.filter((n) => n.status === 'built').length,
    },
  });

  await rename(path.join(parked, last), path.join(root, 'lake', last));
  const noop = await median(3, () => buildBranch({ projectRoot: root }), true);
  const untouched = await median(3, () => buildBranch({ projectRoot: root, asOf }));
  const status = (await buildBranch({ projectRoot: root, asOf })).target.status;
  results.push({
    scenario: `the as-of ${asOf.text} environment after the ${last} delivery landed (${status})`,
    ms: untouched,
    baseline: { name: 'a no-op build of the branch', ms: noop },
    goal: 'up to date, within 1.5x of a no-op build',
    met: status === 'up-to-date' && untouched <= noop * 1.5,
  });

  results.push(await deliveryColumnCost(root));
  return results;
}

/** The prescriptions source read into Parquet as the build snapshots it, with and without the delivery date column. */
async function deliveryColumnCost(root: string): Promise<BenchResult> {
  const engine = await openEngine({ path: ':memory:', readOnly: false, fileSearchPath: root });
  try {
    const conn = await engine.connect();
    const months = (await readdir(path.join(root, 'lake'))).sort();
    const files = months.map((m) => `'${path.join(root, 'lake', m, 'prescriptions.csv')}'`);
    const read = `read_csv([${files.join(', ')}], header = true)`;
    const values = files.map((f, i) => `(${f}, DATE '${months[i]}-01')`).join(', ');
    const dated = `(SELECT COLUMNS(c -> c NOT IN ('delivery_month', '__assay_file', '__assay_delivery')), __assay_delivery AS delivery_month FROM ${read} AS r JOIN (VALUES ${values}) AS d(__assay_file, __assay_delivery) ON r.filename = d.__assay_file)`;
    const copy = (from: string) => async () => {
      const done = await conn.query(`COPY (SELECT * FROM ${from}) TO '${path.join(root, 'snapshot.parquet')}' (FORMAT parquet)`);
      if (!done.ok) throw new Error(done.error);
    };
    const plain = await median(3, copy(read), true);
    const withDate = await median(3, copy(dated), true);
    await conn.close();
    return {
      scenario: `a source snapshot with its delivery date column (${files.length} deliveries)`,
      ms: withDate,
      baseline: { name: 'the same files into Parquet without it', ms: plain },
      goal: 'at most 1.2x',
      met: withDate <= plain * 1.2,
    };
  } finally {
    await engine.close();
  }
}
