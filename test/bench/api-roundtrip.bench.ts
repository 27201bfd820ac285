import { createServer, request, Agent } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compileProject } from '../../electron/core/compile/compile-project.js';
import { loadProject } from '../../electron/core/project/load-project.js';
import { ensureExampleProject } from '../../electron/core/workbench/example-project.js';
import { Workbench } from '../../electron/core/workbench/workbench.js';
import { startServer } from '../../electron/server/start-server.js';
import { median, timed, type BenchResult } from './bench-result.js';

const RUNS = 200;

/**
 * Browser mode's cost: a `projectState` round trip over HTTP against a bare HTTP request to a no-op
 * handler and against the same call made in-process; and `assay serve` from start to the lineage
 * answered, against loading and compiling the project alone.
 */
export async function run(): Promise<BenchResult[]> {
  const home = await mkdtemp(path.join(tmpdir(), 'assay-bench-home-'));
  const project = await ensureExampleProject({ home });
  const agent = new Agent({ keepAlive: true });
  const results: BenchResult[] = [];
  try {
    const startup = await timed(async () => {
      // As `assay serve` runs it: watching the folder, which lets git state be cached between changes.
      const workbench = new Workbench({ home, autoBuild: false });
      const opened = await workbench.dispatch('openProject', { dir: project });
      if (!opened.ok) throw new Error(opened.error);
      const server = await startServer({ workbench });
      await post(agent, server.port, 'projectState', server.token);
      return { workbench, server };
    });
    const { workbench, server } = startup.value;
    const compileOnly = await median(5, async () => {
      const loaded = await loadProject(project);
      if (loaded.ok) compileProject(loaded.project);
    });
    results.push({
      scenario: '`assay serve` start to the lineage answered (projectState over HTTP)',
      ms: startup.ms,
      baseline: { name: 'loading and compiling the project alone', ms: compileOnly },
      goal: 'under 1 s',
      met: startup.ms < 1000,
    });

    const build = await workbench.dispatch('startBuild', {});
    if (!build.ok) throw new Error(build.error);
    const bare = await bareServer();
    // Interleaved, so that load from other processes on a shared machine hits every series alike.
    const series = await interleaved(RUNS, {
      bare: () => post(agent, bare.port, 'noop', ''),
      http: () => post(agent, server.port, 'projectState', server.token),
      inProcess: () => workbench.dispatch('projectState', {}),
      trivialHttp: () => post(agent, server.port, 'recentProjects', server.token),
    });
    const overhead = series.http - series.inProcess;
    process.stderr.write(`projectState: ${series.http.toFixed(2)} ms over HTTP, ${series.inProcess.toFixed(2)} ms in-process; bare request ${series.bare.toFixed(2)} ms; ratio ${(series.http / series.bare).toFixed(1)}x\n`);
    results.push({
      scenario: `projectState round trip over HTTP (median of ${RUNS}, built example project)`,
      ms: series.http,
      baseline: { name: 'bare HTTP request to a no-op handler', ms: series.bare },
      goal: 'the server adds under 5 ms to the in-process call',
      met: overhead < 5,
      extra: { inProcessMs: series.inProcess.toFixed(2), serverOverheadMs: overhead.toFixed(2), bareMs: series.bare.toFixed(3) },
    });
    results.push({
      scenario: `recentProjects round trip over HTTP (the transport alone, median of ${RUNS})`,
      ms: series.trivialHttp,
      baseline: { name: 'bare HTTP request to a no-op handler', ms: series.bare },
      goal: 'within 1 ms of the bare request',
      met: series.trivialHttp - series.bare < 1,
      extra: { ms: series.trivialHttp.toFixed(3), bareMs: series.bare.toFixed(3), ratio: (series.trivialHttp / series.bare).toFixed(1) },
    });
    await bare.close();
    await server.close();
    await workbench.close();
  } finally {
    agent.destroy();
    await rm(home, { recursive: true, force: true });
  }
  return results;
}

async function interleaved<K extends string>(runs: number, fns: Record<K, () => Promise<unknown>>): Promise<Record<K, number>> {
  const names = Object.keys(fns) as K[];
  const times = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<K, number[]>;
  for (const name of names) await fns[name]();
  for (let i = 0; i < runs; i++) {
    for (const name of names) times[name].push((await timed(fns[name])).ms);
  }
  const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  return Object.fromEntries(names.map((n) => [n, mid(times[n])])) as Record<K, number>;
}

function post(agent: Agent, port: number, operation: string, token: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, agent, method: 'POST', path: `/api/${operation}`, headers: { 'content-type': 'application/json', 'x-assay-token': token } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks).toString('utf8')) : reject(new Error(`HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end('{}');
  });
}

async function bareServer(): Promise<{ port: number; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end('{"ok":true,"value":null}'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
