import { execFile } from 'node:child_process';
import { appendFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildBranch } from '../../electron/core/build/build-branch.js';
import { buildOnWarehouse } from '../../electron/core/warehouse/postgres/pg-build.js';
import { copyProject } from '../../fixtures/generate/copy-project.js';
import { checkoutBranch, checkoutNewBranch, commitAll } from '../helpers/git-repo.js';
import { profilesYml, startPostgres } from '../helpers/postgres-server.js';
import { benchRows, generateBenchProject, leafModels, repoRoot } from './bench-project.js';
import { timed, type BenchResult } from './bench-result.js';

const exec = promisify(execFile);
const portable = path.join(repoRoot, 'fixtures/pharma-launch-portable');

/**
 * The portable example at benchmark size on a local PostgreSQL, beside the same scenarios on
 * DuckDB: a branch environment after one leaf model changed against a full rebuild (goal 10x, as
 * on DuckDB), and `assay build` with nothing to do (goal under 1 s, whole process).
 */
export async function run(): Promise<BenchResult[]> {
  const started = await startPostgres();
  if (!started.ok) {
    process.stderr.write(`warehouse bench skipped: ${started.reason}\n`);
    return [];
  }
  const { server } = started;
  try {
    const db = await server.createDatabase('warehouse_bench');
    const root = await portableBenchProject(profilesYml({ profile: 'pharma_launch_portable', connection: db, defaultTarget: 'local', outputs: { local: { type: 'duckdb' } }, threads: 2 }));
    process.stderr.write(`bench project (${benchRows.toLocaleString('en-US')} rows, portable models): ${root}; PostgreSQL ${server.host}:${server.port}\n`);
    const results: BenchResult[] = [];
    const engines = [
      { name: 'PostgreSQL', build: async (fullRefresh?: boolean) => statusOf((await buildOnWarehouse({ projectRoot: root, target: 'pg', fullRefresh })).summary), cliTarget: ['--target', 'pg'] },
      { name: 'DuckDB', build: async (fullRefresh?: boolean) => statusOf((await buildBranch({ projectRoot: root, fullRefresh })).target), cliTarget: [] },
    ];
    for (const engine of engines) {
      const first = await timed(() => engine.build());
      process.stderr.write(`${engine.name}: first build (loads the lake) ${first.ms.toFixed(0)} ms, ${first.value.status}\n`);
      const rebuild = await timed(() => engine.build(true));
      for (const leaf of await leafModels(root)) {
        await checkoutNewBranch(root, `${engine.name.toLowerCase()}/${leaf.name}`);
        await appendFile(path.join(root, leaf.file), '\n-- reviewed\n');
        await commitAll(root, `touch ${leaf.name}`);
        const branch = await timed(() => engine.build());
        results.push({
          scenario: `${engine.name}: branch environment after one leaf model changed (${leaf.name})`,
          ms: branch.ms,
          baseline: { name: `full rebuild on ${engine.name}`, ms: rebuild.ms },
          goal: 'at least 10x faster',
          met: rebuild.ms / branch.ms >= 10,
          extra: { status: branch.value.status, built: branch.value.built, reused: branch.value.reused },
        });
        await checkoutBranch(root, 'main');
      }
      const cli = path.join(repoRoot, 'bin/assay.js');
      // Main as the CLI sees it first (a branch build may have rebuilt main from a worktree), then the measured no-op.
      await exec('node', [cli, 'build', '--project', root, ...engine.cliTarget]);
      const startup = await timed(() => exec('node', [cli, '--version']));
      const noop = await timed(() => exec('node', [cli, 'build', '--project', root, ...engine.cliTarget]));
      results.push({
        scenario: `${engine.name}: \`assay build\` with nothing to do (wall, whole process)`,
        ms: noop.ms,
        baseline: { name: '`assay --version` (CLI start-up)', ms: startup.ms },
        goal: 'under 1 s',
        met: noop.ms < 1000,
        extra: { said: noop.value.stderr.trim().split('\n').pop() ?? '' },
      });
    }
    await rm(root, { recursive: true, force: true });
    return results;
  } finally {
    await server.stop();
  }
}

/** The generated example's lake at benchmark size under the portable variant's models. */
async function portableBenchProject(profiles: string): Promise<string> {
  const root = await generateBenchProject();
  for (const entry of ['models', 'macros', 'tests', 'dashboards', 'seeds', 'dbt_project.yml']) await rm(path.join(root, entry), { recursive: true, force: true });
  await copyProject(portable, root);
  await writeFile(path.join(root, 'profiles.yml'), profiles);
  await commitAll(root, 'the portable variant of the example');
  return root;
}

function statusOf(summary: { status: string; nodes: { status: string }[] }) {
  const count = (status: string) => summary.nodes.filter((n) => n.status === status).length;
  return { status: summary.status, built: count('built'), reused: count('reused') };
}
