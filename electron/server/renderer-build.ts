/**
 * The user interface is built by Vite into `dist/renderer/` the first time it is served (and again
 * whenever its sources are newer than that build), so a clean `npm ci` serves the UI without a
 * separate `npm run build`, and `npm ci` itself stays short. `assay serve` and `npm start` share it.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, rename, rm, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import type { Plugin } from 'vite';

export type RendererBuildState =
  | { state: 'fresh' }
  | { state: 'missing' }
  | { state: 'stale'; newestSource: string }
  | { state: 'no-sources' };

export interface RendererBuildOptions {
  /** Assay's own folder: `renderer/`, `shared/` and `vite.config.ts` are read from there. */
  root: string;
  /** Where the build goes; `dist/renderer` under root by default. */
  outDir?: string;
  /** One line per step: the start, progress every few seconds while it runs, the end. */
  log: (line: string) => void;
}

/** What the UI is built from: a change to any of these makes the build stale. */
function sourcesOf(root: string): string[] {
  return ['renderer', 'shared', 'vite.config.ts', 'package-lock.json'].map((name) => path.join(root, name));
}

/** Whether `outDir` holds a build at least as new as every source of the renderer. */
export async function rendererBuildState(root: string, outDir: string = path.join(root, 'dist', 'renderer')): Promise<RendererBuildState> {
  if (!existsSync(path.join(root, 'renderer'))) return { state: 'no-sources' };
  const built = await stat(path.join(outDir, 'index.html')).then((s) => s.mtimeMs, () => 0);
  if (built === 0) return { state: 'missing' };
  let newest = { time: 0, file: '' };
  for (const source of sourcesOf(root)) {
    const found = await newestFile(source);
    if (found.time > newest.time) newest = found;
  }
  return newest.time > built ? { state: 'stale', newestSource: path.relative(root, newest.file) } : { state: 'fresh' };
}

/**
 * Builds the renderer when its build is missing or older than its sources, printing progress, and
 * resolves once `outDir/index.html` is there. The build is written to a folder of its own beside
 * `outDir` and renamed into place when complete: a server started at the same time never serves a
 * half-written build, and two first serves at once each finish with a whole one.
 */
export async function ensureRendererBuilt(options: RendererBuildOptions): Promise<RendererBuildState> {
  const outDir = options.outDir ?? path.join(options.root, 'dist', 'renderer');
  const before = await rendererBuildState(options.root, outDir);
  if (before.state === 'fresh' || before.state === 'no-sources') return before;
  const started = Date.now();
  options.log(
    before.state === 'missing'
      ? 'Building the user interface (first run only; vite build, under a minute)…'
      : `Rebuilding the user interface: ${before.newestSource} is newer than the build (vite build)…`,
  );
  let vite: typeof import('vite');
  try {
    vite = await import('vite');
  } catch {
    throw new Error('cannot build the user interface: Vite is not installed (run `npm ci` in the Assay folder, without --omit=dev)');
  }
  const temp = `${outDir}.build-${process.pid}-${randomBytes(4).toString('hex')}`;
  const progress = new BuildProgress(options.log, started);
  try {
    await vite.build({
      configFile: path.join(options.root, 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir: temp, emptyOutDir: true },
      plugins: [progress.plugin()],
    });
    progress.stop();
    // Stamped with the time the build began: a source saved while it ran makes it stale again.
    const index = path.join(temp, 'index.html');
    await utimes(index, new Date(started), new Date(started));
    await replaceFolder(temp, outDir);
  } catch (err) {
    progress.stop();
    await rm(temp, { recursive: true, force: true });
    throw new Error(`cannot build the user interface: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  options.log(`Built the user interface in ${((Date.now() - started) / 1000).toFixed(1)} s (${outDir}).`);
  return before;
}

/** Puts `from` where `to` is, moving any previous folder aside first and removing it after. */
async function replaceFolder(from: string, to: string): Promise<void> {
  const aside = `${to}.old-${process.pid}-${randomBytes(4).toString('hex')}`;
  const hadOld = await rename(to, aside).then(() => true, (err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return false;
    throw err;
  });
  try {
    await rename(from, to);
  } catch (err) {
    // Another serve renamed its build in between: theirs is as good as ours.
    if ((err as NodeJS.ErrnoException).code !== 'ENOTEMPTY' && (err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    await rm(from, { recursive: true, force: true });
  }
  if (hadOld) await rm(aside, { recursive: true, force: true });
}

/**
 * Vite prints nothing at the `warn` level until it is done: say how far it got every few seconds
 * (on a timer, since some steps, such as minifying, transform no module for a long while).
 */
class BuildProgress {
  private modules = 0;
  private phase = 'transforming';
  private last = '';
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly log: (line: string) => void,
    private readonly started: number,
  ) {
    this.timer = setInterval(() => this.report(), 4000);
    this.timer.unref();
  }

  plugin(): Plugin {
    return {
      name: 'assay-build-progress',
      apply: 'build',
      transform: () => {
        this.modules++;
        return null;
      },
      renderStart: () => {
        this.phase = 'bundling and minifying';
        this.report();
      },
      generateBundle: () => {
        this.phase = 'writing';
      },
    };
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private report(): void {
    const seconds = ((Date.now() - this.started) / 1000).toFixed(0);
    const line = `  … ${this.phase}: ${this.modules} modules transformed (${seconds} s)`;
    if (line !== this.last) this.log(line);
    this.last = line;
  }
}

/** The newest modification time of a file or of any file below a folder; 0 when it does not exist. */
async function newestFile(target: string): Promise<{ time: number; file: string }> {
  const info = await stat(target).catch(() => null);
  if (!info) return { time: 0, file: target };
  if (!info.isDirectory()) return { time: info.mtimeMs, file: target };
  let newest = { time: info.mtimeMs, file: target };
  const entries = await readdir(target, { withFileTypes: true });
  for (const entry of entries) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const found = await newestFile(path.join(target, entry.name));
    if (found.time > newest.time) newest = found;
  }
  return newest;
}
