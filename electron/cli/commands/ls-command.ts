import path from 'node:path';
import type { Command } from 'commander';
import { resolveBuildTarget } from '../../core/build/build-target.js';
import { assayPaths } from '../../core/env/assay-paths.js';
import { readCatalog } from '../../core/env/catalog.js';
import { FileHashes } from '../../core/env/file-hashes.js';
import { fingerprintProject } from '../../core/env/fingerprint.js';
import { loadCompiled } from '../load-for-cli.js';

export function registerLs(program: Command): void {
  program
    .command('ls')
    .description('list nodes with kind, materialization, fingerprint and what the last build did')
    .option('-p, --project <dir>', 'project folder', '.')
    .option('--json', 'print JSON')
    .action(async (opts: { project: string; json?: boolean }) => {
      const root = path.resolve(opts.project);
      const { compiled } = await loadCompiled(root);
      const paths = assayPaths(root);
      const fingerprints = await fingerprintProject(compiled, await FileHashes.open(paths.fileHashes));
      const target = await resolveBuildTarget(root);
      const catalog = await readCatalog(paths.envFile(target.env));
      const rows = compiled.order.map((id) => {
        const node = compiled.nodes.get(id);
        const entry = catalog.state === 'ok' ? catalog.entries.get(id) : undefined;
        const fingerprint = fingerprints.get(id) ?? '';
        const last = !entry ? 'not built' : entry.fingerprint !== fingerprint ? `stale (${entry.status})` : entry.status === 'built' ? 'rebuilt' : entry.status;
        return { node: id, kind: node?.kind, materialization: node?.materialization, fingerprint: fingerprint.slice(0, 12), last_build: last };
      });
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ env: target.env, nodes: rows }, null, 2)}\n`);
        return;
      }
      const width = Math.max(...rows.map((r) => r.node.length), 4);
      process.stdout.write(`${'node'.padEnd(width)}  kind    materialization  fingerprint   last build (${target.env})\n`);
      for (const r of rows) {
        process.stdout.write(`${r.node.padEnd(width)}  ${String(r.kind).padEnd(6)}  ${String(r.materialization).padEnd(15)}  ${r.fingerprint}  ${r.last_build}\n`);
      }
    });
}
