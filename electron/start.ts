/**
 * `npm start`: builds the renderer when its sources are newer than the build, then runs the Electron
 * app when Electron is installed, and browser mode on the example project when it is not (its
 * binary is downloaded on install, which needs the network).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { appRoot } from './core/workbench/app-root.js';
import { startBrowserMode, untilInterrupted } from './server/browser-mode.js';

const root = appRoot();
const rendererOut = path.join(root, 'dist', 'renderer');
const electronOut = path.join(root, 'dist', 'electron');

await ensureRendererBuilt();
const electron = await electronBinary();
if (electron) {
  await compileElectron();
  const child = spawn(electron, [path.join(electronOut, 'main.mjs'), ...process.argv.slice(2)], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  process.stdout.write('Electron is not installed here: starting browser mode instead.\n');
  const mode = await startBrowserMode({ project: process.argv[2], open: true });
  process.stdout.write('Press Ctrl+C to stop.\n');
  await untilInterrupted();
  await mode.stop();
}

async function ensureRendererBuilt(): Promise<void> {
  const index = path.join(rendererOut, 'index.html');
  const built = await stat(index).then((s) => s.mtimeMs, () => 0);
  const sources = Math.max(await newest(path.join(root, 'renderer')), await newest(path.join(root, 'shared')), await newest(path.join(root, 'vite.config.ts')));
  if (built > 0 && built >= sources) return;
  if (!existsSync(path.join(root, 'renderer'))) {
    process.stdout.write('There is no renderer/ folder to build yet; the UI page will say so.\n');
    return;
  }
  process.stdout.write('Building the user interface (vite build)…\n');
  const { build } = await import('vite');
  await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
}

/** The newest modification time of a file or of any file below a folder; 0 when it does not exist. */
async function newest(target: string): Promise<number> {
  const info = await stat(target).catch(() => null);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  const entries = await readdir(target, { withFileTypes: true });
  const times = await Promise.all(entries.filter((e) => e.name !== 'node_modules').map((e) => newest(path.join(target, e.name))));
  return Math.max(info.mtimeMs, ...times);
}

/** The `electron` package exports the path of its binary; it is absent (or binary-less) when the download failed. */
async function electronBinary(): Promise<string | null> {
  // A computed specifier: this is the npm package's binary path, not the Electron API the bootstrap imports.
  const specifier = 'electron';
  try {
    const mod = (await import(specifier)) as { default?: unknown };
    return typeof mod.default === 'string' && existsSync(mod.default) ? mod.default : null;
  } catch {
    return null;
  }
}

/** Bundles the bootstrap, the workbench process and the preload; the sandboxed preload must be one CommonJS file. */
async function compileElectron(): Promise<void> {
  const esbuild = await import('esbuild');
  const common = { bundle: true, platform: 'node' as const, target: 'node20', sourcemap: true, logLevel: 'warning' as const };
  await esbuild.build({
    ...common,
    entryPoints: { main: path.join(root, 'electron/main/main.ts'), 'workbench-process': path.join(root, 'electron/main/workbench-process.ts') },
    outdir: electronOut,
    outExtension: { '.js': '.mjs' },
    format: 'esm',
    packages: 'external',
  });
  await esbuild.build({
    ...common,
    entryPoints: [path.join(root, 'electron/preload/preload.ts')],
    outfile: path.join(electronOut, 'preload.cjs'),
    format: 'cjs',
    external: ['electron'],
    minify: true,
  });
}
