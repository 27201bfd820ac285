import type { Command } from 'commander';
import { startBrowserMode, untilInterrupted } from '../../server/browser-mode.js';
import { UsageError } from '../exit-codes.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('open the Assay UI in a browser: served on 127.0.0.1 only, behind a random access token')
    .option('-p, --project <dir>', 'project folder (default: the example project, created under ASSAY_HOME)')
    .option('--port <n>', 'port to listen on; 0 picks a free one', parsePort, 0)
    .option('--no-open', 'print the URL without opening a browser')
    .action(async (opts: { project?: string; port: number; open: boolean }) => {
      const mode = await startBrowserMode({ project: opts.project, port: opts.port, open: opts.open }).catch((err: unknown) => {
        throw new UsageError(err instanceof Error ? err.message : String(err));
      });
      process.stdout.write('Press Ctrl+C to stop.\n');
      await untilInterrupted();
      await mode.stop();
    });
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a whole number from 0 to 65535, not '${value}'`);
  return port;
}
