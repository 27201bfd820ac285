#!/usr/bin/env node
// The `assay` command. It runs a bundle of the TypeScript CLI, rebuilt with esbuild whenever a
// source file is newer than it: starting through tsx costs most of a second, which `assay build`
// with nothing to do cannot afford. The bundle is split into chunks, so that what a command loads
// only when it needs it (DuckDB-Wasm, the publisher) is not loaded by every command.
import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const distDir = path.join(root, 'dist');
/** How many bundles to keep: a long-running `assay serve` may still load chunks of an older one. */
const KEEP = 3;

function newestSource() {
  let newest = 0;
  for (const dir of ['electron', 'shared']) {
    for (const file of readdirSync(path.join(root, dir), { recursive: true })) {
      if (String(file).endsWith('.ts')) newest = Math.max(newest, statSync(path.join(root, dir, String(file))).mtimeMs);
    }
  }
  return Math.floor(newest);
}

function exists(file) {
  try {
    statSync(file);
    return true;
  } catch {
    return false;
  }
}

// One folder per version of the sources, made whole in a temporary folder and renamed into place:
// processes started at once (a test suite) never see a half-written bundle, and the first rename wins.
const bundleDir = path.join(distDir, `cli-${newestSource()}`);
const bundle = path.join(bundleDir, 'assay.mjs');
if (!exists(bundle)) {
  const esbuild = await import('esbuild');
  mkdirSync(distDir, { recursive: true });
  const temp = `${bundleDir}.${process.pid}.tmp`;
  await esbuild.build({
    entryPoints: { assay: path.join(root, 'electron', 'cli', 'main.ts') },
    outdir: temp,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });
  try {
    renameSync(temp, bundleDir);
  } catch {
    rmSync(temp, { recursive: true, force: true });
  }
  const older = readdirSync(distDir).filter((name) => /^cli-\d+$/.test(name)).sort((a, b) => Number(b.slice(4)) - Number(a.slice(4)));
  for (const name of older.slice(KEEP)) rmSync(path.join(distDir, name), { recursive: true, force: true });
}
await import(pathToFileURL(bundle).href);
