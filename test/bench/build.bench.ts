import { execFile } from 'node:child_process';
import { appendFile, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildBranch } from '../../electron/core/build/build-branch.js';
import { compileProject } from '../../electron/core/compile/compile-project.js';
import { openEngine } from '../../electron/core/engine/open-engine.js';
import { loadProject } from '../../electron/core/project/load-project.js';
import { checkoutBranch, checkoutNewBranch, commitAll } from '../helpers/git-repo.js';
import { benchRows, generateBenchProject, leafModels, repoRoot } from './bench-project.js';
import { timed, type BenchResult } from './bench-result.js';
import { parametricRuns } from './parametric-baseline.js';

const exec = promisify(execFile);

/**
 * The core build at benchmark size: a full build against the same SQL run straight in DuckDB;
 * a branch environment after one leaf model changed against a full rebuild; and `assay build`
 * with nothing to do against the bare CLI start-up.
 */
export async function run(): Promise<BenchResult[]> {
  const root = await generateBenchProject();
  process.stderr.write(`bench project (${benchRows.toLocaleString('en-US')} rows): ${root}\n`);
  const results: BenchResult[] = [];

  const bare = await timed(() => bareDuckDbBuild(root));
  const phases: [string, number][] = [];
  const started = performance.now();
  const full = await timed(() => buildBranch({ projectRoot: root, onEvent: (e) => e.type === 'phase' && phases.push([e.phase, performance.now() - started]) }));
  printPhases(bare.value, full.value.target.nodes, full.ms, phases);
  results.push({
    scenario: 'full build of the example project',
    ms: full.ms,
    baseline: { name: 'the same SQL straight into one DuckDB file', ms: bare.ms },
    goal: 'within 1.5x of plain DuckDB',
    met: full.ms <= bare.ms * 1.5,
    extra: { status: full.value.target.status },
  });

  // Every leaf model in turn, each on its own branch from main: the heavy aggregate a dashboard
  // reads as well as the cheap dimensions. The ceiling is what no tool can beat: the full rebuild
  // over the time of the changed model's own query.
  const leaves = await leafModels(root);
  const rebuild = await timed(() => buildBranch({ projectRoot: root, fullRefresh: true }));
  for (const leaf of leaves) {
    await checkoutNewBranch(root, `feature/${leaf.name}`);
    await appendFile(path.join(root, leaf.file), '\n-- reviewed\n');
    await commitAll(root, `touch ${leaf.name}`);
    const branch = await timed(() => buildBranch({ projectRoot: root }));
    const built = branch.value.target.nodes.filter((n) => n.status === 'built');
    const ownMs = built.reduce((sum, n) => sum + (n.ms ?? 0), 0);
    results.push({
      scenario: `branch environment after one leaf model changed (${leaf.name})`,
      ms: branch.ms,
      baseline: { name: 'full rebuild', ms: rebuild.ms },
      goal: 'at least 10x faster',
      met: rebuild.ms / branch.ms >= 10,
      extra: {
        rebuilt: built.map((n) => n.node).join('+') || 'none',
        'its own query ms': ownMs,
        'assay overhead ms': Math.round(branch.ms - ownMs),
        ceiling: `${(rebuild.ms / Math.max(ownMs, 1)).toFixed(1)}x`,
      },
    });
    await checkoutBranch(root, 'main');
  }

  const cli = path.join(repoRoot, 'bin/assay.js');
  const startup = await timed(() => exec('node', [cli, '--version']));
  const noop = await timed(() => exec('node', [cli, 'build', '--project', root]));
  results.push({
    scenario: '`assay build` with nothing to do (wall, whole process)',
    ms: noop.ms,
    baseline: { name: '`assay --version` (CLI start-up)', ms: startup.ms },
    goal: 'under 1 s',
    met: noop.ms < 1000,
    extra: { said: noop.value.stderr.trim().split('\n').pop() ?? '' },
  });
  await rm(root, { recursive: true, force: true });
  return results;
}

/** Where the full build's time goes, node by node, beside the same node's SQL straight into DuckDB. */
function printPhases(bare: Map<string, number>, nodes: { node: string; ms?: number; status: string }[], totalMs: number, phases: [string, number][]): void {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  log(`full build, phases (ms since it started): ${phases.map(([phase, at]) => `${phase} ${Math.round(at)}`).join(', ')}, end ${Math.round(totalMs)}`);
  log('full build, node by node (ms): Assay (query, Parquet file, its record) | the same SQL straight into DuckDB');
  let nodesMs = 0;
  for (const node of nodes) {
    nodesMs += node.ms ?? 0;
    log(`  ${node.node.padEnd(40)} ${String(Math.round(node.ms ?? 0)).padStart(7)} | ${String(Math.round(bare.get(node.node) ?? 0)).padStart(7)}`);
  }
  const bareMs = [...bare.values()].reduce((sum, ms) => sum + ms, 0);
  log(`  ${'all nodes (summed; they run two at a time)'.padEnd(40)} ${String(Math.round(nodesMs)).padStart(7)} | ${String(Math.round(bareMs)).padStart(7)}`);
  log(`  ${'whole build, wall'.padEnd(40)} ${String(Math.round(totalMs)).padStart(7)} |`);
}

/** What a hand-written script would do: every model as a table or view in one DuckDB file, no fingerprints, no store. Answers each node's ms. */
async function bareDuckDbBuild(root: string): Promise<Map<string, number>> {
  const took = new Map<string, number>();
  const loaded = await loadProject(root);
  if (!loaded.ok) throw new Error('bench project does not load');
  const { compiled } = compileProject(loaded.project);
  const file = path.join(root, '.assay', 'bare.duckdb');
  await mkdir(path.dirname(file), { recursive: true });
  await rm(file, { force: true });
  const engine = await openEngine({ path: file, fileSearchPath: root });
  const conn = await engine.connect();
  for (const id of compiled.order) {
    const node = compiled.nodes.get(id);
    if (!node || node.kind === 'source' || node.materialization === 'ephemeral') continue;
    const select = node.kind === 'seed' ? `SELECT * FROM read_csv('${path.join(root, node.source.location.file)}', header = true)` : (node.sql ?? '');
    const kind = node.materialization === 'view' ? 'VIEW' : 'TABLE';
    const parametric = await parametricRuns(conn, node, select);
    // A parametric model: one table, its SQL run for each value in turn.
    const statements = parametric
      ? parametric.values.map((value, i) => ({ sql: i === 0 ? `CREATE OR REPLACE TABLE ${node.relation} AS ${parametric.sql}` : `INSERT INTO ${node.relation} ${parametric.sql}`, params: [value] }))
      : [{ sql: `CREATE OR REPLACE ${kind} ${node.relation} AS ${select}`, params: [] }];
    const started = performance.now();
    for (const statement of statements) {
      const result = await conn.query(statement.sql, statement.params);
      if (!result.ok) throw new Error(`${id}: ${result.error}`);
    }
    took.set(id, performance.now() - started);
  }
  await conn.close();
  await engine.close();
  return took;
}
