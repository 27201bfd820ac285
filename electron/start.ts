/**
 * `npm start`: builds the renderer when its sources are newer than the build, then runs the Electron
 * app when Electron is installed, and browser mode on the example project when it is not (its
 * binary is downloaded on install, which needs the network).
 */
import './core/engine/query-thread-pool.js';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { appRoot } from './core/workbench/app-root.js';
import { startBrowserMode, untilInterrupted } from './server/browser-mode.js';
import { ensureRendererBuilt } from './server/renderer-build.js';

const root = appRoot();
const electronOut = path.join(root, 'dist', 'electron');

await ensureRendererBuilt({ root, log: (line) => process.stdout.write(`${line}\n`) });
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
